import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReferenceGraph, findIntroPathsExhaustively } from '../engine/exhaustive-search.ts';
import { KIND_TRUSTS } from '../engine/hop-scoring.ts';
import { TrustProjection } from '../engine/projection.ts';
import {
  applyToNetwork,
  buildNetwork,
  changeArbitrary,
  isApplicable,
  networkArbitrary,
  NOW_MS,
  toRecords,
} from '../engine/test-support/random-networks.ts';
import { BestWarmthSearch } from './best-warmth.ts';
import { VouchTally, type VouchedBusiness, type VouchKey } from './trusted-businesses.ts';
import { VoucherIndex } from './voucher-index.ts';

const options = { nowMs: NOW_MS };

interface Expected {
  readonly businessId: string;
  readonly vouching: number;
  readonly voucherCount: number;
  /** Every voucher as [person, pathWarmth × trust], warmest first. */
  readonly vouchers: [number, number][];
}

/**
 * Vouching by definition: every person whose warmest path from the viewer (at most maxHops hops,
 * by the exhaustive intro path search) exists and who trusts the business, the viewer counting
 * with warmth 1; opted-out people other than the viewer never vouch.
 */
function expectedVouching(
  projection: TrustProjection,
  reference: ReturnType<typeof createReferenceGraph>,
  viewer: number,
  maxHops: number,
): Expected[] {
  const viewerId = projection.personId(viewer);
  const warmthOf = new Map<number, number>();
  const results: Expected[] = [];
  for (let business = 0; business < projection.businessCount; business++) {
    const finalHops = projection.finalHopsOf(business);
    let doubt = 1;
    let voucherCount = 0;
    const weights: [number, number][] = [];
    for (let at = 0; at < finalHops.persons.length; at++) {
      const person = finalHops.persons[at] ?? 0;
      if (finalHops.kinds[at] !== KIND_TRUSTS) {
        continue;
      }

      if (person !== viewer && projection.isOptedOut(person)) {
        continue;
      }

      if (!warmthOf.has(person)) {
        const [best] =
          person === viewer
            ? [{ warmth: 1 }]
            : findIntroPathsExhaustively(reference, {
                fromId: viewerId,
                toId: projection.personId(person),
                maxHops,
                first: 1,
                diverse: false,
              });
        warmthOf.set(person, best?.warmth ?? 0);
      }

      const pathWarmth = warmthOf.get(person) ?? 0;
      if (pathWarmth > 0) {
        doubt *= 1 - pathWarmth * (finalHops.strengths[at] ?? 0);
        voucherCount++;
        weights.push([person, pathWarmth * (finalHops.strengths[at] ?? 0)]);
      }
    }

    if (voucherCount > 0) {
      weights.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      results.push({
        businessId: projection.businessId(business),
        vouching: 1 - doubt,
        voucherCount,
        vouchers: weights,
      });
    }
  }

  return results;
}

/** One search and one tally for every call, so each checks that the last left nothing behind. */
const search = new BestWarmthSearch();
const tally = new VouchTally();

/** Every page of `size` with `keep` vouchers each, following the cursor, concatenated. */
function allPages(
  projection: TrustProjection,
  search: BestWarmthSearch,
  vouchers: VoucherIndex,
  viewer: number,
  size: number,
  keep: number,
): VouchedBusiness[] {
  const items: VouchedBusiness[] = [];
  let after: VouchKey | null = null;
  for (;;) {
    const page = tally.rank(projection, search, vouchers, viewer, {
      candidates: null,
      after,
      first: size,
      vouchersPerBusiness: keep,
    });
    items.push(...page.items);
    const last = page.items[page.items.length - 1];
    expect(page.hasNextPage).toBe(page.totalCount > items.length);
    if (!page.hasNextPage || !last) {
      return items;
    }

    after = [last.vouching, last.voucherCount, projection.businessId(last.business)];
  }
}

/** The path the search explains a voucher by: simple, within the hop limit, of its warmth. */
function expectPathOfWarmth(
  projection: TrustProjection,
  search: BestWarmthSearch,
  viewer: number,
  person: number,
  maxHops: number,
  warmth: number,
): void {
  const path = search.pathTo(person);
  let product = 1;
  for (let at = 1; at < path.length; at++) {
    product *= projection.describeHop(path[at - 1] ?? -1, path[at] ?? -1)?.strength ?? 0;
  }

  expect(path[0]).toBe(viewer);
  expect(path[path.length - 1]).toBe(person);
  expect(path.length - 1).toBeLessThanOrEqual(maxHops);
  expect(new Set(path).size).toBe(path.length);
  expect(product).toBeCloseTo(warmth, 12);
}

/** Checks every maxHops; returns how many businesses were vouched for in all. */
function expectSameRanking(
  projection: TrustProjection,
  records: ReturnType<typeof toRecords>,
  viewer: number,
): number {
  const reference = createReferenceGraph(records, options);
  let vouched = 0;
  const vouchers = VoucherIndex.build(projection);
  for (let maxHops = 1; maxHops <= 3; maxHops++) {
    search.search(projection, viewer, maxHops, vouchers.voucherBits);
    const expected = expectedVouching(projection, reference, viewer, maxHops);
    // Voucher lists of 1, 2 and 3: the tally lays its records out anew when that changes.
    const keep = maxHops;
    const whole = allPages(projection, search, vouchers, viewer, 10, keep);
    const paged = allPages(projection, search, vouchers, viewer, 1, keep);
    expect(paged.map((item) => item.business)).toEqual(whole.map((item) => item.business));
    const actual = whole
      .map((item) => ({
        businessId: projection.businessId(item.business),
        vouching: item.vouching,
        voucherCount: item.voucherCount,
        top: item.topVouchers.map((v): [number, number] => [v.person, v.pathWarmth * v.trust]),
      }))
      .sort((a, b) => (a.businessId < b.businessId ? -1 : 1));
    expect(actual.map((a) => [a.businessId, a.voucherCount])).toEqual(
      expected.map((e) => [e.businessId, e.voucherCount]),
    );
    actual.forEach((a, at) => {
      expect(a.vouching).toBeCloseTo(expected[at]?.vouching ?? -1, 12);
      // The warmest `keep` by weight; among equal weights either person may come first.
      const all = expected[at]?.vouchers ?? [];
      a.top.forEach(([person, weight], k) => {
        expect(weight).toBeCloseTo(all[k]?.[1] ?? -1, 12);
        expect(all.find(([other]) => other === person)?.[1]).toBeCloseTo(weight, 12);
      });
      expect(a.top.length).toBe(Math.min(keep, all.length));
    });
    for (const voucher of whole.flatMap((item) => item.topVouchers)) {
      expectPathOfWarmth(projection, search, viewer, voucher.person, maxHops, voucher.pathWarmth);
    }

    for (let at = 1; at < whole.length; at++) {
      const [before, item] = [whole[at - 1], whole[at]] as [VouchedBusiness, VouchedBusiness];
      expect(before.vouching).toBeGreaterThanOrEqual(item.vouching);
    }

    vouched += whole.length;
  }

  return vouched;
}

describe('trusted businesses against vouching by definition', () => {
  it('ranks, counts and pages exactly on random small networks, also after changes', () => {
    let vouched = 0;
    fc.assert(
      fc.property(
        networkArbitrary,
        fc.array(changeArbitrary, { maxLength: 12 }),
        fc.nat({ max: 11 }),
        (spec, makeChanges, viewerAt) => {
          const network = buildNetwork(spec);
          const projection = TrustProjection.fromNetwork(toRecords(network), options);
          const stale = VoucherIndex.build(projection);
          makeChanges.forEach((makeChange, i) => {
            const change = makeChange(i + 1);
            if (isApplicable(network, change)) {
              applyToNetwork(network, change);
              projection.apply(change);
            }
          });
          const people = [...network.people.keys()];
          const viewer = projection.personIndex(people[viewerAt % people.length] ?? '');
          if (viewer >= 0) {
            vouched += expectSameRanking(projection, toRecords(network), viewer);
          }

          if (stale.isCurrentFor(projection)) {
            // No change touched a business link, so the index built before them still holds.
            const fresh = VoucherIndex.build(projection);
            expect([...stale.businesses, ...stale.trusts, ...stale.intermediaryBits]).toEqual([
              ...fresh.businesses,
              ...fresh.trusts,
              ...fresh.intermediaryBits,
            ]);
          }
        },
      ),
      { numRuns: 200, verbose: 1 },
    );
    // The networks must exercise vouching, not just agree on empty rankings.
    expect(vouched).toBeGreaterThan(200);
  });
});
