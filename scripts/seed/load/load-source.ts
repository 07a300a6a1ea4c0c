import { createHash } from 'node:crypto';
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { recordKinds, type RecordKind, type RecordOf, type SeedSource } from '../seed-source.ts';
import { FreshLoadConflictError, LoadInterruptedError } from './load-errors.ts';
import { createKindCounts, sumCounts, type KindCounts, type LoadSummary } from './load-summary.ts';
import { createNodeRefs, type NodeRefs } from './node-refs.ts';
import { nodeRefsQuery } from './node-statements.ts';
import { nodeKinds, statementBuilders, type Statement, type WriteMode } from './statements.ts';
import { appendGraphReloaded } from '../../../services/graph/src/storage/graph-log.ts';

export interface LoadOptions {
  /** Rows per transaction. Default 10,000. */
  readonly batchSize?: number;
  /**
   * Transactions in flight at once, each in its own session, taking consecutive batches (so
   * relationship batches cover different truster ranges). Default 2 for fresh loads: CREATE
   * takes only shared locks until commit, so one batch runs while the other commits. Default 1
   * otherwise: MERGE locks both ends of every relationship as it runs, so concurrent batches on
   * shared nodes wait on each other and deadlock now and then (the driver retries them).
   */
  readonly concurrency?: number;
  /**
   * CREATE instead of MERGE. Only for ids that do not exist yet: checked by counting them first,
   * and the unique constraints reject any node created meanwhile. Default false.
   */
  readonly fresh?: boolean;
  /** Database name. Default: the server's default database. */
  readonly database?: string;
  /** Mixed into the checkpoint key, so that loads of one input with other options resume apart. */
  readonly keySalt?: string;
  /** Called after every batch written or skipped. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Stops the load with LoadInterruptedError once this many batches have been written. */
  readonly failAfterBatches?: number;
  /** Stamped as createdAt/updatedAt and as the default trust dates. Default: now. */
  readonly now?: Date;
}

export interface LoadProgress {
  readonly kind: RecordKind;
  /** Rows handled so far, of all kinds, and the total to handle. */
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly created: number;
}

const DEFAULT_BATCH_SIZE = 10_000;
const CHECKPOINT_DELETE_BATCH = 10_000;

/**
 * Writes a source's records batch by batch, people and businesses first, then relationships.
 * Each batch is one `executeWrite` transaction (retried by the driver on transient errors such
 * as deadlocks) that also records an `(:ImportCheckpoint {key, batch})`; a load interrupted and
 * run again with the same input and options skips the batches already written, so it ends with
 * the same graph. Loads are idempotent: a second identical load creates nothing. GraphMeta's
 * version is bumped once at the end when anything changed.
 *
 * @throws FreshLoadConflictError when `fresh` is set and some ids already exist.
 * @throws LoadInterruptedError when `failAfterBatches` is reached.
 */
export async function loadSource(
  driver: Driver,
  source: SeedSource,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const startedAt = performance.now();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const mode: WriteMode = options.fresh ? 'create' : 'merge';
  const key = checkpointKey(source, batchSize, mode, options.keySalt ?? '');
  const now = neo4j.types.DateTime.fromStandardDate(options.now ?? new Date());
  const done = await readCheckpoints(driver, key, options.database);
  if (options.fresh && done.size === 0) {
    await assertFresh(driver, source, batchSize, options.database);
  }

  const run: LoadRun = {
    driver,
    source,
    options,
    key,
    now,
    mode,
    batchSize,
    done,
    written: 0,
    rowsDone: 0,
    rowsTotal: recordKinds.reduce((sum, kind) => sum + source.count(kind), 0),
    created: 0,
    stopped: false,
    nodeRefs: createNodeRefs(),
  };
  const byKind = Object.fromEntries(recordKinds.map((k) => [k, createKindCounts()])) as Record<
    RecordKind,
    KindCounts
  >;
  let relationshipMs = 0;
  for (const kind of recordKinds) {
    const kindStartedAt = performance.now();
    byKind[kind] = await loadKind(run, kind);
    if (!nodeKinds.includes(kind)) {
      relationshipMs += performance.now() - kindStartedAt;
    }
  }

  const total = sumCounts(Object.values(byKind));
  const changed = total.created + total.updated + total.resumed > 0;
  const graphVersion = await finishLoad(driver, key, changed, options.database);
  const durationMs = performance.now() - startedAt;
  const relationships = total.rows - byKind.people.rows - byKind.businesses.rows;
  return {
    key,
    byKind,
    total,
    durationMs,
    relationshipMs,
    rowsPerSecond: total.rows / (durationMs / 1000),
    relationshipsPerSecond: relationshipMs > 0 ? relationships / (relationshipMs / 1000) : 0,
    graphVersion,
  };
}

/** Transactions in flight at once when the options name no concurrency. */
export function defaultConcurrency(mode: WriteMode): number {
  return mode === 'create' ? 2 : 1;
}

interface LoadRun {
  readonly driver: Driver;
  readonly source: SeedSource;
  readonly options: LoadOptions;
  readonly key: string;
  readonly now: unknown;
  readonly mode: WriteMode;
  readonly batchSize: number;
  readonly done: ReadonlySet<string>;
  written: number;
  rowsDone: number;
  readonly rowsTotal: number;
  created: number;
  /** Set when a worker fails, so the others stop after their current batch. */
  stopped: boolean;
  readonly nodeRefs: NodeRefs;
}

async function loadKind<K extends RecordKind>(run: LoadRun, kind: K): Promise<KindCounts> {
  const counts = createKindCounts();
  if (run.source.count(kind) === 0) {
    return counts;
  }

  const batches = numbered(run.source.batches(kind, run.batchSize));
  const concurrency = Math.max(1, run.options.concurrency ?? defaultConcurrency(run.mode));
  await runPool(concurrency, run, async (session) => {
    for (let next = batches.next(); !next.done && !run.stopped; next = batches.next()) {
      const [index, rows] = next.value;
      await loadBatch(run, session, kind, `${kind}:${index}`, rows, counts);
    }
  });
  return counts;
}

async function loadBatch<K extends RecordKind>(
  run: LoadRun,
  session: Session,
  kind: K,
  batchId: string,
  rows: RecordOf[K][],
  counts: KindCounts,
): Promise<void> {
  counts.rows += rows.length;
  counts.batches++;
  if (run.done.has(batchId)) {
    counts.resumed += rows.length;
    if (kind === 'people' || kind === 'businesses') {
      await readNodeRefs(run, session, kind, rows as RecordOf['people' | 'businesses'][]);
    }
    reportProgress(run, kind, rows.length);
    return;
  }
  if (run.options.failAfterBatches !== undefined && run.written >= run.options.failAfterBatches) {
    throw new LoadInterruptedError(run.written);
  }

  const statements = statementBuilders[kind](rows, {
    mode: run.mode,
    isBusinessId: (id) => run.source.isBusinessId(id),
    nodeRefs: run.nodeRefs,
  });
  const result = await session.executeWrite((tx) =>
    writeBatch(tx, statements, nodeKinds.includes(kind), run, batchId),
  );
  addNodeRefs(run, result.refs);
  run.written++;
  run.created += result.created;
  counts.created += result.created;
  counts.updated += result.updated;
  counts.skipped += rows.length - result.matched;
  counts.unchanged += result.matched - result.created - result.updated;
  reportProgress(run, kind, rows.length);
}

async function writeBatch(
  tx: ManagedTransaction,
  statements: readonly Statement[],
  isNodeKind: boolean,
  run: LoadRun,
  batchId: string,
): Promise<{ created: number; matched: number; updated: number; refs: unknown }> {
  let created = 0;
  let matched = 0;
  let updated = 0;
  let refs: unknown = [];
  for (const statement of statements) {
    const result = await tx.run(statement.query, { ...statement.params, now: run.now });
    const updates = result.summary.counters.updates();
    const record = result.records[0];
    created += isNodeKind ? updates.nodesCreated : updates.relationshipsCreated;
    matched += toNumber(record?.get('matched'));
    updated += toNumber(record?.get('updated'));
    if (record?.has('refs')) {
      refs = record.get('refs');
    }
  }
  await tx.run('CREATE (:ImportCheckpoint {key: $key, batch: $batch, at: $now})', {
    key: run.key,
    batch: batchId,
    now: run.now,
  });
  return { created, matched, updated, refs };
}

/** Remembers the elementIds of nodes a committed batch wrote, by id. */
function addNodeRefs(run: LoadRun, refs: unknown): void {
  for (const [id, ref] of refs as [string, string][]) {
    run.nodeRefs.add(id, ref);
  }
}

async function readNodeRefs(
  run: LoadRun,
  session: Session,
  kind: 'people' | 'businesses',
  rows: readonly { id: string }[],
): Promise<void> {
  const query = nodeRefsQuery(kind === 'people' ? 'Person' : 'Business');
  const result = await session.executeRead((tx) => tx.run(query, { ids: rows.map((r) => r.id) }));
  addNodeRefs(run, result.records[0]?.get('refs') ?? []);
}

function reportProgress(run: LoadRun, kind: RecordKind, rows: number): void {
  run.rowsDone += rows;
  run.options.onProgress?.({
    kind,
    rowsDone: run.rowsDone,
    rowsTotal: run.rowsTotal,
    created: run.created,
  });
}

/**
 * Runs `concurrency` workers, each with its own session, until all return; the first failure is
 * rethrown after every worker has stopped, so no session is closed under a running transaction.
 */
async function runPool(
  concurrency: number,
  run: LoadRun,
  work: (session: Session) => Promise<void>,
): Promise<void> {
  const worker = async () => {
    const session = run.driver.session({ database: run.options.database });
    try {
      await work(session);
    } catch (error) {
      run.stopped = true;
      throw error;
    } finally {
      await session.close();
    }
  };
  const results = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejection) {
    throw rejection.reason;
  }
}

function* numbered<T>(items: Iterable<T>): Generator<[number, T]> {
  let index = 0;
  for (const item of items) {
    yield [index++, item];
  }
}

function checkpointKey(
  source: SeedSource,
  batchSize: number,
  mode: WriteMode,
  salt: string,
): string {
  return createHash('sha256')
    .update(JSON.stringify({ fingerprint: source.fingerprint, batchSize, mode, salt }))
    .digest('hex')
    .slice(0, 32);
}

async function readCheckpoints(
  driver: Driver,
  key: string,
  database?: string,
): Promise<Set<string>> {
  const { records } = await driver.executeQuery(
    'MATCH (c:ImportCheckpoint {key: $key}) RETURN c.batch AS batch',
    { key },
    { database, routing: 'READ' },
  );
  return new Set(records.map((r) => String(r.get('batch'))));
}

/** Counts the source's people and businesses already in the graph; any at all refuses CREATE. */
async function assertFresh(
  driver: Driver,
  source: SeedSource,
  batchSize: number,
  database?: string,
): Promise<void> {
  let existing = 0;
  for (const [kind, label] of [
    ['people', 'Person'],
    ['businesses', 'Business'],
  ] as const) {
    for (const rows of source.batches(kind, Math.max(batchSize, 50_000))) {
      const { records } = await driver.executeQuery(
        `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN count(n) AS existing`,
        { ids: rows.map((r) => r.id) },
        { database, routing: 'READ' },
      );
      existing += toNumber(records[0]?.get('existing'));
    }
  }
  if (existing > 0) {
    throw new FreshLoadConflictError(existing);
  }
}

/**
 * Appends GRAPH_RELOADED to the change log when the load changed the graph (moving the graph
 * version on, so every process rebuilds its projection and earlier cached answers go stale), and
 * drops the load's checkpoints.
 */
async function finishLoad(
  driver: Driver,
  key: string,
  changed: boolean,
  database?: string,
): Promise<number | null> {
  const session = driver.session({ database });
  try {
    return await session.executeWrite(async (tx) => {
      let version: number | null = null;
      if (changed) {
        version = await appendGraphReloaded(tx);
      }
      for (let deleted = CHECKPOINT_DELETE_BATCH; deleted >= CHECKPOINT_DELETE_BATCH;) {
        const result = await tx.run(
          `MATCH (c:ImportCheckpoint {key: $key}) WITH c LIMIT $limit DELETE c RETURN count(*) AS deleted`,
          { key, limit: neo4j.int(CHECKPOINT_DELETE_BATCH) },
        );
        deleted = toNumber(result.records[0]?.get('deleted'));
      }
      return version;
    });
  } finally {
    await session.close();
  }
}

export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) {
    return value.toNumber();
  }
  return typeof value === 'number' ? value : 0;
}
