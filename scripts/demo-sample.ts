import neo4j from 'neo4j-driver';

/**
 * Prints the GraphQL URL and a sample query against the demo town: someone asking for a way in
 * to a business run by a friend of a friend.
 */
const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'warmpath-dev'),
);
try {
  const { records } = await driver.executeQuery(
    `MATCH (a:Person)-[:TRUSTS]-(:Person)-[:TRUSTS]-(o:Person)-[:OWNS]->(b:Business)
     WHERE a <> o AND NOT (a)-[:TRUSTS]-(o) AND NOT coalesce(a.optedOut, false)
     RETURN a.id AS fromId, b.id AS toId ORDER BY a.id, b.id LIMIT 1`,
  );
  const record = records[0];
  const url = `http://127.0.0.1:${process.env.PORT ?? '4000'}/graphql`;
  const query = `{ introPaths(from: "${String(record?.get('fromId'))}", to: "${String(record?.get('toId'))}") { ... on IntroPaths { computedAt graphVersion cached paths { warmth hopCount hops { from { name } to { name kind } kind strength direction context } } } ... on Error { code message } } }`;
  const key = process.env.WARMPATH_DEMO_KEY ?? '<an API key from npm run admin -- keys create>';
  process.stdout.write(
    `\nWarmpath GraphQL: ${url} (GraphiQL: add the header below in its Headers tab)\n` +
      `Demo API key (internal, admin): Authorization: Bearer ${key}\n\nSample query:\n  ${query}\n\n` +
      `curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${key}' \\\n` +
      `  -d '${JSON.stringify({ query })}'\n\n`,
  );
} finally {
  await driver.close();
}
