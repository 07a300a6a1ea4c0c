import { parse } from 'csv-parse/sync';
import { recordKinds, type RecordKind, type RecordOf } from '../seed-source.ts';
import { ImportFileError, type ImportIssue, type RowOrigin } from './import-issue.ts';
import { numberedLines } from './read-text.ts';
import { buildRecord, recordFields } from './record-fields.ts';

/** A record parsed from one row, with where it came from. */
export interface ParsedRow<K extends RecordKind = RecordKind> {
  readonly kind: K;
  readonly origin: RowOrigin;
  readonly record: RecordOf[K];
}

export interface ParsedFile {
  readonly rows: ParsedRow[];
  readonly issues: ImportIssue[];
}

interface CsvEntry {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * CSV with a header row naming the kind's fields in any order (FORMATS.md). A row with another
 * number of columns than the header is refused as a whole.
 */
export function parseCsv(
  file: string,
  text: string,
  kind: RecordKind,
  idPrefix: string,
): ParsedFile {
  const entries = parseCsvEntries(file, text);
  const header = entries[0];
  if (!header) {
    throw new ImportFileError(file, 'is empty; a header row is required');
  }
  const columns = header.record.map((c) => c.trim());
  checkHeader(file, kind, columns);

  const rows: ParsedRow[] = [];
  const issues: ImportIssue[] = [];
  for (const entry of entries.slice(1)) {
    const line = entry.info.lines - countNewlines(entry.raw);
    if (entry.record.length !== columns.length) {
      issues.push({
        file,
        line,
        field: 'row',
        reason: `expected ${columns.length} columns, found ${entry.record.length}`,
      });
      continue;
    }
    const raw = Object.fromEntries(columns.map((c, i) => [c, entry.record[i]]));
    collect(kind, raw, { file, line }, idPrefix, rows, issues);
  }
  return { rows, issues };
}

function parseCsvEntries(file: string, text: string): CsvEntry[] {
  try {
    return parse(text, {
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as CsvEntry[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ImportFileError(file, `is not valid CSV${line ? ` (line ${line})` : ''}`, {
      cause: error,
    });
  }
}

function checkHeader(file: string, kind: RecordKind, columns: readonly string[]): void {
  const known = recordFields[kind].map((f) => f.name);
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length > 0) {
    throw new ImportFileError(file, `unknown column(s) for ${kind}: ${unknown.join(', ')}`);
  }
  const missing = recordFields[kind].filter((f) => f.required && !columns.includes(f.name));
  if (missing.length > 0) {
    throw new ImportFileError(
      file,
      `missing required column(s) for ${kind}: ${missing.map((f) => f.name).join(', ')}`,
    );
  }
}

function countNewlines(raw: string): number {
  const trimmed = raw.replace(/\r?\n$/, '');
  let count = 0;
  for (let i = trimmed.indexOf('\n'); i >= 0; i = trimmed.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

/**
 * One JSON object per line. A `kind` field names the record kind, so one file can mix kinds;
 * without it, `defaultKind` applies. Blank lines are ignored.
 */
export function parseJsonl(
  file: string,
  text: string,
  defaultKind: RecordKind | undefined,
  idPrefix: string,
): ParsedFile {
  const rows: ParsedRow[] = [];
  const issues: ImportIssue[] = [];
  for (const { line, text: lineText } of numberedLines(text)) {
    if (lineText.trim() === '') {
      continue;
    }
    const parsed = parseJsonObject(lineText);
    if (!parsed) {
      issues.push({ file, line, field: 'row', reason: 'not a JSON object' });
      continue;
    }

    const { kind = defaultKind, ...raw } = parsed;
    if (kind === undefined) {
      issues.push({ file, line, field: 'kind', reason: 'missing (give --kind or a kind field)' });
    } else if (!isRecordKind(kind)) {
      issues.push({
        file,
        line,
        field: 'kind',
        reason: `unknown kind (expected one of ${recordKinds.join(', ')})`,
      });
    } else {
      const unknown = Object.keys(raw).filter((k) => !recordFields[kind].some((f) => f.name === k));
      if (unknown.length > 0) {
        issues.push({ file, line, field: unknown[0]!, reason: `unknown field for ${kind}` });
        continue;
      }
      collect(kind, raw, { file, line }, idPrefix, rows, issues);
    }
  }
  return { rows, issues };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function isRecordKind(value: unknown): value is RecordKind {
  return (recordKinds as readonly unknown[]).includes(value);
}

function collect(
  kind: RecordKind,
  raw: Record<string, unknown>,
  origin: RowOrigin,
  idPrefix: string,
  rows: ParsedRow[],
  issues: ImportIssue[],
): void {
  const built = buildRecord(kind, raw, idPrefix);
  if ('issues' in built) {
    for (const issue of built.issues) {
      issues.push({ ...origin, ...issue });
    }
  } else {
    rows.push({ kind, origin, record: built.record });
  }
}
