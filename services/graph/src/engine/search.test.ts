import { describe, expect, it } from 'vitest';
import {
  HopLimitExceededError,
  InvalidArgumentError,
  NodeNotFoundError,
  PersonNotFoundError,
  SearchTimeoutError,
} from '../domain/errors.ts';
import { pathNodeIds, type IntroPath, type IntroPathQuery } from '../domain/intro-path.ts';
import { findIntroPathsExhaustively } from './exhaustive-search.ts';
import type { TrustProjection } from './projection.ts';
import { findIntroPaths, type SearchStats } from './search.ts';
import { DAY_MS, NOW_MS, projectSmallNetwork } from './test-support/small-networks.ts';

function query(
  fromId: string,
  toId: string,
  overrides: Partial<IntroPathQuery> = {},
): IntroPathQuery {
  return { fromId, toId, maxHops: 6, first: 10, diverse: false, ...overrides };
}

/** Runs the engine, checks it against the exhaustive reference, and returns the answer. */
function search(projection: TrustProjection, q: IntroPathQuery): IntroPath[] {
  const paths = findIntroPaths(projection, q);
  expect(paths).toEqual(findIntroPathsExhaustively(projection, q));

  return paths;
}

const routes = (paths: readonly IntroPath[]): string[] =>
  paths.map((path) => pathNodeIds(path).join('>'));

describe('findIntroPaths', () => {
  it('orders equal warmth by fewer hops, then by ids', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'b', 'c', 't'],
      ties: [
        { from: 'a', to: 't', strength: 0.5 },
        { from: 'a', to: 'c', strength: 1 },
        { from: 'c', to: 't', strength: 0.5 },
        { from: 'a', to: 'b', strength: 0.5 },
        { from: 'b', to: 't', strength: 1 },
      ],
    });

    const paths = search(projection, query('a', 't'));

    expect(routes(paths)).toEqual(['a>t', 'a>b>t', 'a>c>t']);
    expect(paths.map((path) => path.warmth)).toEqual([0.5, 0.5, 0.5]);
  });

  it('ignores a hop distrusted in either direction', () => {
    const forward = projectSmallNetwork({
      people: ['a', 'b', 't'],
      ties: [
        { from: 'a', to: 'b', distrust: true, strength: 0 },
        { from: 'b', to: 'a', strength: 0.9 },
        { from: 'b', to: 't' },
      ],
    });
    const backward = projectSmallNetwork({
      people: ['a', 'b', 't'],
      ties: [
        { from: 'a', to: 'b', strength: 0.9 },
        { from: 'b', to: 'a', distrust: true, strength: 0 },
        { from: 'b', to: 't' },
      ],
    });

    expect(search(forward, query('a', 't'))).toEqual([]);
    expect(search(backward, query('a', 't'))).toEqual([]);
  });

  it('never passes through an opted-out person but lets the ends opt out', () => {
    const projection = projectSmallNetwork({
      people: ['a-', 'm-', 'x', 't-'],
      ties: [
        { from: 'a', to: 'm' },
        { from: 'm', to: 't' },
        { from: 'a', to: 'x', strength: 0.5 },
        { from: 'x', to: 't', strength: 0.5 },
      ],
    });

    expect(routes(search(projection, query('a', 't')))).toEqual(['a>x>t']);
    expect(routes(search(projection, query('a', 'm')))).toEqual(['a>m']);
  });

  it('reaches a business through its owner, staff or a customer who trusts it', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'owner', 'staff', 'fan', 'critic'],
      businesses: ['shop'],
      ties: [
        { from: 'a', to: 'owner', strength: 0.5 },
        { from: 'a', to: 'staff', strength: 0.6 },
        { from: 'a', to: 'fan', strength: 0.9 },
        { from: 'a', to: 'critic', strength: 1 },
        { from: 'fan', to: 'shop', strength: 0.8, context: 'CUSTOMER' },
        { from: 'critic', to: 'shop', distrust: true, strength: 0 },
        { from: 'owner', to: 'shop', strength: 1 },
      ],
      roles: [
        ['owner', 'shop', 'OWNS'],
        ['staff', 'shop', 'WORKS_AT'],
      ],
    });

    const paths = search(projection, query('a', 'shop'));

    expect(routes(paths)).toEqual(['a>fan>shop', 'a>staff>shop', 'a>owner>shop']);
    expect(paths.map((path) => path.hops[1]?.kind)).toEqual(['TRUSTS', 'WORKS_AT', 'OWNS']);
    expect(paths[0]?.hops[1]).toMatchObject({
      toKind: 'BUSINESS',
      context: 'CUSTOMER',
      lastInteractionAtMs: NOW_MS,
    });
    expect(paths[2]?.hops[1]).toMatchObject({
      strength: 1,
      context: null,
      lastInteractionAtMs: null,
    });
  });

  it('does not end at a business through an opted-out owner unless the owner is asking', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'owner-'],
      businesses: ['shop'],
      ties: [{ from: 'a', to: 'owner' }],
      roles: [['owner', 'shop', 'OWNS']],
    });

    expect(search(projection, query('a', 'shop'))).toEqual([]);
    expect(routes(search(projection, query('owner', 'shop')))).toEqual(['owner>shop']);
  });

  it('finds a path of exactly maxHops hops and none needing one more', () => {
    const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const projection = projectSmallNetwork({
      people,
      ties: people.slice(1).map((id, i) => ({ from: people[i] ?? '', to: id })),
    });

    expect(routes(search(projection, query('p0', 'p6', { maxHops: 6 })))).toEqual([
      'p0>p1>p2>p3>p4>p5>p6',
    ]);
    expect(search(projection, query('p0', 'p6', { maxHops: 5 }))).toEqual([]);
    expect(routes(search(projection, query('p0', 'p3', { maxHops: 3 })))).toEqual(['p0>p1>p2>p3']);
  });

  it('keeps one path per first contact when diverse, and the raw top paths otherwise', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'b', 'c', 'd', 't'],
      ties: [
        { from: 'a', to: 'b', strength: 0.9 },
        { from: 'b', to: 't', strength: 0.9 },
        { from: 'b', to: 'd', strength: 0.9 },
        { from: 'd', to: 't', strength: 0.9 },
        { from: 'a', to: 'c', strength: 0.5 },
        { from: 'c', to: 't', strength: 0.5 },
      ],
    });

    const raw = search(projection, query('a', 't', { first: 3 }));
    const diverse = search(projection, query('a', 't', { first: 3, diverse: true }));

    expect(routes(raw)).toEqual(['a>b>t', 'a>b>d>t', 'a>c>t']);
    expect(routes(diverse)).toEqual(['a>b>t', 'a>c>t']);
  });

  it('cools a tie by the time since the last interaction', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'old', 'new', 't'],
      ties: [
        { from: 'a', to: 'old', strength: 1, ageDays: 365 },
        { from: 'old', to: 't' },
        { from: 'a', to: 'new', strength: 0.7 },
        { from: 'new', to: 't' },
      ],
    });

    const paths = search(projection, query('a', 't'));

    expect(routes(paths)).toEqual(['a>old>t', 'a>new>t']);
    expect(paths[0]?.warmth).toBe(0.75);
    expect(paths[0]?.hops[0]?.lastInteractionAtMs).toBe(NOW_MS - 365 * DAY_MS);
  });

  it('explains a mutual hop with the warmer direction and the latest interaction', () => {
    const projection = projectSmallNetwork({
      people: ['a', 't'],
      ties: [
        { from: 'a', to: 't', strength: 0.4, context: 'CLUB', ageDays: 10 },
        { from: 't', to: 'a', strength: 0.5, context: 'FAMILY', ageDays: 0 },
      ],
    });

    const [path] = search(projection, query('a', 't'));

    expect(path?.hops[0]).toMatchObject({
      direction: 'MUTUAL',
      context: 'FAMILY',
      lastInteractionAtMs: NOW_MS,
    });
    expect(path?.hops[0]?.strength).toBe(
      Math.fround(1 - (1 - 0.4 * (0.5 + 0.5 * 0.5 ** (10 / 365))) * 0.5),
    );
  });

  it('keeps the best path through a contact when a warmer partial path cannot be completed', () => {
    const projection = projectSmallNetwork({
      people: ['s', 'c', 'a', 'b', 'v', 't'],
      ties: [
        { from: 's', to: 'c', strength: 1 },
        { from: 'c', to: 'a', strength: 0.9 },
        { from: 'a', to: 'v', strength: 0.9 },
        { from: 'c', to: 'b', strength: 0.5 },
        { from: 'b', to: 'v', strength: 0.5 },
        { from: 'v', to: 't', strength: 0.2 },
        { from: 'a', to: 't', strength: 0.1 },
      ],
    });

    const paths = search(projection, query('s', 't', { diverse: true, first: 3 }));

    expect(routes(paths)).toEqual(['s>c>a>v>t']);
  });

  it('keeps equally warm paths through one contact apart by ids when diverse', () => {
    const projection = projectSmallNetwork({
      people: ['s', 'c', 'x2', 'x1', 'v', 't'],
      ties: [
        { from: 's', to: 'c', strength: 1 },
        { from: 'c', to: 'x2', strength: 0.5 },
        { from: 'x2', to: 'v', strength: 0.5 },
        { from: 'c', to: 'x1', strength: 0.5 },
        { from: 'x1', to: 'v', strength: 0.5 },
        { from: 'v', to: 't', strength: 0.5 },
      ],
    });

    const paths = search(projection, query('s', 't', { diverse: true, first: 3 }));

    expect(routes(paths)).toEqual(['s>c>x1>v>t']);
  });

  it('returns no path for the same person and rejects bad arguments', () => {
    const projection = projectSmallNetwork({
      people: ['a', 'b'],
      businesses: ['shop'],
      ties: [{ from: 'a', to: 'b' }],
    });

    expect(findIntroPaths(projection, query('a', 'a'))).toEqual([]);
    expect(() => findIntroPaths(projection, query('a', 'b', { maxHops: 0 }))).toThrow(
      HopLimitExceededError,
    );
    expect(() => findIntroPaths(projection, query('a', 'b', { maxHops: 7 }))).toThrow(
      HopLimitExceededError,
    );
    expect(() => findIntroPaths(projection, query('a', 'b', { first: 0 }))).toThrow(
      InvalidArgumentError,
    );
    expect(() => findIntroPaths(projection, query('a', 'b', { first: 11 }))).toThrow(
      InvalidArgumentError,
    );
    expect(() => findIntroPaths(projection, query('shop', 'b'))).toThrow(PersonNotFoundError);
    expect(() => findIntroPaths(projection, query('nobody', 'b'))).toThrow(PersonNotFoundError);
    expect(() => findIntroPaths(projection, query('a', 'nobody'))).toThrow(NodeNotFoundError);
  });

  it('stops with SearchTimeoutError past maxExpansions and records its counters', () => {
    const people = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const ties = people.flatMap((from, i) =>
      people.slice(i + 1).map((to, j) => ({ from, to, strength: 0.3 + ((i * 7 + j) % 7) / 10 })),
    );
    const projection = projectSmallNetwork({ people, ties });
    const stats = {} as SearchStats;

    findIntroPaths(projection, query('p0', 'p29', { first: 10 }), { stats });

    expect(stats.expansions).toBeGreaterThan(0);
    expect(stats.relationshipsScanned).toBeGreaterThan(0);
    expect(() =>
      findIntroPaths(projection, query('p0', 'p29'), { maxExpansions: 10, backwardBudget: 0 }),
    ).toThrow(SearchTimeoutError);
  });
});
