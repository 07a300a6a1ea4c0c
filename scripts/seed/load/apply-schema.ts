import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import {
  applySchema as applyStatements,
  readSchemaStatements,
} from '../../../services/graph/src/index.ts';

const SCHEMA_DIR = path.resolve(import.meta.dirname, '../../../schema');

/** Applies schema/NNN-*.cypher, as `npm run migrate` does; returns how many statements ran. */
export async function applySchema(driver: Driver): Promise<number> {
  const statements = await readSchemaStatements(SCHEMA_DIR);
  await applyStatements(driver, statements);

  return statements.length;
}
