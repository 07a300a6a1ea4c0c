import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  createNetworkSource,
  recordKinds,
  type RecordKind,
  type SeedSource,
} from '../seed-source.ts';
import type { GraphLookup } from './graph-lookup.ts';
import { ImportFileError, type ImportIssue, type RowOrigin } from './import-issue.ts';
import { parseEdgeList } from './parse-edge-list.ts';
import { isRecordKind, parseCsv, parseJsonl, type ParsedRow } from './parse-tabular.ts';
import { readText } from './read-text.ts';
import { validateRows, type ValidatedImport } from './validate-rows.ts';

export const importFormats = ['csv', 'jsonl', 'snap', 'konect'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  /** Default: inferred from each file's name (see inferFormat). */
  readonly format?: ImportFormat;
  /** Record kind of CSV files and of JSONL lines without a `kind`. Default: from the file name. */
  readonly kind?: RecordKind;
  /** Prepended to every id read. Default ''. */
  readonly idPrefix?: string;
  /** Strength of edge-list ties without a weight. Default 0.5. */
  readonly defaultStrength?: number;
  /** Edge-list lines are undirected: each becomes trust both ways. Default false. */
  readonly undirected?: boolean;
}

export interface FileReport {
  readonly file: string;
  readonly format: ImportFormat;
  readonly kind?: RecordKind;
  /** Rows parsed without a field error (edge lists: ties, so two per line when undirected). */
  readonly rows: number;
  readonly edgeLines?: number;
  readonly selfLoops?: number;
}

export interface ImportPlan {
  readonly files: readonly FileReport[];
  readonly validated: ValidatedImport;
  /** The valid records, ready for loadSource. */
  readonly source: SeedSource;
  readonly issues: readonly ImportIssue[];
}

export const DEFAULT_EDGE_STRENGTH = 0.5;

/**
 * Reads, parses and validates every file together (a trust file may refer to people in another),
 * without writing anything. Bad rows become issues; the rest form the plan's source.
 *
 * Limitation: files are held in memory whole, which suits inputs up to a few million rows; larger
 * inputs would need a two-pass streaming reader that keeps only the ids between passes.
 */
export async function planImport(
  paths: readonly string[],
  options: ImportOptions,
  lookup: GraphLookup,
): Promise<ImportPlan> {
  const idPrefix = options.idPrefix ?? '';
  const hash = createHash('sha256').update(JSON.stringify({ ...options, importer: 1 }));
  const parsed: ParsedRow[] = [];
  const issues: ImportIssue[] = [];
  const implicitPeople = new Map<string, RowOrigin>();
  const files: FileReport[] = [];

  for (const path of paths) {
    const { format, kind } = inferFormat(path, options);
    const { text, bytes } = await readText(path);
    hash.update(path).update(bytes);
    if (format === 'snap' || format === 'konect') {
      const result = parseEdgeList(path, text, {
        format,
        idPrefix,
        defaultStrength: options.defaultStrength ?? DEFAULT_EDGE_STRENGTH,
        undirected: options.undirected ?? false,
      });
      append(parsed, result.rows);
      append(issues, result.issues);
      result.nodes.forEach(
        (origin, id) => implicitPeople.has(id) || implicitPeople.set(id, origin),
      );
      files.push({
        file: path,
        format,
        rows: result.rows.length,
        edgeLines: result.edgeLines,
        selfLoops: result.selfLoops,
      });
      continue;
    }

    const result =
      format === 'csv'
        ? parseCsv(path, text, kind!, idPrefix)
        : parseJsonl(path, text, kind, idPrefix);
    append(parsed, result.rows);
    append(issues, result.issues);
    files.push({ file: path, format, ...(kind ? { kind } : {}), rows: result.rows.length });
  }

  const validated = await validateRows(parsed, issues, implicitPeople, lookup, paths);
  const base = createNetworkSource(validated.network, hash.digest('hex'));
  const source: SeedSource = { ...base, isBusinessId: (id) => validated.businessIds.has(id) };
  return { files, validated, source, issues: validated.issues };
}

/**
 * `out.*` is KONECT; `.jsonl`/`.ndjson` is JSONL; `.csv` is CSV when a kind is known (from
 * `--kind` or a file name starting with one, e.g. `people.csv`), else a SNAP edge list; `.txt`,
 * `.tsv` and `.edges` are SNAP. A trailing `.gz` is looked through.
 */
export function inferFormat(
  path: string,
  options: Pick<ImportOptions, 'format' | 'kind'>,
): { format: ImportFormat; kind?: RecordKind } {
  const name = basename(path).replace(/\.gz$/, '').toLowerCase();
  const kind = options.kind ?? recordKinds.find((k) => name.startsWith(k));
  const format = options.format ?? guessFormat(name, kind);
  if (!format) {
    throw new ImportFileError(path, 'cannot tell its format from its name; give --format');
  }
  if (format === 'csv' && !kind) {
    throw new ImportFileError(
      path,
      `cannot tell which records it holds; give --kind (${recordKinds.join('|')})`,
    );
  }
  return kind && (format === 'csv' || format === 'jsonl') ? { format, kind } : { format };
}

function guessFormat(name: string, kind: RecordKind | undefined): ImportFormat | undefined {
  if (name.startsWith('out.')) return 'konect';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.csv')) return kind ? 'csv' : 'snap';
  if (/\.(txt|tsv|edges)$/.test(name)) return 'snap';
  return undefined;
}

/** push(...items) overflows the call stack for large arrays. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}

export { isRecordKind };
