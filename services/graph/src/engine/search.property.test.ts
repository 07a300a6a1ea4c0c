import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IntroPathQuery } from '../domain/intro-path.ts';
import {
  createReferenceGraph,
  findIntroPathsExhaustively,
  type ReferenceGraph,
} from './exhaustive-search.ts';
import { TrustProjection } from './projection.ts';
import { findIntroPaths } from './search.ts';
import {
  applyToNetwork,
  buildNetwork,
  changeArbitrary,
  isApplicable,
  networkArbitrary,
  NOW_MS,
  toRecords,
} from './test-support/random-networks.ts';

const options = { nowMs: NOW_MS };
const endpointArbitrary = fc.record({ from: fc.nat({ max: 11 }), to: fc.nat({ max: 14 }) });

/** Every maxHops, first and diverse combination for one pair, engine against the reference. */
function expectSameAnswers(
  projection: TrustProjection,
  reference: ReferenceGraph,
  fromId: string,
  toId: string,
): void {
  for (let maxHops = 1; maxHops <= 6; maxHops++) {
    for (const diverse of [true, false]) {
      for (let first = 1; first <= 10; first++) {
        const query: IntroPathQuery = { fromId, toId, maxHops, first, diverse };
        const expected = findIntroPathsExhaustively(reference, query);
        expect(findIntroPaths(projection, query), JSON.stringify(query)).toEqual(expected);
        // No eager backward work: the bounds start loose and tighten while the search runs.
        const lazy = findIntroPaths(projection, query, { backwardBudget: 0, layerBudgets: [0, 0] });
        expect(lazy, `${JSON.stringify(query)} lazily`).toEqual(expected);
        // Eager layers cut short part-way, as on a hub target.
        for (const layerBudgets of [
          [3, 1000],
          [1000, 3],
        ] as const) {
          const cut = findIntroPaths(projection, query, { backwardBudget: 0, layerBudgets });
          expect(cut, `${JSON.stringify({ query, layerBudgets })}`).toEqual(expected);
        }
      }
    }
  }
}

function endpointIds(
  network: ReturnType<typeof buildNetwork>,
  from: number,
  to: number,
): [string, string] | null {
  const people = [...network.people.keys()];
  const targets = [...people, ...network.businesses];
  const fromId = people[from % Math.max(1, people.length)];
  const toId = targets[to % Math.max(1, targets.length)];

  return fromId && toId ? [fromId, toId] : null;
}

describe('findIntroPaths against the exhaustive reference', () => {
  it('returns exactly the reference answer on random small networks for every argument', () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.array(endpointArbitrary, { minLength: 1, maxLength: 3 }),
        (spec, pairs) => {
          const network = buildNetwork(spec);
          const records = toRecords(network);
          const projection = TrustProjection.fromNetwork(records, options);
          const reference = createReferenceGraph(records, options);

          for (const { from, to } of pairs) {
            const ids = endpointIds(network, from, to);
            if (ids) {
              expectSameAnswers(projection, reference, ...ids);
            }
          }
        },
      ),
      { numRuns: 250, verbose: 1 },
    );
  });

  it('answers like a rebuilt projection after random changes, with equal checksums', () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.array(changeArbitrary, { minLength: 1, maxLength: 30 }),
        fc.array(endpointArbitrary, { minLength: 1, maxLength: 2 }),
        fc.boolean(),
        (spec, makeChanges, pairs, compactMidway) => {
          const network = buildNetwork(spec);
          const projection = TrustProjection.fromNetwork(toRecords(network), options);

          makeChanges.forEach((makeChange, i) => {
            const change = makeChange(i + 1);
            if (isApplicable(network, change)) {
              applyToNetwork(network, change);
              projection.apply(change);
            }

            if (compactMidway && i === Math.floor(makeChanges.length / 2)) {
              projection.compact();
            }
          });
          const records = toRecords(network);
          const rebuilt = TrustProjection.fromNetwork(records, options);
          const reference = createReferenceGraph(records, options);

          expect(projection.checksum()).toBe(rebuilt.checksum());
          expect(projection.counts()).toEqual(rebuilt.counts());
          for (const { from, to } of pairs) {
            const ids = endpointIds(network, from, to);
            if (ids) {
              expectSameAnswers(projection, reference, ...ids);
            }
          }

          projection.compact();
          expect(projection.checksum()).toBe(rebuilt.checksum());
        },
      ),
      { numRuns: 150, verbose: 1 },
    );
  });
});
