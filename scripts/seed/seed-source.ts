import type {
  SeedBusiness,
  SeedCustomer,
  SeedLead,
  SeedNetwork,
  SeedPerson,
  SeedReferral,
  SeedRole,
  SeedTrust,
} from './network.ts';

/** Record kinds in load order: nodes first, then the relationships between them. */
export const recordKinds = [
  'people',
  'businesses',
  'trust',
  'roles',
  'customers',
  'referrals',
  'leads',
] as const;
export type RecordKind = (typeof recordKinds)[number];

export interface RecordOf {
  people: SeedPerson;
  businesses: SeedBusiness;
  trust: SeedTrust;
  roles: SeedRole;
  customers: SeedCustomer;
  referrals: SeedReferral;
  leads: SeedLead;
}

/**
 * Records to load, streamed in batches of one kind. Generated networks and imports both provide
 * one; the loader never needs them all in memory. Batches must come out the same way every time
 * for the same fingerprint, so that a resumed load skips exactly the batches already written.
 */
export interface SeedSource {
  /** Equal fingerprints mean equal records in equal order. */
  readonly fingerprint: string;
  count(kind: RecordKind): number;
  batches<K extends RecordKind>(kind: K, batchSize: number): Iterable<RecordOf[K][]>;
  /** Whether a trust target is a business (otherwise a person). */
  isBusinessId(id: string): boolean;
}

/** A source over an in-memory network; trust is ordered by truster so batches touch few people. */
export function createNetworkSource(network: SeedNetwork, fingerprint: string): SeedSource {
  const businessIds = new Set(network.businesses.map((b) => b.id));
  const trust = [...network.trust].sort((a, b) => compareIds(a.fromId, b.fromId));
  const records: { [K in RecordKind]: readonly RecordOf[K][] } = { ...network, trust };

  return {
    fingerprint,
    count: (kind) => records[kind].length,
    *batches<K extends RecordKind>(kind: K, batchSize: number): Iterable<RecordOf[K][]> {
      const rows = records[kind] as readonly RecordOf[K][];
      for (let start = 0; start < rows.length; start += batchSize) {
        yield rows.slice(start, start + batchSize);
      }
    },
    isBusinessId: (id) => businessIds.has(id),
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
