import type { Hop, IntroPath } from '../domain/intro-path.ts';
import type { TrustProjection } from '../engine/projection.ts';
import type { BestWarmthSearch } from './best-warmth.ts';
import type { VoucherIndex } from './voucher-index.ts';

/** One person the viewer knows who trusts a business, and how much their word carries. */
export interface Voucher {
  readonly person: number;
  /** Warmth of the warmest path from the viewer to the voucher (1 for the viewer). */
  readonly pathWarmth: number;
  /** The voucher's cooled trust in the business. */
  readonly trust: number;
}

export interface VouchedBusiness {
  readonly business: number;
  /** 1 − Π(1 − pathWarmth × trust) over the vouchers, in [0, 1]. */
  readonly vouching: number;
  readonly voucherCount: number;
  /** The warmest few vouchers, by pathWarmth × trust, warmest first. */
  readonly topVouchers: readonly Voucher[];
}

/** Most vouchers a result can show. */
export const MAX_VOUCHERS_SHOWN = 5;

/** Where a business stands in the ranking: more vouching first, then more vouchers, then id. */
export type VouchKey = readonly [vouching: number, voucherCount: number, businessId: string];

export interface VouchRankOptions {
  /** Only businesses whose entry is non-zero are ranked; null ranks every business. */
  readonly candidates: Uint8Array | null;
  /** Rank only businesses after this key (the last one of the previous page). */
  readonly after: VouchKey | null;
  readonly first: number;
  readonly vouchersPerBusiness: number;
}

export interface VouchedPage {
  readonly items: readonly VouchedBusiness[];
  /** Businesses vouched for at all, on every page. */
  readonly totalCount: number;
  readonly hasNextPage: boolean;
}

/**
 * Ranks businesses by how much the viewer's network vouches for them, after a search from the
 * viewer (whose last layer may be limited to the index's vouchers): a voucher is the viewer or a
 * person the search reached who is not opted out (the last person before a business counts as
 * inside the path) and whose final hop into the business is their own trust. Owners and staff
 * never vouch for their own business: their role, not their trust, is their final hop. Each
 * voucher adds independent evidence, so several warm vouchers beat one lukewarm one.
 *
 * O(reached people + their ties into businesses + vouched businesses × first), keeping each
 * business's warmest few vouchers on the way. One instance reuses its tallies across calls.
 */
export class VouchTally {
  private doubt = new Float64Array(0);
  private counts = new Int32Array(0);
  private vouched = new Int32Array(0);
  private vouchedCount = 0;
  /** The warmest `keep` vouchers of business b, warmest first, from slot b × keep. */
  private keep = 1;
  private topWeight = new Float64Array(0);
  private topPerson = new Int32Array(0);
  private topTrust = new Float32Array(0);

  rank(
    projection: TrustProjection,
    search: BestWarmthSearch,
    vouchers: VoucherIndex,
    viewer: number,
    options: VouchRankOptions,
  ): VouchedPage {
    if (!(options.vouchersPerBusiness >= 1 && options.vouchersPerBusiness <= MAX_VOUCHERS_SHOWN)) {
      throw new RangeError(`vouchersPerBusiness must be 1..${MAX_VOUCHERS_SHOWN}`);
    }

    this.keep = options.vouchersPerBusiness;
    this.tally(projection, search, vouchers, viewer, options.candidates);
    const keyOf = (business: number): VouchKey => [
      1 - (this.doubt[business] ?? 1),
      this.counts[business] ?? 0,
      projection.businessId(business),
    ];
    const page: { business: number; key: VouchKey }[] = [];
    let remaining = 0;
    for (let at = 0; at < this.vouchedCount; at++) {
      const business = this.vouched[at] ?? 0;
      const vouching = 1 - (this.doubt[business] ?? 1);
      const count = this.counts[business] ?? 0;
      // Most businesses are settled by their numbers alone; only ties read the id.
      const after = options.after;
      if (after && !(vouching < after[0] || (vouching === after[0] && count <= after[1]))) {
        continue;
      }

      const last = page.length >= options.first ? page[page.length - 1] : undefined;
      if (last && (vouching < last.key[0] || (vouching === last.key[0] && count < last.key[1]))) {
        remaining++;
        continue;
      }

      const key = keyOf(business);
      if (after && !isVouchKeyBefore(after, key)) {
        continue;
      }

      remaining++;
      if (last && !isVouchKeyBefore(key, last.key)) {
        continue;
      }

      let slot = page.length;
      while (slot > 0 && isVouchKeyBefore(key, (page[slot - 1] as (typeof page)[number]).key)) {
        slot--;
      }

      page.splice(slot, 0, { business, key });
      if (page.length > options.first) {
        page.pop();
      }
    }

    return {
      items: page.map(({ business, key }) => ({
        business,
        vouching: key[0],
        voucherCount: key[1],
        topVouchers: this.topVouchersOf(business, search),
      })),
      totalCount: this.vouchedCount,
      hasNextPage: remaining > page.length,
    };
  }

  /** Walks the reached vouchers in index order, adding each one's doubt to what they trust. */
  private tally(
    projection: TrustProjection,
    search: BestWarmthSearch,
    vouchers: VoucherIndex,
    viewer: number,
    candidates: Uint8Array | null,
  ): void {
    this.reset(projection.businessCount);
    const reached = search.reachedSet();
    const { offsets, businesses, trusts, intermediaryBits } = vouchers;
    const words = Math.min(reached.length, intermediaryBits.length);
    // Opted-out people never vouch, but the viewer's own trust counts whatever they chose.
    const viewerWord = viewer >>> 5;
    const viewerBit = vouchers.isVoucher(viewer) ? 1 << viewer : 0;
    for (let word = 0; word < words; word++) {
      let bits = (reached[word] ?? 0) & (intermediaryBits[word] ?? 0);
      if (word === viewerWord) {
        bits |= viewerBit;
      }

      while (bits !== 0) {
        const lowest = bits & -bits;
        bits ^= lowest;
        const person = (word << 5) | (31 - Math.clz32(lowest));
        this.addVoucher(person, search.warmthOf(person), offsets, businesses, trusts, candidates);
      }
    }
  }

  /** Multiplies one voucher's doubt into each business they trust, keeping the warmest. */
  private addVoucher(
    person: number,
    pathWarmth: number,
    offsets: Int32Array,
    businesses: Int32Array,
    trusts: Float32Array,
    candidates: Uint8Array | null,
  ): void {
    const end = offsets[person + 1] ?? 0;
    for (let slot = offsets[person] ?? 0; slot < end; slot++) {
      const business = businesses[2 * slot] ?? 0;
      if (candidates && candidates[business] === 0) {
        continue;
      }

      const count = this.counts[business] ?? 0;
      if (count === 0) {
        this.vouched[this.vouchedCount++] = business;
      }

      const trust = trusts[2 * slot + 1] ?? 0;
      this.doubt[business] = (this.doubt[business] ?? 1) * (1 - pathWarmth * trust);
      this.counts[business] = count + 1;
      this.keepIfWarmest(business, Math.min(count, this.keep), person, pathWarmth * trust, trust);
    }
  }

  /**
   * Inserts a voucher among the business's `kept` warmest when it is warmer than the last;
   * people arrive in index order, so an equal weight stays behind the earlier, lower index.
   */
  private keepIfWarmest(
    business: number,
    kept: number,
    person: number,
    weight: number,
    trust: number,
  ): void {
    const first = business * this.keep;
    if (kept === this.keep && !(weight > (this.topWeight[first + kept - 1] ?? 0))) {
      return;
    }

    let slot = first + Math.min(kept, this.keep - 1);
    while (slot > first && weight > (this.topWeight[slot - 1] ?? 0)) {
      this.topWeight[slot] = this.topWeight[slot - 1] ?? 0;
      this.topPerson[slot] = this.topPerson[slot - 1] ?? 0;
      this.topTrust[slot] = this.topTrust[slot - 1] ?? 0;
      slot--;
    }

    this.topWeight[slot] = weight;
    this.topPerson[slot] = person;
    this.topTrust[slot] = trust;
  }

  private topVouchersOf(business: number, search: BestWarmthSearch): Voucher[] {
    const first = business * this.keep;
    const kept = Math.min(this.counts[business] ?? 0, this.keep);
    return Array.from({ length: kept }, (_, at) => {
      const person = this.topPerson[first + at] ?? 0;
      return { person, pathWarmth: search.warmthOf(person), trust: this.topTrust[first + at] ?? 0 };
    });
  }

  private reset(businessCount: number): void {
    if (this.doubt.length < businessCount) {
      const size = Math.max(businessCount, Math.ceil(this.doubt.length * 1.5));
      this.doubt = new Float64Array(size).fill(1);
      this.counts = new Int32Array(size);
      this.vouched = new Int32Array(size);
      this.vouchedCount = 0;
      this.topWeight = new Float64Array(size * MAX_VOUCHERS_SHOWN);
      this.topPerson = new Int32Array(size * MAX_VOUCHERS_SHOWN);
      this.topTrust = new Float32Array(size * MAX_VOUCHERS_SHOWN);
    }

    for (let at = 0; at < this.vouchedCount; at++) {
      const business = this.vouched[at] ?? 0;
      this.doubt[business] = 1;
      this.counts[business] = 0;
    }

    this.vouchedCount = 0;
  }
}

/** Whether `key` ranks before `other`: more vouching, then more vouchers, then the lower id. */
export function isVouchKeyBefore(key: VouchKey, other: VouchKey): boolean {
  if (key[0] !== other[0]) {
    return key[0] > other[0];
  }

  if (key[1] !== other[1]) {
    return key[1] > other[1];
  }

  return key[2] < other[2];
}

/**
 * The intro path behind one voucher: the warmest path from the viewer to the voucher, then the
 * voucher's trust into the business, every hop described as intro paths describe them.
 */
export function explainVoucher(
  projection: TrustProjection,
  search: BestWarmthSearch,
  business: number,
  voucher: Voucher,
): IntroPath {
  const people = search.pathTo(voucher.person);
  const hops: Hop[] = [];
  for (let at = 1; at < people.length; at++) {
    const from = people[at - 1] ?? 0;
    const to = people[at] ?? 0;
    const detail = projection.describeHop(from, to);
    if (detail) {
      hops.push({
        fromId: projection.personId(from),
        toId: projection.personId(to),
        toKind: 'PERSON',
        ...detail,
      });
    }
  }

  const final = projection.describeFinalHop(voucher.person, business);
  if (final) {
    hops.push({
      fromId: projection.personId(voucher.person),
      toId: projection.businessId(business),
      toKind: 'BUSINESS',
      ...final,
    });
  }

  return { warmth: voucher.pathWarmth * voucher.trust, hops };
}
