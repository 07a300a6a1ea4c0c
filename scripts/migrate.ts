import path from 'node:path';
import neo4j from 'neo4j-driver';
import {
  applySchema,
  findMissingSchema,
  readSchemaStatements,
} from '../services/graph/src/index.ts';

/** Applies schema/NNN-*.cypher to the Neo4j named by NEO4J_URI; every statement is idempotent. */
const uri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687';
const driver = neo4j.driver(
  uri,
  neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'warmpath-dev'),
);
try {
  const statements = await readSchemaStatements(path.resolve(import.meta.dirname, '../schema'));
  await applySchema(driver, statements);
  const missing = await findMissingSchema(driver, statements);
  if (missing.length > 0) {
    process.stderr.write(`schema still missing after migrate: ${missing.join(', ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`schema up to date: ${statements.length} constraints and indexes\n`);
  }
} finally {
  await driver.close();
}
