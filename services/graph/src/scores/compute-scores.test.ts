import { describe, expect, it } from 'vitest';
import { readBitcoinOtc } from '../../../../tests/fixtures/trust-datasets.ts';
import type { GraphChange } from '../domain/graph-change.ts';
import { TrustProjection } from '../engine/projection.ts';
import { computePersonScores, type PersonScores } from './compute-scores.ts';

const NOW_MS = Date.UTC(2025, 0, 1);
const records = readBitcoinOtc();
const project = () => TrustProjection.fromNetwork(records, { nowMs: NOW_MS });

/**
 * A new, full-strength tie from the first person to the last, who had none: it moves PageRank
 * and reach, and a copy that took it half-way would count it in one pass and not in another.
 */
function newTie(projection: TrustProjection): GraphChange {
  const from = records.people[0]?.id;
  const to = records.people.at(-1)?.id;

  return {
    version: projection.version + 1,
    type: 'TRUST_SET',
    fromId: from ?? '',
    toId: to ?? '',
    toKind: 'PERSON',
    strength: 1,
    distrust: false,
    context: 'FRIEND',
    lastInteractionAtMs: NOW_MS,
  };
}

const scoresOf = (scores: PersonScores) => ({
  ranks: [...scores.pageRank.ranks],
  reach2: [...scores.reach2],
  reach3: [...scores.reach3],
});

describe('computePersonScores while pausing', () => {
  it('pauses inside the snapshots and gives the same scores as a run straight through', async () => {
    let pauses = 0;
    const pause = () => {
      pauses++;
      return Promise.resolve();
    };

    const paused = await computePersonScores(project(), { pause, snapshotChunk: 500 });
    const straight = await computePersonScores(project());

    // Five passes over 5,881 people, a pause after every 500 of each: 55 in the snapshots alone.
    expect(pauses).toBeGreaterThan(55 + paused.pageRank.iterations);
    expect(scoresOf(paused)).toEqual(scoresOf(straight));
  });

  it('takes the snapshots again when the projection changes during one', async () => {
    const projection = project();
    let pauses = 0;
    const pause = () => {
      // Inside the trust matrix's second pass, after its first chunk (11 pauses per pass).
      if (++pauses === 14) {
        projection.apply(newTie(projection));
      }
      return Promise.resolve();
    };

    const paused = await computePersonScores(projection, { pause, snapshotChunk: 500 });
    const changed = project();
    changed.apply(newTie(changed));
    const before = await computePersonScores(project());
    const after = await computePersonScores(changed);

    expect(scoresOf(after)).not.toEqual(scoresOf(before));
    expect(scoresOf(paused)).toEqual(scoresOf(after));
  });
});
