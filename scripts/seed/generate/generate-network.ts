import { createHash } from 'node:crypto';
import { trustContexts } from '../../../services/graph/src/domain/trust.ts';
import type { SeedNetwork, SeedTrust } from '../network.ts';
import { createRandom } from '../random.ts';
import type { RecordKind, RecordOf, SeedSource } from '../seed-source.ts';
import { generateActivity, type Activity } from './activity.ts';
import type { EdgeColumns } from './edge-columns.ts';
import {
  businessCategories,
  businessNameWords,
  emailDomains,
  firstNames,
  lastNames,
} from './names.ts';
import type { NetworkSpec } from './network-spec.ts';
import { generatePersonTrust } from './trust-ties.ts';
import { createTown, type Town } from './town.ts';

/** Above this many people, materialising every record as an object would not fit comfortably. */
export const MAX_MATERIALISED_PEOPLE = 200_000;

export interface GeneratedNetwork extends SeedSource {
  readonly spec: NetworkSpec;
  readonly seed: number;
  /** Person-to-person trust, as columns indexed by person number. */
  readonly personTrust: EdgeColumns;
  /** Person-to-business trust: `to` is a business number. */
  readonly businessTrust: EdgeColumns;
  readonly town: Town;
  readonly activity: Activity;
  personId(index: number): string;
  businessId(index: number): string;
  /** Every record as objects; only for networks up to MAX_MATERIALISED_PEOPLE people. */
  toSeedNetwork(): SeedNetwork;
}

/**
 * Generates a network deterministically: the same spec and seed give the same records, in the
 * same order, on every run. Records are held as typed-array columns and turned into objects one
 * batch at a time, so the million-person network streams without ten million objects in memory.
 */
export function generateNetwork(spec: NetworkSpec, seed: number): GeneratedNetwork {
  const random = createRandom(seed);
  const town = createTown(spec, random.fork(1));
  const personTrust = generatePersonTrust(spec, town, random.fork(2));
  const activity = generateActivity(spec, town, personTrust, random.fork(3));
  const trustOrder = orderByTruster(personTrust, town.personCount);

  const prefix = spec.idPrefix;
  const personId = (i: number) => `${prefix}p${i + 1}`;
  const businessId = (i: number) => `${prefix}b${i + 1}`;
  const businessPattern = new RegExp(`^${escapeRegExp(prefix)}b\\d+$`);
  const rows = createRowFactory(town, activity, personId, businessId, `${prefix}r`);
  const counts: Record<RecordKind, number> = {
    people: town.personCount,
    businesses: town.businessCount,
    trust: personTrust.length + activity.businessTrust.length,
    roles: town.owner.filter((o) => o >= 0).length + town.staffPerson.length,
    customers: activity.customerPerson.length,
    referrals: activity.referrer.length,
    leads: activity.leadPerson.length,
  };
  const produce = <K extends RecordKind>(kind: K, index: number): RecordOf[K] => {
    if (kind === 'trust') {
      return (
        index < personTrust.length
          ? trustRow(personTrust, trustOrder[index] ?? 0, personId, personId)
          : trustRow(activity.businessTrust, index - personTrust.length, personId, businessId)
      ) as RecordOf[K];
    }
    const make = (rows as Record<string, (index: number) => unknown>)[kind];
    return make?.(index) as RecordOf[K];
  };

  const network: GeneratedNetwork = {
    spec,
    seed,
    personTrust,
    businessTrust: activity.businessTrust,
    town,
    activity,
    personId,
    businessId,
    fingerprint: hashText(JSON.stringify({ spec, seed, generator: 1 })),
    count: (kind) => counts[kind],
    *batches<K extends RecordKind>(kind: K, batchSize: number): Iterable<RecordOf[K][]> {
      for (let start = 0; start < counts[kind]; start += batchSize) {
        const end = Math.min(counts[kind], start + batchSize);
        const batch: RecordOf[K][] = [];
        for (let i = start; i < end; i++) {
          batch.push(produce(kind, i));
        }
        yield batch;
      }
    },
    isBusinessId: (id) => businessPattern.test(id),
    toSeedNetwork: () => materialise(network),
  };
  return network;
}

function materialise(network: GeneratedNetwork): SeedNetwork {
  if (network.town.personCount > MAX_MATERIALISED_PEOPLE) {
    throw new RangeError(
      `refusing to materialise ${network.town.personCount} people; stream batches instead`,
    );
  }

  const all = <K extends RecordKind>(kind: K): RecordOf[K][] =>
    [...network.batches(kind, 10_000)].flat();
  return {
    people: all('people'),
    businesses: all('businesses'),
    trust: all('trust'),
    roles: all('roles'),
    customers: all('customers'),
    referrals: all('referrals'),
    leads: all('leads'),
  };
}

type RowFactory = { [K in Exclude<RecordKind, 'trust'>]: (index: number) => RecordOf[K] };

function createRowFactory(
  town: Town,
  activity: Activity,
  personId: (i: number) => string,
  businessId: (i: number) => string,
  referralPrefix: string,
): RowFactory {
  const owners = [...town.owner.entries()].filter(([, person]) => person >= 0);
  const ms = (sec: number) => sec * 1000;

  return {
    people: (i) => createPerson(town, i, personId(i)),
    businesses: (b) => {
      const category = businessCategories[town.category[b] ?? 0]!;
      const word = businessNameWords[(town.nameWord[b] ?? 0) % businessNameWords.length];
      return {
        id: businessId(b),
        name: `${word} ${category.noun}`,
        category: category.category,
        city: town.cities[town.businessCity[b] ?? 0]?.name ?? '',
        location: { lat: town.lat[b] ?? 0, lon: town.lon[b] ?? 0 },
      };
    },
    roles: (i) => {
      const owner = owners[i];
      if (owner) {
        return { personId: personId(owner[1]), businessId: businessId(owner[0]), role: 'OWNS' };
      }
      const s = i - owners.length;
      return {
        personId: personId(town.staffPerson[s] ?? 0),
        businessId: businessId(town.staffBusiness[s] ?? 0),
        role: 'WORKS_AT',
      };
    },
    customers: (i) => ({
      personId: personId(activity.customerPerson[i] ?? 0),
      businessId: businessId(activity.customerBusiness[i] ?? 0),
      since: ms(activity.customerSinceSec[i] ?? 0),
      value: activity.customerValue[i] ?? 0,
    }),
    referrals: (i) => ({
      id: `${referralPrefix}${i + 1}`,
      referrerId: personId(activity.referrer[i] ?? 0),
      referredId: personId(activity.referred[i] ?? 0),
      businessId: businessId(activity.referralBusiness[i] ?? 0),
      at: ms(activity.referralAtSec[i] ?? 0),
      converted: activity.referralConverted[i] ?? false,
    }),
    leads: (i) => {
      const convertedAtSec = activity.leadConvertedAtSec[i] ?? 0;
      const referrer = activity.leadReferrer[i] ?? -1;
      return {
        personId: personId(activity.leadPerson[i] ?? 0),
        businessId: businessId(activity.leadBusiness[i] ?? 0),
        source: activity.leadSource[i] ?? 'SEARCH',
        at: ms(activity.leadAtSec[i] ?? 0),
        ...(convertedAtSec > 0 ? { convertedAt: ms(convertedAtSec) } : {}),
        ...(referrer >= 0 ? { referrerId: personId(referrer) } : {}),
      };
    },
  };
}

function createPerson(town: Town, i: number, id: string): RecordOf['people'] {
  const first = firstNames[town.firstName[i] ?? 0] ?? 'Alex';
  const last = lastNames[town.lastName[i] ?? 0] ?? 'Smith';
  const domain = emailDomains[(town.emailDomain[i] ?? 0) - 1];
  return {
    id,
    name: `${first} ${last}`,
    ...(domain ? { email: `${first}.${last}.${i + 1}@${domain}`.toLowerCase() } : {}),
    optedOut: town.optedOut[i] === 1,
  };
}

function trustRow(
  edges: EdgeColumns,
  i: number,
  fromId: (i: number) => string,
  toId: (i: number) => string,
): SeedTrust {
  return {
    fromId: fromId(edges.from[i] ?? 0),
    toId: toId(edges.to[i] ?? 0),
    strength: Math.round((edges.strength[i] ?? 0) * 10) / 10,
    distrust: edges.distrust[i] === 1,
    context: trustContexts[edges.context[i] ?? 0] ?? 'OTHER',
    since: (edges.sinceSec[i] ?? 0) * 1000,
    lastInteractionAt: (edges.lastInteractionSec[i] ?? 0) * 1000,
  };
}

/** Edge indices sorted by truster (a counting sort), so each load batch covers few trusters. */
function orderByTruster(edges: EdgeColumns, personCount: number): Int32Array {
  const start = new Int32Array(personCount + 1);
  for (let i = 0; i < edges.length; i++) {
    start[(edges.from[i] ?? 0) + 1]!++;
  }
  for (let u = 0; u < personCount; u++) {
    start[u + 1]! += start[u] ?? 0;
  }

  const order = new Int32Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    order[start[edges.from[i] ?? 0]!++] = i;
  }
  return order;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
