import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackwardBound } from './backward-bound.ts';
import { TrustProjection } from './projection.ts';
import {
  buildNetwork,
  networkArbitrary,
  NOW_MS,
  toRecords,
} from './test-support/random-networks.ts';

/**
 * The hop-limited best warmth from every person to the target by plain dynamic programming over
 * hop counts: `best[h][v]` for walks of at most h hops whose inner people are neither opted out,
 * nor the asking person, nor the target.
 */
function bestByHops(
  projection: TrustProjection,
  from: number,
  target: number,
  business: number,
  maxLayer: number,
): Float64Array[] {
  const slots = projection.personSlots;
  const layers = [new Float64Array(slots)];
  const first = new Float64Array(slots);
  if (target >= 0) {
    const hops = projection.hopsOf(target);
    for (let slot = hops.start; slot < hops.end; slot++) {
      first[hops.targets[slot] ?? 0] = hops.strengths[slot] ?? 0;
    }
  } else {
    const finalHops = projection.finalHopsOf(business);
    finalHops.persons.forEach((person, i) => {
      first[person] = finalHops.strengths[i] ?? 0;
    });
  }

  layers.push(first);
  for (let h = 2; h <= maxLayer; h++) {
    const previous = layers[h - 1] as Float64Array;
    const next = Float64Array.from(previous);
    for (let u = 0; u < slots; u++) {
      const passable = u !== from && u !== target && !projection.isOptedOut(u);
      const hops = projection.hopsOf(u);
      for (let slot = hops.start; passable && slot < hops.end; slot++) {
        const v = hops.targets[slot] ?? 0;
        const offered = (previous[u] ?? 0) * (hops.strengths[slot] ?? 0);
        if (v !== target && offered > (next[v] ?? 0)) {
          next[v] = offered;
        }
      }
    }

    layers.push(next);
  }

  return layers;
}

describe('BackwardBound', () => {
  it('bounds every person from above, and exactly once the layers are complete', () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.nat({ max: 11 }),
        fc.nat({ max: 14 }),
        fc.integer({ min: 2, max: 6 }),
        fc.nat({ max: 40 }),
        (spec, fromPick, toPick, maxHops, budget) => {
          const records = toRecords(buildNetwork(spec));
          const projection = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });
          const people = records.people.map((person) => person.id);
          const from = projection.personIndex(people[fromPick % people.length] ?? '');
          const targets = [...people, ...records.businesses.map((business) => business.id)];
          const toId = targets[toPick % targets.length] ?? '';
          const target = projection.personIndex(toId);
          const business = target < 0 ? projection.businessIndex(toId) : -1;
          if (target === from) {
            return;
          }

          const exact = bestByHops(projection, from, target, business, maxHops - 1);
          const partial = new BackwardBound();
          partial.compute(projection, from, target, business, maxHops, budget);
          const complete = new BackwardBound();
          complete.compute(projection, from, target, business, maxHops, 1_000_000);

          for (let person = 0; person < projection.personSlots; person++) {
            if (person === from || person === target || projection.isOptedOut(person)) {
              continue;
            }

            for (let hopsLeft = 1; hopsLeft < maxHops; hopsLeft++) {
              const best = exact[hopsLeft]?.[person] ?? 0;
              expect(partial.bound(person, hopsLeft)).toBeGreaterThanOrEqual(best);
              expect(complete.bound(person, hopsLeft)).toBe(best);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
