import type { Hop, IntroPath } from '../domain/intro-path.ts';
import { KIND_TRUSTS } from '../engine/hop-scoring.ts';
import type { TrustProjection } from '../engine/projection.ts';
import type { BestWarmthSearch } from './best-warmth.ts';

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

/**
 * Ranks businesses by how much the viewer's network vouches for them, after a search from the
 * viewer: a voucher is the viewer or a person the search reached who is not opted out (the last
 * person before a business counts as inside the path) and whose final hop into the business is
 * their own trust. Owners and staff never vouch for their own business: their role, not their
 * trust, is their final hop. Each voucher adds independent evidence, so several warm vouchers
 * beat one lukewarm one. O(final hops of the candidates).
 *
 * `candidates` are business indices; businesses nobody reached vouches for are left out. Sorted
 * by vouching, then more vouchers, then business id.
 */
export function rankVouchedBusinesses(
  projection: TrustProjection,
  search: BestWarmthSearch,
  viewer: number,
  candidates: Iterable<number>,
  vouchersPerBusiness: number,
): VouchedBusiness[] {
  const results: VouchedBusiness[] = [];
  for (const business of candidates) {
    const vouched = vouchFor(projection, search, viewer, business, vouchersPerBusiness);
    if (vouched) {
      results.push(vouched);
    }
  }

  return results.sort(
    (a, b) =>
      b.vouching - a.vouching ||
      b.voucherCount - a.voucherCount ||
      compareIds(projection.businessId(a.business), projection.businessId(b.business)),
  );
}

function vouchFor(
  projection: TrustProjection,
  search: BestWarmthSearch,
  viewer: number,
  business: number,
  vouchersPerBusiness: number,
): VouchedBusiness | null {
  const finalHops = projection.finalHopsOf(business);
  let doubt = 1;
  let voucherCount = 0;
  let top: Voucher[] = [];
  for (let at = 0; at < finalHops.persons.length; at++) {
    const person = finalHops.persons[at] ?? 0;
    const pathWarmth = search.warmthOf(person);
    if (finalHops.kinds[at] !== KIND_TRUSTS || !(pathWarmth > 0)) {
      continue;
    }

    if (person !== viewer && projection.isOptedOut(person)) {
      continue;
    }

    const trust = finalHops.strengths[at] ?? 0;
    doubt *= 1 - pathWarmth * trust;
    voucherCount++;
    top = keepWarmest(top, { person, pathWarmth, trust }, vouchersPerBusiness);
  }

  if (voucherCount === 0) {
    return null;
  }

  return { business, vouching: 1 - doubt, voucherCount, topVouchers: top };
}

function keepWarmest(top: Voucher[], voucher: Voucher, limit: number): Voucher[] {
  const weight = voucher.pathWarmth * voucher.trust;
  const last = top[top.length - 1];
  if (top.length >= limit && last && last.pathWarmth * last.trust >= weight) {
    return top;
  }

  top.push(voucher);
  top.sort((a, b) => b.pathWarmth * b.trust - a.pathWarmth * a.trust || a.person - b.person);

  return top.slice(0, limit);
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

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
