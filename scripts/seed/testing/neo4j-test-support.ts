import { createHash, randomUUID } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';

/** Neo4j for integration tests, from NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD (local defaults). */
export function connectTestNeo4j(): Driver {
  return neo4j.driver(
    process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(
      process.env.NEO4J_USER ?? 'neo4j',
      process.env.NEO4J_PASSWORD ?? 'warmpath-dev',
    ),
    { maxTransactionRetryTime: 60_000 },
  );
}

/** An id prefix no other test uses, so each test touches only its own nodes. */
export function createTestPrefix(label: string): string {
  return `seedtest-${label}-${randomUUID().slice(0, 8)}-`;
}

/** Deletes the people, businesses and erased ids whose id starts with `prefix`, and nothing else. */
export async function deleteByPrefix(driver: Driver, prefix: string): Promise<void> {
  const session = driver.session();
  try {
    await session.run(
      `MATCH (n:Person) WHERE n.id STARTS WITH $prefix
       CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
      { prefix },
    );
    await session.run(
      `MATCH (n:Business) WHERE n.id STARTS WITH $prefix
       CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
      { prefix },
    );
    await session.run('MATCH (e:ErasedId) WHERE e.id STARTS WITH $prefix DELETE e', { prefix });
  } finally {
    await session.close();
  }
}

export interface GraphCounts {
  readonly people: number;
  readonly businesses: number;
  readonly relationships: Readonly<Record<string, number>>;
}

/** Counts of the prefix's nodes and of the relationships leaving them, by type. */
export async function countByPrefix(driver: Driver, prefix: string): Promise<GraphCounts> {
  const count = async (query: string) => {
    const { records } = await driver.executeQuery(query, { prefix });
    return records;
  };
  const [people] = await count(
    'MATCH (n:Person) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n',
  );
  const [businesses] = await count(
    'MATCH (n:Business) WHERE n.id STARTS WITH $prefix RETURN count(n) AS n',
  );
  const relationships = await count(
    `MATCH (n:Person) WHERE n.id STARTS WITH $prefix
     MATCH (n)-[r]->() RETURN type(r) AS type, count(r) AS n`,
  );

  return {
    people: Number(people?.get('n')),
    businesses: Number(businesses?.get('n')),
    relationships: Object.fromEntries(
      relationships.map((r) => [String(r.get('type')), Number(r.get('n'))]),
    ),
  };
}

/**
 * A digest of the prefix's nodes and outgoing relationships with all their properties, ids
 * written without the prefix: two loads of the same network under different prefixes have equal
 * checksums exactly when they wrote the same graph.
 */
export async function checksumByPrefix(driver: Driver, prefix: string): Promise<string> {
  const { records } = await driver.executeQuery(
    `MATCH (a) WHERE (a:Person OR a:Business) AND a.id STARTS WITH $prefix
     OPTIONAL MATCH (a)-[r]->(b)
     RETURN a.id AS id, labels(a) AS labels, properties(a) AS props,
       type(r) AS type, b.id AS target, properties(r) AS relProps`,
    { prefix },
  );
  const strip = (value: unknown) =>
    typeof value === 'string' ? value.replaceAll(prefix, '') : value;
  const canonical = (props: unknown) =>
    props === null
      ? ''
      : Object.entries(props as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${String(strip(v))}`)
          .join(',');
  const lines = records
    .map((r) =>
      [
        r.get('id'),
        r.get('labels'),
        canonical(r.get('props')),
        r.get('type'),
        r.get('target'),
        canonical(r.get('relProps')),
      ]
        .map((v) => String(strip(v)))
        .join('|'),
    )
    .sort();

  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
