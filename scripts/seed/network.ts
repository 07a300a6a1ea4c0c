import type { BusinessRole, GeoPoint } from '../../services/graph/src/domain/business.ts';
import type { TrustContext } from '../../services/graph/src/domain/trust.ts';

/**
 * A network to load, in memory. Small named networks (the demo town, the hand-built networks
 * the tests use) are built as one of these; large generated networks stream the same record
 * types in batches instead. Times are milliseconds since the epoch.
 */
export interface SeedNetwork {
  readonly people: readonly SeedPerson[];
  readonly businesses: readonly SeedBusiness[];
  readonly trust: readonly SeedTrust[];
  readonly roles: readonly SeedRole[];
  readonly customers: readonly SeedCustomer[];
  readonly referrals: readonly SeedReferral[];
  readonly leads: readonly SeedLead[];
}

export interface SeedPerson {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly optedOut?: boolean;
}

export interface SeedBusiness {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly city: string;
  readonly location?: GeoPoint;
}

export interface SeedTrust {
  readonly fromId: string;
  /** A person's or a business's id. */
  readonly toId: string;
  readonly strength: number;
  readonly distrust?: boolean;
  readonly context: TrustContext;
  readonly since?: number;
  readonly lastInteractionAt?: number;
}

export interface SeedRole {
  readonly personId: string;
  readonly businessId: string;
  readonly role: BusinessRole;
}

export interface SeedCustomer {
  readonly personId: string;
  readonly businessId: string;
  readonly since?: number;
  /** What the customer has spent with the business, in the business's currency. */
  readonly value?: number;
}

export interface SeedReferral {
  readonly id: string;
  readonly referrerId: string;
  readonly referredId: string;
  readonly businessId: string;
  readonly at: number;
  readonly converted: boolean;
}

export const leadSources = ['REFERRAL', 'SEARCH', 'ADS', 'WALK_IN', 'SOCIAL'] as const;
export type LeadSource = (typeof leadSources)[number];

export interface SeedLead {
  readonly personId: string;
  readonly businessId: string;
  readonly source: LeadSource;
  readonly at: number;
  readonly convertedAt?: number;
  /** For referral leads: who referred the person. */
  readonly referrerId?: string;
}

export function createEmptyNetwork(): SeedNetwork {
  return {
    people: [],
    businesses: [],
    trust: [],
    roles: [],
    customers: [],
    referrals: [],
    leads: [],
  };
}
