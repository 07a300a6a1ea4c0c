import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { SchemaMissingError } from '../domain/errors.ts';

/** One statement of a numbered schema file, with the constraint or index name it creates. */
export interface SchemaStatement {
  readonly file: string;
  readonly name: string;
  readonly cypher: string;
}

const NAMED_CREATE =
  /^CREATE\s+(?:CONSTRAINT|(?:POINT\s+|FULLTEXT\s+|RANGE\s+|TEXT\s+)?INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS/i;

/** Reads `NNN-*.cypher` files in order; every statement must create a named object idempotently. */
export async function readSchemaStatements(schemaDir: string): Promise<SchemaStatement[]> {
  const files = (await readdir(schemaDir)).filter((file) => /^\d{3}-.*\.cypher$/.test(file)).sort();
  const statements: SchemaStatement[] = [];
  for (const file of files) {
    const text = await readFile(path.join(schemaDir, file), 'utf8');
    statements.push(...parseSchemaFile(file, text));
  }

  return statements;
}

export function parseSchemaFile(file: string, text: string): SchemaStatement[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');

  return withoutComments
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean)
    .map((cypher) => {
      const name = NAMED_CREATE.exec(cypher)?.[1];
      if (!name) {
        throw new Error(
          `${file}: every statement must be CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS`,
        );
      }

      return { file, name, cypher };
    });
}

/** Applies every statement (each is idempotent), then waits for the indexes to come online. */
export async function applySchema(
  driver: Driver,
  statements: readonly SchemaStatement[],
): Promise<void> {
  for (const statement of statements) {
    await driver.executeQuery(statement.cypher);
  }

  await driver.executeQuery('CALL db.awaitIndexes(300)');
}

/** Names of schema objects that are absent or not online. */
export async function findMissingSchema(
  driver: Driver,
  statements: readonly SchemaStatement[],
): Promise<string[]> {
  const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name');
  const indexes = await driver.executeQuery('SHOW INDEXES YIELD name, state RETURN name, state');
  const present = new Set<string>(
    constraints.records.map((record) => record.get('name') as string),
  );
  for (const record of indexes.records) {
    if (record.get('state') === 'ONLINE') {
      present.add(record.get('name') as string);
    }
  }

  return statements
    .filter((statement) => !present.has(statement.name))
    .map((statement) => statement.name);
}

/** Throws SchemaMissingError naming every missing constraint and index. */
export async function assertSchema(
  driver: Driver,
  statements: readonly SchemaStatement[],
): Promise<void> {
  const missing = await findMissingSchema(driver, statements);
  if (missing.length > 0) {
    throw new SchemaMissingError(missing);
  }
}
