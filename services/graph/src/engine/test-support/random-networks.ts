import fc from 'fast-check';
import type { BusinessRole } from '../../domain/business.ts';
import type { GraphChange } from '../../domain/graph-change.ts';
import { trustContexts, type TrustContext } from '../../domain/trust.ts';
import type { NetworkRecords } from '../projection-source.ts';

export const NOW_MS = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;

/** Ids chosen so that numeric and string order disagree ('p10' < 'p2'). */
export const personIds = Array.from({ length: 12 }, (_, i) => `p${i}`);
export const businessIds = ['b0', 'b1', 'b2'];

export interface MutableNetwork {
  people: Map<string, boolean>;
  businesses: Set<string>;
  trust: Map<string, NetworkRecords['trust'][number]>;
  roles: Set<string>;
}

/** Mostly a few round values, so equal warmths (and the tie-breaks) are common. */
const strengthArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 0.5, 0.5, 0.8, 1, 1, 1) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);
const ageArbitrary = fc.constantFrom(0, 0, 0, 0, 30, 365, 1000);
const contextArbitrary = fc.constantFrom<TrustContext>(...trustContexts);

export interface TieSpec {
  readonly from: number;
  readonly to: number;
  readonly toBusiness: boolean;
  readonly strength: number;
  readonly distrust: boolean;
  readonly context: TrustContext;
  readonly ageDays: number;
}

export const tieArbitrary: fc.Arbitrary<TieSpec> = fc.record({
  from: fc.nat({ max: 11 }),
  to: fc.nat({ max: 11 }),
  toBusiness: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  strength: strengthArbitrary,
  distrust: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  context: contextArbitrary,
  ageDays: ageArbitrary,
});

export interface NetworkSpec {
  readonly personCount: number;
  readonly businessCount: number;
  readonly optedOut: readonly boolean[];
  readonly ties: readonly TieSpec[];
  readonly roles: readonly { person: number; business: number; role: BusinessRole }[];
}

export const networkArbitrary: fc.Arbitrary<NetworkSpec> = fc.record({
  personCount: fc.integer({ min: 2, max: 12 }),
  businessCount: fc.integer({ min: 0, max: 3 }),
  optedOut: fc.array(
    fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    { minLength: 12, maxLength: 12 },
  ),
  ties: fc.array(tieArbitrary, { minLength: 4, maxLength: 60, size: 'max' }),
  roles: fc.array(
    fc.record({
      person: fc.nat({ max: 11 }),
      business: fc.nat({ max: 2 }),
      role: fc.constantFrom<BusinessRole>('OWNS', 'WORKS_AT'),
    }),
    { maxLength: 5, size: 'max' },
  ),
});

/** Builds the network a spec describes, dropping ties and roles to nodes it does not have. */
export function buildNetwork(spec: NetworkSpec): MutableNetwork {
  const network: MutableNetwork = {
    people: new Map(),
    businesses: new Set(),
    trust: new Map(),
    roles: new Set(),
  };
  for (let i = 0; i < spec.personCount; i++) {
    network.people.set(personIds[i] ?? '', spec.optedOut[i] ?? false);
  }

  for (let i = 0; i < spec.businessCount; i++) {
    network.businesses.add(businessIds[i] ?? '');
  }

  for (const tie of spec.ties) {
    const to = tie.to % (tie.toBusiness ? Math.max(1, spec.businessCount) : spec.personCount);
    const change = tieChange({ ...tie, from: tie.from % spec.personCount, to }, 0);
    if (change.type === 'TRUST_SET') {
      applyToNetwork(network, change);
    }
  }

  for (const role of spec.roles) {
    applyToNetwork(network, {
      version: 0,
      type: 'ROLE_SET',
      personId: personIds[role.person % spec.personCount] ?? '',
      businessId: businessIds[role.business % Math.max(1, spec.businessCount)] ?? '',
      role: role.role,
    });
  }

  return network;
}

export function tieChange(tie: TieSpec, version: number): GraphChange {
  return {
    version,
    type: 'TRUST_SET',
    fromId: personIds[tie.from] ?? '',
    toId: tie.toBusiness ? (businessIds[tie.to % 3] ?? '') : (personIds[tie.to] ?? ''),
    toKind: tie.toBusiness ? 'BUSINESS' : 'PERSON',
    strength: tie.distrust ? 0 : tie.strength,
    distrust: tie.distrust,
    context: tie.context,
    lastInteractionAtMs: NOW_MS - tie.ageDays * DAY_MS,
  };
}

export const changeArbitrary: fc.Arbitrary<(version: number) => GraphChange> = fc.oneof(
  tieArbitrary.map((tie) => (version: number) => tieChange(tie, version)),
  tieArbitrary.map((tie) => (version: number): GraphChange => {
    const set = tieChange(tie, version);

    return set.type === 'TRUST_SET'
      ? { version, type: 'TRUST_REMOVED', fromId: set.fromId, toId: set.toId }
      : set;
  }),
  fc
    .record({ person: fc.nat({ max: 11 }), optedOut: fc.boolean() })
    .map(({ person, optedOut }) => (version: number): GraphChange => ({
      version,
      type: 'PERSON_UPSERTED',
      personId: personIds[person] ?? '',
      optedOut,
    })),
  fc.nat({ max: 2 }).map((business) => (version: number): GraphChange => ({
    version,
    type: 'BUSINESS_UPSERTED',
    businessId: businessIds[business] ?? '',
  })),
  fc
    .record({ person: fc.nat({ max: 11 }), business: fc.nat({ max: 2 }), on: fc.boolean() })
    .chain(({ person, business, on }) =>
      fc
        .constantFrom<BusinessRole>('OWNS', 'WORKS_AT')
        .map((role) => (version: number): GraphChange => ({
          version,
          type: on ? 'ROLE_SET' : 'ROLE_REMOVED',
          personId: personIds[person] ?? '',
          businessId: businessIds[business] ?? '',
          role,
        })),
    ),
  fc.nat({ max: 11 }).map((person) => (version: number): GraphChange => ({
    version,
    type: 'PERSON_DELETED',
    personId: personIds[person] ?? '',
  })),
);

/**
 * Whether a change names only nodes that exist (as committed changes always do), so it can be
 * applied to both the network and a projection.
 */
export function isApplicable(network: MutableNetwork, change: GraphChange): boolean {
  switch (change.type) {
    case 'TRUST_SET':
      return (
        network.people.has(change.fromId) &&
        change.fromId !== change.toId &&
        (change.toKind === 'BUSINESS'
          ? network.businesses.has(change.toId)
          : network.people.has(change.toId))
      );
    case 'ROLE_SET':
      return network.people.has(change.personId) && network.businesses.has(change.businessId);
    default:
      return true;
  }
}

/** Applies a change to the plain network, as Neo4j would. */
export function applyToNetwork(network: MutableNetwork, change: GraphChange): void {
  switch (change.type) {
    case 'PERSON_UPSERTED':
      network.people.set(change.personId, change.optedOut);
      break;
    case 'BUSINESS_UPSERTED':
      network.businesses.add(change.businessId);
      break;
    case 'TRUST_SET':
      if (isApplicable(network, change)) {
        network.trust.set(`${change.fromId}>${change.toId}`, {
          fromId: change.fromId,
          toId: change.toId,
          strength: change.strength,
          distrust: change.distrust,
          context: change.context,
          lastInteractionAt: change.lastInteractionAtMs,
        });
      }
      break;
    case 'TRUST_REMOVED':
      network.trust.delete(`${change.fromId}>${change.toId}`);
      break;
    case 'ROLE_SET':
      if (isApplicable(network, change)) {
        network.roles.add(`${change.personId}>${change.businessId}>${change.role}`);
      }
      break;
    case 'ROLE_REMOVED':
      network.roles.delete(`${change.personId}>${change.businessId}>${change.role}`);
      break;
    case 'PERSON_DELETED':
      deleteFromNetwork(network, change.personId);
      break;
    case 'GRAPH_RELOADED':
      break;
  }
}

function deleteFromNetwork(network: MutableNetwork, personId: string): void {
  network.people.delete(personId);
  for (const [key, tie] of network.trust) {
    if (tie.fromId === personId || tie.toId === personId) {
      network.trust.delete(key);
    }
  }

  for (const key of network.roles) {
    if (key.startsWith(`${personId}>`)) {
      network.roles.delete(key);
    }
  }
}

export function toRecords(network: MutableNetwork): NetworkRecords {
  return {
    people: [...network.people].map(([id, optedOut]) => ({ id, optedOut })),
    businesses: [...network.businesses].map((id) => ({ id })),
    trust: [...network.trust.values()],
    roles: [...network.roles].map((key) => {
      const [personId = '', businessId = '', role = 'OWNS'] = key.split('>');

      return { personId, businessId, role: role as BusinessRole };
    }),
  };
}
