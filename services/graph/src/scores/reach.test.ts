import { describe, expect, it } from 'vitest';
import { readAdvogato, readBitcoinOtc } from '../../../../tests/fixtures/trust-datasets.ts';
import type { NetworkRecords } from '../engine/projection-source.ts';
import { TrustProjection } from '../engine/projection.ts';
import { buildHopGraph } from './hop-graph.ts';
import { standardError } from './hyper-log-log.ts';
import { ReachCounter } from './reach.ts';
import { estimateReach } from './reach-sketches.ts';

const NOW_MS = Date.UTC(2025, 0, 1);
const SAMPLE = 1000;
const PRECISION = 8;

/** A seeded generator (mulberry32), so the sampled people are the same on every run. */
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
 * Breadth-first search over the projection's public hop lists with plain Sets: people within
 * `maxHops` usable hops, opted-out people reached but never passed through.
 */
function bfsReach(projection: TrustProjection, start: number, maxHops: number): number {
  const seen = new Set([start]);
  let frontier = [start];
  for (let depth = 0; depth < maxHops; depth++) {
    const next: number[] = [];
    for (const person of frontier) {
      if (person !== start && projection.isOptedOut(person)) {
        continue;
      }

      const hops = projection.hopsOf(person);
      for (let slot = hops.start; slot < hops.end; slot++) {
        const target = hops.targets[slot] ?? 0;
        if (!seen.has(target)) {
          seen.add(target);
          next.push(target);
        }
      }
    }
    frontier = next;
  }

  return seen.size - 1;
}

function samplePeople(projection: TrustProjection, seed: number): number[] {
  const random = createRandom(seed);

  return Array.from({ length: SAMPLE }, () => Math.floor(random() * projection.personSlots));
}

/** Opts every twentieth person out, so the checks cover people who are never passed through. */
function withOptOuts(records: NetworkRecords): NetworkRecords {
  return {
    ...records,
    people: records.people.map((person, at) => ({ ...person, optedOut: at % 20 === 0 })),
  };
}

for (const [name, read] of [
  ['bitcoin-otc', () => readBitcoinOtc()],
  ['advogato', () => readAdvogato(NOW_MS)],
] as const) {
  describe(`reach on ${name}`, () => {
    const projection = TrustProjection.fromNetwork(withOptOuts(read()), { nowMs: NOW_MS });
    const graph = buildHopGraph(projection);

    it('counts reach2 exactly as a breadth-first search does, for 1,000 random people', () => {
      const counter = new ReachCounter(graph);
      const people = samplePeople(projection, 7);

      const mismatches = people.filter(
        (person) => counter.count(person, 2) !== bfsReach(projection, person, 2),
      );

      expect(mismatches).toEqual([]);
    });

    it('estimates reach3 within 3 standard errors for at least 99% of 1,000 random people', async () => {
      const people = samplePeople(projection, 11);
      const bound = 3 * standardError(PRECISION);

      const estimates = await estimateReach(graph, 3, { precision: PRECISION });
      const violations = people.filter((person) => {
        const exact = bfsReach(projection, person, 3);

        return Math.abs((estimates[person] ?? 0) - exact) > bound * Math.max(exact, 1);
      });

      // A normal error exceeds 3σ for 0.27% of people; allow 1% for the sample's own noise.
      expect(violations.length / people.length).toBeLessThanOrEqual(0.01);
    });
  });
}

describe('estimateReach', () => {
  it('is exact on a tiny graph, where every person lands in a register of their own', async () => {
    // A–B–C–D in a line, B opted out: B is reached from A and C but never passed through, so
    // A reaches only B, B reaches A, C, D, C reaches B and D, D reaches C and B.
    const tie = (fromId: string, toId: string) => ({
      fromId,
      toId,
      strength: 0.9,
      context: 'FRIEND' as const,
      lastInteractionAt: NOW_MS,
    });
    const records: NetworkRecords = {
      people: [{ id: 'A' }, { id: 'B', optedOut: true }, { id: 'C' }, { id: 'D' }],
      businesses: [],
      trust: [tie('A', 'B'), tie('B', 'C'), tie('C', 'D')],
      roles: [],
    };
    const projection = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });
    const graph = buildHopGraph(projection);

    const estimates = await estimateReach(graph, 3, { precision: PRECISION });
    const exact = new ReachCounter(graph);

    expect(['A', 'B', 'C', 'D'].map((id) => estimates[projection.personIndex(id)])).toEqual([
      1, 3, 2, 2,
    ]);
    expect(['A', 'B', 'C', 'D'].map((id) => exact.count(projection.personIndex(id), 3))).toEqual([
      1, 3, 2, 2,
    ]);
  });
});
