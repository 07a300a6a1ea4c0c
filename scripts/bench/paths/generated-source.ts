import type {
  BusinessColumns,
  ColumnarProjectionSource,
  PersonColumns,
  RoleColumns,
  TieColumns,
} from '../../../services/graph/src/engine/projection-source.ts';
import type { GeneratedNetwork } from '../../seed/generate/generate-network.ts';
import type { EdgeColumns } from '../../seed/generate/edge-columns.ts';

const BATCH = 100_000;

/**
 * The generated network as a columnar projection source, straight from its typed arrays: person
 * i has key i and business b key `people + b`, so the projection is built without Neo4j (for
 * developing the engine) with the same ids, ties and roles the seed loader writes.
 */
export function createGeneratedSource(network: GeneratedNetwork): ColumnarProjectionSource {
  const people = network.town.personCount;

  return {
    personColumns: () => toAsync(personBatches(network)),
    businessColumns: () => toAsync(businessBatches(network)),
    tieColumns: () =>
      toAsync([edgeColumns(network.personTrust, 0), edgeColumns(network.businessTrust, people)]),
    roleColumns: () => toAsync([roleColumns(network)]),
  };
}

/** The source interface is asynchronous; these columns are already in memory. */
async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    yield await Promise.resolve(item);
  }
}

function* personBatches(network: GeneratedNetwork): Generator<PersonColumns> {
  const people = network.town.personCount;
  for (let start = 0; start < people; start += BATCH) {
    const end = Math.min(people, start + BATCH);
    const keys = Array.from({ length: end - start }, (_, i) => start + i);
    yield {
      keys,
      ids: keys.map((key) => network.personId(key)),
      optedOut: network.town.optedOut.subarray(start, end),
    };
  }
}

function businessBatches(network: GeneratedNetwork): BusinessColumns[] {
  const people = network.town.personCount;
  const indices = Array.from({ length: network.town.businessCount }, (_, b) => b);

  return [{ keys: indices.map((b) => people + b), ids: indices.map((b) => network.businessId(b)) }];
}

function roleColumns(network: GeneratedNetwork): RoleColumns {
  const people = network.town.personCount;
  const personKeys: number[] = [];
  const businessKeys: number[] = [];
  const roles: number[] = [];
  network.town.owner.forEach((person, b) => {
    if (person >= 0) {
      personKeys.push(person);
      businessKeys.push(people + b);
      roles.push(0);
    }
  });
  network.town.staffPerson.forEach((person, i) => {
    personKeys.push(person);
    businessKeys.push(people + (network.town.staffBusiness[i] ?? 0));
    roles.push(1);
  });

  return { count: roles.length, personKeys, businessKeys, roles };
}

function edgeColumns(edges: EdgeColumns, toOffset: number): TieColumns {
  const count = edges.length;
  const toKeys = new Float64Array(count);
  const times = new Float64Array(count);
  const strengths = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    toKeys[i] = (edges.to[i] ?? 0) + toOffset;
    // The seed rows round strengths to one decimal; the same rounding keeps both graphs equal.
    strengths[i] = Math.round((edges.strength[i] ?? 0) * 10) / 10;
    times[i] = (edges.lastInteractionSec[i] ?? 0) * 1000;
  }

  return {
    count,
    fromKeys: edges.from,
    toKeys,
    strengths,
    distrust: edges.distrust,
    contexts: edges.context,
    lastInteractionAtMs: times,
  };
}
