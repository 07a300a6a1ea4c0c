import { describe, expect, it } from 'vitest';
import { readAdvogato, readBitcoinOtc } from '../../../../tests/fixtures/trust-datasets.ts';
import type { NetworkRecords } from '../engine/projection-source.ts';
import { TrustProjection } from '../engine/projection.ts';
import {
  buildTrustMatrix,
  computePageRank,
  computePageRankPausing,
  computePercentiles,
} from './page-rank.ts';

const NOW_MS = Date.UTC(2025, 0, 1);

/**
 * Textbook power iteration over plain Maps, written independently of the implementation: every
 * person starts at 1/N; each step hands (1 − d)/N to everyone, d × rank × strength share along
 * each usable tie, and spreads the rank of people who trust nobody over everyone.
 */
function referencePageRank(records: NetworkRecords): Map<string, number> {
  const people = records.people.map((person) => person.id);
  const out = new Map<string, Map<string, number>>();
  for (const tie of records.trust) {
    if (tie.distrust || !(tie.strength > 0) || tie.fromId === tie.toId) {
      continue;
    }

    const targets = out.get(tie.fromId) ?? new Map<string, number>();
    targets.set(tie.toId, tie.strength);
    out.set(tie.fromId, targets);
  }

  const n = people.length;
  let rank = new Map(people.map((id) => [id, 1 / n]));
  for (let iteration = 0; iteration < 20; iteration++) {
    let danglingRank = 0;
    for (const id of people) {
      if (!out.has(id)) {
        danglingRank += rank.get(id) ?? 0;
      }
    }

    const next = new Map(people.map((id) => [id, 0.15 / n + (0.85 * danglingRank) / n]));
    for (const [from, targets] of out) {
      const total = [...targets.values()].reduce((sum, strength) => sum + strength, 0);
      for (const [to, strength] of targets) {
        next.set(to, (next.get(to) ?? 0) + (0.85 * (rank.get(from) ?? 0) * strength) / total);
      }
    }

    let change = 0;
    for (const id of people) {
      change += Math.abs((next.get(id) ?? 0) - (rank.get(id) ?? 0));
    }
    rank = next;
    if (change < 1e-9) {
      break;
    }
  }

  return rank;
}

function l1Distance(records: NetworkRecords): { l1: number; sum: number } {
  const projection = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });
  const result = computePageRank(buildTrustMatrix(projection));
  const reference = referencePageRank(records);
  let l1 = 0;
  for (const [id, expected] of reference) {
    l1 += Math.abs((result.ranks[projection.personIndex(id)] ?? 0) - expected);
  }

  return { l1, sum: result.ranks.reduce((sum, rank) => sum + rank, 0) };
}

describe('computePageRank', () => {
  it('agrees with the textbook reference within 1e-6 (L1) on bitcoin-otc', () => {
    const { l1, sum } = l1Distance(readBitcoinOtc());

    expect(l1).toBeLessThan(1e-6);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('agrees with the textbook reference within 1e-6 (L1) on advogato', () => {
    const { l1, sum } = l1Distance(readAdvogato(NOW_MS));

    expect(l1).toBeLessThan(1e-6);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('gives a person nobody trusts exactly (1 − d)/N when nobody is dangling', () => {
    // P→Q→R→P is a ring and S trusts P and Q: S gets only the teleport share, 0.15/4.
    const tie = (fromId: string, toId: string, strength: number) => ({
      fromId,
      toId,
      strength,
      context: 'FRIEND' as const,
      lastInteractionAt: NOW_MS,
    });
    const records: NetworkRecords = {
      people: ['P', 'Q', 'R', 'S'].map((id) => ({ id })),
      businesses: [],
      trust: [
        tie('P', 'Q', 1),
        tie('Q', 'R', 1),
        tie('R', 'P', 1),
        tie('S', 'P', 0.5),
        tie('S', 'Q', 0.5),
      ],
      roles: [],
    };
    const projection = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });

    const { ranks } = computePageRank(buildTrustMatrix(projection));

    expect(ranks[projection.personIndex('S')]).toBeCloseTo(0.0375, 12);
    expect(ranks.reduce((sum, rank) => sum + rank, 0)).toBeCloseTo(1, 12);
  });

  it('ignores distrust and loses dangling rank only when asked to', () => {
    const records: NetworkRecords = {
      people: ['A', 'B'].map((id) => ({ id })),
      businesses: [],
      trust: [
        { fromId: 'A', toId: 'B', strength: 0.8, context: 'FRIEND', lastInteractionAt: NOW_MS },
        { fromId: 'B', toId: 'A', strength: 0, distrust: true, context: 'FRIEND' },
      ],
      roles: [],
    };
    const matrix = buildTrustMatrix(TrustProjection.fromNetwork(records, { nowMs: NOW_MS }));

    const spread = computePageRank(matrix);
    const dropped = computePageRank(matrix, { danglingMass: 'drop' });

    expect(spread.ties).toBe(1);
    expect(spread.ranks.reduce((sum, rank) => sum + rank, 0)).toBeCloseTo(1, 12);
    expect(dropped.ranks.reduce((sum, rank) => sum + rank, 0)).toBeLessThan(1);
  });

  it('gives the same ranks when pausing after every iteration', async () => {
    const matrix = buildTrustMatrix(
      TrustProjection.fromNetwork(readBitcoinOtc(), { nowMs: NOW_MS }),
    );
    let pauses = 0;

    const paused = await computePageRankPausing(matrix, () => {
      pauses++;
      return Promise.resolve();
    });
    const straight = computePageRank(matrix);

    expect(paused.iterations).toBe(straight.iterations);
    expect(pauses).toBe(straight.iterations);
    expect([...paused.ranks]).toEqual([...straight.ranks]);
  });
});

describe('computePercentiles', () => {
  it('gives the share of people strictly below, equal ranks sharing a percentile', () => {
    const ranks = Float64Array.from([0.1, 0.4, 0.1, 0.4, 0]);
    const live = Uint8Array.from([1, 1, 1, 1, 0]);

    expect([...computePercentiles(ranks, live)]).toEqual([0, 50, 0, 50, 0]);
  });
});
