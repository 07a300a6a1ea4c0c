import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import type { GraphChange } from '../domain/graph-change.ts';
import type { ProjectionProgress, ProjectionSource } from './projection-source.ts';
import { TrustProjection } from './projection.ts';
import { findIntroPaths } from './search.ts';
import { createSmallNetwork, NOW_MS, projectSmallNetwork } from './test-support/small-networks.ts';

const base = {
  people: ['a', 'b', 'c'],
  businesses: ['shop'],
  ties: [
    { from: 'a', to: 'b', strength: 0.8 },
    { from: 'b', to: 'c', strength: 0.5 },
  ],
  roles: [['c', 'shop', 'OWNS']] as [string, string, 'OWNS'][],
};

function trustSet(fromId: string, toId: string, strength: number, distrust = false): GraphChange {
  return {
    version: 7,
    type: 'TRUST_SET',
    fromId,
    toId,
    toKind: toId === 'shop' ? 'BUSINESS' : 'PERSON',
    strength,
    distrust,
    context: 'FRIEND',
    lastInteractionAtMs: NOW_MS,
  };
}

function warmest(projection: TrustProjection, fromId: string, toId: string): number | undefined {
  return findIntroPaths(projection, { fromId, toId, maxHops: 6, first: 1, diverse: true })[0]
    ?.warmth;
}

describe('TrustProjection', () => {
  it('loads from a batched source, reporting progress and skipping unknown nodes', async () => {
    const network = createSmallNetwork({
      ...base,
      ties: [...base.ties, { from: 'a', to: 'ghost' }],
    });
    const batches = <T>(items: readonly T[]): AsyncIterable<readonly T[]> =>
      (async function* () {
        yield items.slice(0, 1);
        await Promise.resolve();
        yield items.slice(1);
      })();
    const source: ProjectionSource = {
      people: () => batches(network.people.map((person) => ({ id: person.id, optedOut: false }))),
      businesses: () => batches(network.businesses),
      ties: () =>
        batches(
          network.trust.map((tie) => ({ ...tie, distrust: false, lastInteractionAtMs: NOW_MS })),
        ),
      roles: () => batches(network.roles),
    };
    const progress: ProjectionProgress[] = [];

    const projection = await TrustProjection.build(source, {
      nowMs: NOW_MS,
      onProgress: (p) => progress.push(p),
    });

    expect(projection.checksum()).toBe(
      TrustProjection.fromNetwork(network, { nowMs: NOW_MS }).checksum(),
    );
    expect(progress.at(-1)).toEqual({ people: 3, businesses: 1, ties: 2, roles: 1, skipped: 1 });
    expect(projection.counts()).toEqual({ people: 3, businesses: 1, ties: 2 });
  });

  it('applies trust changes to both ends of a hop at once', () => {
    const projection = projectSmallNetwork(base);

    projection.apply(trustSet('c', 'a', 1));
    expect(warmest(projection, 'a', 'c')).toBe(1);
    expect(projection.version).toBe(7);

    projection.apply(trustSet('b', 'a', 0, true));
    expect(warmest(projection, 'a', 'b')).toBe(0.5);
    expect(
      findIntroPaths(projection, { fromId: 'a', toId: 'b', maxHops: 1, first: 1, diverse: true }),
    ).toEqual([]);

    projection.apply({ version: 8, type: 'TRUST_REMOVED', fromId: 'c', toId: 'a' });
    expect(warmest(projection, 'a', 'c')).toBeUndefined();
  });

  it('applies opt-outs, roles, new people and deletions immediately', () => {
    const projection = projectSmallNetwork(base);

    projection.apply({ version: 2, type: 'PERSON_UPSERTED', personId: 'b', optedOut: true });
    expect(warmest(projection, 'a', 'c')).toBeUndefined();
    projection.apply({ version: 3, type: 'PERSON_UPSERTED', personId: 'b', optedOut: false });
    expect(warmest(projection, 'a', 'shop')).toBe(Math.fround(0.8) * 0.5);

    projection.apply({
      version: 4,
      type: 'ROLE_REMOVED',
      personId: 'c',
      businessId: 'shop',
      role: 'OWNS',
    });
    expect(warmest(projection, 'a', 'shop')).toBeUndefined();
    projection.apply({
      version: 5,
      type: 'ROLE_SET',
      personId: 'b',
      businessId: 'shop',
      role: 'WORKS_AT',
    });
    expect(warmest(projection, 'a', 'shop')).toBe(Math.fround(0.8));

    projection.apply({ version: 6, type: 'PERSON_UPSERTED', personId: 'd', optedOut: false });
    projection.apply(trustSet('d', 'a', 1));
    expect(warmest(projection, 'd', 'shop')).toBe(Math.fround(0.8));

    projection.apply({ version: 7, type: 'PERSON_DELETED', personId: 'a' });
    expect(() => warmest(projection, 'a', 'c')).toThrow(PersonNotFoundError);
    expect(warmest(projection, 'd', 'shop')).toBeUndefined();
    expect(projection.counts()).toEqual({ people: 3, businesses: 1, ties: 1 });
  });

  it('matches a rebuilt projection after changes and after compaction', () => {
    const projection = projectSmallNetwork(base);
    const changes: GraphChange[] = [
      { version: 1, type: 'BUSINESS_UPSERTED', businessId: 'cafe' },
      trustSet('a', 'c', 0.3),
      trustSet('c', 'shop', 0.9),
      { version: 2, type: 'PERSON_DELETED', personId: 'b' },
    ];
    const rebuilt = projectSmallNetwork({
      people: ['a', 'c'],
      businesses: ['shop', 'cafe'],
      ties: [
        { from: 'a', to: 'c', strength: 0.3 },
        { from: 'c', to: 'shop', strength: 0.9 },
      ],
      roles: base.roles,
    });

    changes.forEach((change) => projection.apply(change));
    const live = projection.checksum();
    projection.compact();

    expect(live).toBe(rebuilt.checksum());
    expect(projection.checksum()).toBe(rebuilt.checksum());
    expect(projection.overlaySize).toBe(0);
    expect(projection.memoryBytes()).toBeGreaterThan(0);
  });

  it('rejects changes it cannot apply', () => {
    const projection = projectSmallNetwork(base);

    expect(() => projection.apply({ version: 1, type: 'GRAPH_RELOADED' })).toThrow(
      InvalidArgumentError,
    );
    expect(() => projection.apply(trustSet('ghost', 'a', 1))).toThrow(PersonNotFoundError);
    expect(() => projection.apply(trustSet('a', 'ghost', 1))).toThrow(NodeNotFoundError);
    expect(() =>
      projection.apply({ version: 1, type: 'PERSON_DELETED', personId: 'ghost' }),
    ).not.toThrow();
  });
});
