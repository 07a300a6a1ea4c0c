import { recordKinds, type RecordKind } from '../seed-source.ts';

export interface KindCounts {
  rows: number;
  created: number;
  /** Existing records whose properties changed. */
  updated: number;
  /** Existing records already equal to the input. */
  unchanged: number;
  /** Rows not written because a node they connect was not in the graph. */
  skipped: number;
  /** Rows in batches a previous, interrupted run of the same load had already written. */
  resumed: number;
  batches: number;
}

export interface LoadSummary {
  /** Identifies the input and options; checkpoints of an interrupted load carry it. */
  readonly key: string;
  readonly byKind: Readonly<Record<RecordKind, KindCounts>>;
  readonly total: KindCounts;
  readonly durationMs: number;
  /** Time spent writing relationships (every kind but people and businesses). */
  readonly relationshipMs: number;
  readonly rowsPerSecond: number;
  readonly relationshipsPerSecond: number;
  /** GraphMeta.version after the load, or null when nothing changed and it was left alone. */
  readonly graphVersion: number | null;
}

export function createKindCounts(): KindCounts {
  return { rows: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, resumed: 0, batches: 0 };
}

export function sumCounts(counts: readonly KindCounts[]): KindCounts {
  const total = createKindCounts();
  for (const c of counts) {
    for (const field of Object.keys(total) as (keyof KindCounts)[]) {
      total[field] += c[field];
    }
  }
  return total;
}

/** The final summary as plain-text lines: counts per kind, then duration and rates. */
export function formatLoadSummary(summary: LoadSummary): string {
  const header = `${'kind'.padEnd(11)} ${[
    'rows',
    'created',
    'updated',
    'unchanged',
    'skipped',
    'resumed',
  ]
    .map((h) => h.padStart(10))
    .join(' ')}`;
  const line = (name: string, c: KindCounts) =>
    `${name.padEnd(11)} ${[c.rows, c.created, c.updated, c.unchanged, c.skipped, c.resumed]
      .map((n) => String(n).padStart(10))
      .join(' ')}`;

  return [
    header,
    ...recordKinds.filter((k) => summary.byKind[k].rows > 0).map((k) => line(k, summary.byKind[k])),
    line('total', summary.total),
    `duration ${(summary.durationMs / 1000).toFixed(1)} s, ${Math.round(summary.rowsPerSecond)} rows/s, ` +
      `${Math.round(summary.relationshipsPerSecond)} relationships/s`,
    summary.graphVersion === null
      ? 'graph unchanged; version left as it was'
      : `graph version ${summary.graphVersion}`,
  ].join('\n');
}
