import { KIND_TRUSTS } from '../engine/hop-scoring.ts';
import type { TrustProjection } from '../engine/projection.ts';

/**
 * Each person's usable trust ties into businesses, as flat arrays by person: the reverse of the
 * projection's per-business final hops, restricted to trust (owners and staff reach their own
 * business through their role, which is not vouching). "Businesses my network trusts" walks it
 * from the people a search reached, so a query costs the reached people's ties, not every
 * business's.
 */
export class VoucherIndex {
  /** The projection and business-link revision this index was built from. */
  readonly projection: TrustProjection;
  readonly revision: number;
  /** Ties of person p: slots offsets[p] .. offsets[p + 1]. */
  readonly offsets: Int32Array;
  /**
   * Tie in slot s: the business at int32 2s and the cooled trust strength (as the final hop into
   * the business scores it) at float32 2s + 1, side by side so reading a tie is one cache line.
   */
  readonly businesses: Int32Array;
  readonly trusts: Float32Array;
  /** Bit p (word p >>> 5, bit p & 31) set when person p trusts at least one business. */
  readonly voucherBits: Uint32Array;
  /** The same, without the people who opted out of being an intermediary. */
  readonly intermediaryBits: Uint32Array;

  private constructor(projection: TrustProjection, offsets: Int32Array, slots: number) {
    this.projection = projection;
    this.revision = projection.vouchersRevision;
    this.offsets = offsets;
    const ties = new ArrayBuffer(slots * 2 * Int32Array.BYTES_PER_ELEMENT);
    this.businesses = new Int32Array(ties);
    this.trusts = new Float32Array(ties);
    this.voucherBits = new Uint32Array((projection.personSlots >>> 5) + 1);
    this.intermediaryBits = new Uint32Array(this.voucherBits.length);
  }

  /** O(people + final hops of every business). */
  static build(projection: TrustProjection): VoucherIndex {
    const people = projection.personSlots;
    const offsets = new Int32Array(people + 1);
    for (let business = 0; business < projection.businessCount; business++) {
      const hops = projection.finalHopsOf(business);
      for (let at = 0; at < hops.persons.length; at++) {
        if (hops.kinds[at] === KIND_TRUSTS) {
          const slot = (hops.persons[at] ?? 0) + 1;
          offsets[slot] = (offsets[slot] ?? 0) + 1;
        }
      }
    }

    for (let person = 0; person < people; person++) {
      offsets[person + 1] = (offsets[person + 1] ?? 0) + (offsets[person] ?? 0);
    }

    const index = new VoucherIndex(projection, offsets, offsets[people] ?? 0);
    const next = offsets.slice(0, people);
    for (let business = 0; business < projection.businessCount; business++) {
      const hops = projection.finalHopsOf(business);
      for (let at = 0; at < hops.persons.length; at++) {
        if (hops.kinds[at] !== KIND_TRUSTS) {
          continue;
        }

        const person = hops.persons[at] ?? 0;
        const slot = next[person] ?? 0;
        next[person] = slot + 1;
        index.businesses[2 * slot] = business;
        index.trusts[2 * slot + 1] = hops.strengths[at] ?? 0;
        index.voucherBits[person >>> 5] = (index.voucherBits[person >>> 5] ?? 0) | (1 << person);
        if (!projection.isOptedOut(person)) {
          const word = person >>> 5;
          index.intermediaryBits[word] = (index.intermediaryBits[word] ?? 0) | (1 << person);
        }
      }
    }

    return index;
  }

  /** Whether this index still describes the projection's business links and opt-outs. */
  isCurrentFor(projection: TrustProjection): boolean {
    return projection === this.projection && projection.vouchersRevision === this.revision;
  }

  /** Whether the person trusts any business; a bit test, cheap enough for every hop a search reads. */
  isVoucher(person: number): boolean {
    return ((this.voucherBits[person >>> 5] ?? 0) & (1 << person)) !== 0;
  }
}
