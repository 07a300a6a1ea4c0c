import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printWarmpathSchema } from '../services/api/src/graphql/schema.ts';

/** Writes the GraphQL SDL to schema/schema.graphql; a test checks the committed copy is current. */
const target = path.resolve(import.meta.dirname, '../schema/schema.graphql');
await writeFile(target, printWarmpathSchema());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
