import type { Driver } from 'neo4j-driver';

export type NodeLabel = 'Person' | 'Business';

/** What validation needs to know about ids that are not in the input itself. */
export interface GraphLookup {
  /** The label of each of `ids` that exists in the graph; absent ids are left out. */
  findNodes(ids: readonly string[]): Promise<Map<string, NodeLabel>>;
  /** Which of `ids` belonged to people who were erased; imports must not bring them back. */
  findErased(ids: readonly string[]): Promise<Set<string>>;
}

const LOOKUP_BATCH = 20_000;

export function createNeo4jGraphLookup(driver: Driver, database?: string): GraphLookup {
  const inBatches = async (
    ids: readonly string[],
    query: string,
    read: (id: string, labels: unknown) => void,
  ) => {
    for (let start = 0; start < ids.length; start += LOOKUP_BATCH) {
      const { records } = await driver.executeQuery(
        query,
        { ids: ids.slice(start, start + LOOKUP_BATCH) },
        { database, routing: 'READ' },
      );
      for (const record of records) {
        read(String(record.get('id')), record.get('label'));
      }
    }
  };

  return {
    async findNodes(ids) {
      const found = new Map<string, NodeLabel>();
      await inBatches(
        ids,
        `UNWIND $ids AS id
         OPTIONAL MATCH (p:Person {id: id})
         OPTIONAL MATCH (b:Business {id: id})
         WITH id, CASE WHEN p IS NOT NULL THEN 'Person' WHEN b IS NOT NULL THEN 'Business' END AS label
         WHERE label IS NOT NULL
         RETURN id, label`,
        (id, label) => found.set(id, label as NodeLabel),
      );
      return found;
    },
    async findErased(ids) {
      const erased = new Set<string>();
      await inBatches(
        ids,
        'UNWIND $ids AS id MATCH (e:ErasedId {id: id}) RETURN id, null AS label',
        (id) => erased.add(id),
      );
      return erased;
    },
  };
}

/** A lookup over fixed sets, for validating without a database (and in unit tests). */
export function createStaticGraphLookup(
  nodes: ReadonlyMap<string, NodeLabel> = new Map(),
  erased: ReadonlySet<string> = new Set(),
): GraphLookup {
  return {
    findNodes: (ids) =>
      Promise.resolve(
        new Map(ids.flatMap((id) => (nodes.has(id) ? [[id, nodes.get(id)!] as const] : []))),
      ),
    findErased: (ids) => Promise.resolve(new Set(ids.filter((id) => erased.has(id)))),
  };
}
