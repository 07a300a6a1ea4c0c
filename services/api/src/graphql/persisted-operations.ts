import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The operations partner keys may run, one per `schema/operations/*.graphql` file, keyed by the
 * sha256 (hex) of the file's text as Apollo's persisted-query extension sends it:
 * `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hash>"}}}`.
 */
export async function readPersistedOperations(directory: string): Promise<Map<string, string>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.graphql')).sort();
  const operations = new Map<string, string>();
  for (const file of files) {
    const text = await readFile(path.join(directory, file), 'utf8');
    operations.set(hashOperation(text), text);
  }

  return operations;
}

export function hashOperation(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
