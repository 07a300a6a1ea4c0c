/**
 * Referral analytics for one business over plain records: credit along referral chains, lead
 * conversion by source, and customer value adjusted for the customers each one brought in.
 *
 * Chains: a person's referrer is whoever made their earliest referral for the business (ties go
 * to the smaller referral order in the input). Walking up from a person through referrers gives
 * their chain; generation g above a person earns `decay^g` of what the person earns.
 */

/** Where a lead came from, as LEAD_OF.source records it. */
export const leadSources = ['REFERRAL', 'SEARCH', 'ADS', 'WALK_IN', 'SOCIAL'] as const;

export const CHAIN_DECAY = 0.5;
/** Longest chain walked; credit at that depth is 0.5^8 < 0.4%, and cycles stop there at worst. */
export const CHAIN_DEPTH_LIMIT = 8;
const DAY_MS = 86_400_000;

export interface ReferralRecord {
  readonly referrerId: string;
  readonly referredId: string;
  readonly atMs: number;
  readonly converted: boolean;
}

export interface LeadRecord {
  readonly personId: string;
  readonly source: string;
  readonly atMs: number;
  readonly convertedAtMs: number | null;
}

export interface CustomerRecord {
  readonly personId: string;
  readonly value: number;
}

export interface ReferrerCredit {
  readonly personId: string;
  /** Referrals the person made for the business. */
  readonly referrals: number;
  /** Of those, how many converted. */
  readonly converted: number;
  /** Conversions further down their chains (people their referred people referred, and so on). */
  readonly chainConversions: number;
  /** 1 per own converted referral plus decay^g per conversion g generations down the chain. */
  readonly credit: number;
}

export interface LeadStats {
  readonly leads: number;
  readonly converted: number;
  /** converted / leads, or null without leads. */
  readonly conversionRate: number | null;
  /** Median days from lead to conversion over converted leads, or null when none converted. */
  readonly medianDaysToConvert: number | null;
}

export interface CustomerValue {
  readonly personId: string;
  readonly ownValue: number;
  /** Σ decay^g × own value of the customers g generations down the person's referral chains. */
  readonly networkValue: number;
  /** Customers the person brought in, directly or down their chains. */
  readonly customersBroughtIn: number;
}

/** Each referred person's referrer: the referrer of their earliest referral. */
export function findReferrers(referrals: readonly ReferralRecord[]): Map<string, string> {
  const earliest = new Map<string, ReferralRecord>();
  for (const referral of referrals) {
    const known = earliest.get(referral.referredId);
    if (!known || referral.atMs < known.atMs) {
      earliest.set(referral.referredId, referral);
    }
  }

  return new Map([...earliest].map(([referred, referral]) => [referred, referral.referrerId]));
}

/**
 * Credits referrers along chains: a converted referral A→B earns A 1, A's referrer 0.5, theirs
 * 0.25, and so on up to CHAIN_DEPTH_LIMIT generations, never twice to one person per referral.
 * Returns the top `first`, most credit first, then most own conversions, then id.
 */
export function creditReferrers(
  referrals: readonly ReferralRecord[],
  first: number,
): ReferrerCredit[] {
  const referrers = findReferrers(referrals);
  const totals = new Map<
    string,
    { referrals: number; converted: number; chain: number; credit: number }
  >();
  const totalOf = (id: string) => {
    let total = totals.get(id);
    if (!total) {
      total = { referrals: 0, converted: 0, chain: 0, credit: 0 };
      totals.set(id, total);
    }

    return total;
  };

  for (const referral of referrals) {
    const own = totalOf(referral.referrerId);
    own.referrals++;
    if (!referral.converted) {
      continue;
    }

    own.converted++;
    own.credit += 1;
    walkUp(referrers, referral.referrerId, (ancestor, generation) => {
      const total = totalOf(ancestor);
      total.chain++;
      total.credit += CHAIN_DECAY ** generation;
    });
  }

  return [...totals]
    .map(([personId, total]) => ({
      personId,
      referrals: total.referrals,
      converted: total.converted,
      chainConversions: total.chain,
      credit: total.credit,
    }))
    .sort(
      (a, b) =>
        b.credit - a.credit || b.converted - a.converted || compareIds(a.personId, b.personId),
    )
    .slice(0, first);
}

/** Calls `visit` for each referrer above `personId`, generation 1 first, each person once. */
function walkUp(
  referrers: ReadonlyMap<string, string>,
  personId: string,
  visit: (ancestor: string, generation: number) => void,
): void {
  const seen = new Set([personId]);
  let at = referrers.get(personId);
  for (let generation = 1; at !== undefined && generation <= CHAIN_DEPTH_LIMIT; generation++) {
    if (seen.has(at)) {
      return;
    }

    seen.add(at);
    visit(at, generation);
    at = referrers.get(at);
  }
}

/** Lead counts, conversion rate and median days to convert of a group of leads. */
export function summariseLeads(leads: readonly LeadRecord[]): LeadStats {
  const days = leads
    .filter((lead) => lead.convertedAtMs !== null)
    .map((lead) => ((lead.convertedAtMs ?? 0) - lead.atMs) / DAY_MS)
    .sort((a, b) => a - b);

  return {
    leads: leads.length,
    converted: days.length,
    conversionRate: leads.length === 0 ? null : days.length / leads.length,
    medianDaysToConvert: median(days),
  };
}

/** Lead statistics per source, in the order of `sources`. */
export function summariseLeadsBySource(
  leads: readonly LeadRecord[],
  sources: readonly string[],
): { source: string; stats: LeadStats }[] {
  return sources.map((source) => ({
    source,
    stats: summariseLeads(leads.filter((lead) => lead.source === source)),
  }));
}

/**
 * Each customer's own value plus decay^g of the own value of every customer g generations down
 * their referral chains (chains may pass through people who did not buy). Returns the top
 * `first` by own plus network value, then id.
 */
export function valueCustomers(
  customers: readonly CustomerRecord[],
  referrals: readonly ReferralRecord[],
  first: number,
): CustomerValue[] {
  const referrers = findReferrers(referrals);
  const values = new Map<string, { own: number; network: number; brought: number }>();
  for (const customer of customers) {
    values.set(customer.personId, { own: customer.value, network: 0, brought: 0 });
  }

  for (const customer of customers) {
    walkUp(referrers, customer.personId, (ancestor, generation) => {
      const value = values.get(ancestor);
      if (value) {
        value.network += CHAIN_DECAY ** generation * customer.value;
        value.brought++;
      }
    });
  }

  return [...values]
    .map(([personId, value]) => ({
      personId,
      ownValue: value.own,
      networkValue: value.network,
      customersBroughtIn: value.brought,
    }))
    .sort(
      (a, b) =>
        b.ownValue + b.networkValue - (a.ownValue + a.networkValue) ||
        compareIds(a.personId, b.personId),
    )
    .slice(0, first);
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) {
    return null;
  }

  const middle = sorted.length >> 1;

  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
