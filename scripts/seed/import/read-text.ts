import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ImportFileError } from './import-issue.ts';

/** A file's text, gunzipped when its name ends in .gz. */
export async function readText(path: string): Promise<{ text: string; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ImportFileError(path, 'cannot be read', { cause: error });
  }

  try {
    const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes };
  } catch (error) {
    throw new ImportFileError(path, 'is not valid gzip', { cause: error });
  }
}

/** Lines with their 1-based numbers; a trailing `\r` (CRLF files) is dropped. */
export function* numberedLines(text: string): Generator<{ line: number; text: string }> {
  let line = 0;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    line++;
    yield { line, text: text.slice(start, text[stop - 1] === '\r' ? stop - 1 : stop) };
    start = stop + 1;
  }
}
