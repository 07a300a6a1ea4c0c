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

/** Where a tally record keeps its fields: see `VouchTally`. */
const DOUBT_FLOAT64 = 0;
const COUNT_INT32 = 2;
const FIRST_WEIGHT_FLOAT64 = 2;

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
  /**
   * One record per business, so adding a voucher touches one cache line (64 bytes when keeping
   * three): from float64 slot b × stride, the doubt (slot 0), the voucher count (int32 slot 2),
   * then the warmest `keep` vouchers, warmest first: weights (float64 slots 2..), people (int32)
   * and trusts (float32) after them.
   */
  private float64s = new Float64Array(0);
  private int32s = new Int32Array(0);
  private float32s = new Float32Array(0);
  private capacity = 0;
  private keep = 1;
  /** Record size in float64 slots, `recordFloat64s(keep)`. */
  private stride = recordFloat64s(1);
  private vouched = new Int32Array(0);
  private vouchedCount = 0;

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

    this.reset(projection.businessCount, options.vouchersPerBusiness);
    this.tally(search, vouchers, viewer, options.candidates);
    const keyOf = (business: number): VouchKey => [
      1 - this.doubtOf(business),
      this.countOf(business),
      projection.businessId(business),
    ];
    const page: { business: number; key: VouchKey }[] = [];
    let remaining = 0;
    for (let at = 0; at < this.vouchedCount; at++) {
      const business = this.vouched[at] ?? 0;
      const vouching = 1 - this.doubtOf(business);
      const count = this.countOf(business);
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
    search: BestWarmthSearch,
    vouchers: VoucherIndex,
    viewer: number,
    candidates: Uint8Array | null,
  ): void {
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
    const float64s = this.float64s;
    const int32s = this.int32s;
    const end = offsets[person + 1] ?? 0;
    for (let slot = offsets[person] ?? 0; slot < end; slot++) {
      const business = businesses[2 * slot] ?? 0;
      if (candidates && candidates[business] === 0) {
        continue;
      }

      const record = business * this.stride;
      const count = int32s[2 * record + COUNT_INT32] ?? 0;
      if (count === 0) {
        this.vouched[this.vouchedCount++] = business;
      }

      const trust = trusts[2 * slot + 1] ?? 0;
      const doubt = record + DOUBT_FLOAT64;
      float64s[doubt] = (float64s[doubt] ?? 1) * (1 - pathWarmth * trust);
      int32s[2 * record + COUNT_INT32] = count + 1;
      this.keepIfWarmest(record, Math.min(count, this.keep), person, pathWarmth * trust, trust);
    }
  }

  /**
   * Inserts a voucher among the business's `kept` warmest when it is warmer than the last;
   * people arrive in index order, so an equal weight stays behind the earlier, lower index.
   */
  private keepIfWarmest(
    record: number,
    kept: number,
    person: number,
    weight: number,
    trust: number,
  ): void {
    const weights = record + FIRST_WEIGHT_FLOAT64;
    if (kept === this.keep && !(weight > (this.float64s[weights + kept - 1] ?? 0))) {
      return;
    }

    const people = this.firstPersonSlot(record);
    const trusts = people + this.keep;
    let at = Math.min(kept, this.keep - 1);
    while (at > 0 && weight > (this.float64s[weights + at - 1] ?? 0)) {
      this.float64s[weights + at] = this.float64s[weights + at - 1] ?? 0;
      this.int32s[people + at] = this.int32s[people + at - 1] ?? 0;
      this.float32s[trusts + at] = this.float32s[trusts + at - 1] ?? 0;
      at--;
    }

    this.float64s[weights + at] = weight;
    this.int32s[people + at] = person;
    this.float32s[trusts + at] = trust;
  }

  private topVouchersOf(business: number, search: BestWarmthSearch): Voucher[] {
    const people = this.firstPersonSlot(business * this.stride);
    const trusts = people + this.keep;
    const kept = Math.min(this.countOf(business), this.keep);
    return Array.from({ length: kept }, (_, at) => {
      const person = this.int32s[people + at] ?? 0;
      return {
        person,
        pathWarmth: search.warmthOf(person),
        trust: this.float32s[trusts + at] ?? 0,
      };
    });
  }

  /** Int32 slot of the record's first kept person; their trusts follow the people, as float32. */
  private firstPersonSlot(record: number): number {
    return 2 * (record + FIRST_WEIGHT_FLOAT64 + this.keep);
  }

  private doubtOf(business: number): number {
    return this.float64s[business * this.stride + DOUBT_FLOAT64] ?? 1;
  }

  private countOf(business: number): number {
    return this.int32s[2 * business * this.stride + COUNT_INT32] ?? 0;
  }

  /** No vouchers yet: no doubt, no count; the kept vouchers are read only up to the count. */
  private empty(record: number): void {
    this.float64s[record + DOUBT_FLOAT64] = 1;
    this.int32s[2 * record + COUNT_INT32] = 0;
  }

  /** Clears the last call's tallies, then lays records out for `keep` vouchers each. */
  private reset(businessCount: number, keep: number): void {
    for (let at = 0; at < this.vouchedCount; at++) {
      this.empty((this.vouched[at] ?? 0) * this.stride);
    }

    this.vouchedCount = 0;
    if (this.capacity < businessCount) {
      this.allocate(Math.max(businessCount, Math.ceil(this.capacity * 1.5)));
    }

    if (keep !== this.keep) {
      this.layOut(keep);
    }
  }

  /** Room for `capacity` records of the largest size, so a change of `keep` allocates nothing. */
  private allocate(capacity: number): void {
    const records = new ArrayBuffer(
      capacity * recordFloat64s(MAX_VOUCHERS_SHOWN) * Float64Array.BYTES_PER_ELEMENT,
    );
    this.capacity = capacity;
    this.float64s = new Float64Array(records);
    this.int32s = new Int32Array(records);
    this.float32s = new Float32Array(records);
    this.vouched = new Int32Array(capacity);
    this.layOut(this.keep);
  }

  private layOut(keep: number): void {
    this.keep = keep;
    this.stride = recordFloat64s(keep);
    for (let business = 0; business < this.capacity; business++) {
      this.empty(business * this.stride);
    }
  }
}

/** Record size in float64 slots: doubt, count, then a weight and a person and trust per voucher. */
function recordFloat64s(keep: number): number {
  return FIRST_WEIGHT_FLOAT64 + 2 * keep;
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
