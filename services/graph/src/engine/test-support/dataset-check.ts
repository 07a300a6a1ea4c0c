import { expect } from 'vitest';
import type { IntroPathQuery } from '../../domain/intro-path.ts';
import { createReferenceGraph, findIntroPathsExhaustively } from '../exhaustive-search.ts';
import type { NetworkRecords } from '../projection-source.ts';
import { TrustProjection } from '../projection.ts';
import { findIntroPaths } from '../search.ts';

export const NOW_MS = Date.UTC(2025, 0, 1);
const PAIRS = 1000;

/** A small seeded generator (mulberry32), so the sampled pairs are the same on every run. */
function createRandom(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Half the pairs are uniform, half end a short random walk from the start so most have paths.
 * maxHops is 3 for most pairs and 4 for a share of them: the exhaustive reference enumerates every
 * simple path, which is too slow at 5-6 hops on these graphs (the random small networks of the
 * property tests cover 5 and 6 hops).
 */
function sampleQueries(
  projection: TrustProjection,
  records: NetworkRecords,
  seed: number,
  fourHopShare: number,
): IntroPathQuery[] {
  const random = createRandom(seed);
  const pick = (count: number): number => Math.floor(random() * count);
  const queries: IntroPathQuery[] = [];
  while (queries.length < PAIRS) {
    const fromId = records.people[pick(records.people.length)]?.id ?? '';
    let toId = records.people[pick(records.people.length)]?.id ?? '';
    if (random() < 0.5) {
      let at = projection.personIndex(fromId);
      for (let step = 1 + pick(4); step > 0; step--) {
        const hops = projection.hopsOf(at);
        at =
          hops.end > hops.start
            ? (hops.targets[hops.start + pick(hops.end - hops.start)] ?? at)
            : at;
      }

      toId = projection.personId(at);
    }

    const maxHops = random() < fourHopShare ? 4 : 3;
    queries.push({ fromId, toId, maxHops, first: 1 + pick(10), diverse: random() < 0.5 });
  }

  return queries;
}

/**
 * Builds a projection from the records, samples 1,000 seeded queries and expects the engine to
 * answer each exactly as the exhaustive reference read from the same records does.
 */
export function expectDatasetMatchesReference(
  records: NetworkRecords,
  seed: number,
  fourHopShare: number,
): void {
  const projection = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });
  const reference = createReferenceGraph(records, { nowMs: NOW_MS });

  let found = 0;
  for (const query of sampleQueries(projection, records, seed, fourHopShare)) {
    const expected = findIntroPathsExhaustively(reference, query);
    expect(findIntroPaths(projection, query), JSON.stringify(query)).toEqual(expected);
    expect(findIntroPaths(projection, query, { backwardBudget: 0 })).toEqual(expected);
    found += expected.length > 0 ? 1 : 0;
  }

  expect(found).toBeGreaterThan(PAIRS / 3);
}
