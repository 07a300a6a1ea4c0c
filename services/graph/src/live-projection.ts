import neo4j, { type Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import type { WarmthModel } from './domain/warmth.ts';
import { TrustProjection } from './engine/projection.ts';
import { readChangesSince, readGraphVersion } from './storage/graph-log.ts';
import type { TransactionOptions } from './storage/neo4j-values.ts';
import { Neo4jProjectionSource } from './storage/neo4j-projection-source.ts';

export interface LiveProjectionOptions {
  readonly model: WarmthModel;
  readonly transaction: TransactionOptions;
  /** Rebuild once the projection is this old, so cooling by age stays current. Default 24 h. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

const CHANGE_BATCH = 1000;
const MAX_REBUILDS_PER_CATCH_UP = 3;
const SNAPSHOT_ATTEMPTS = 3;
const PROGRESS_LOG_INTERVAL_MS = 5000;
const DAY_MS = 86_400_000;

/**
 * The in-memory projection of one process, kept current from the change log in Neo4j: built from
 * a snapshot at start, then every change after the snapshot's version applied in order. Catching
 * up is serialised, so changes are applied once and in order however many requests ask for it.
 */
export class LiveProjection {
  private current: TrustProjection | null = null;
  private builtAtMs = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly driver: Driver,
    private readonly log: Log,
    private readonly options: LiveProjectionOptions,
  ) {}

  get projection(): TrustProjection {
    if (!this.current) {
      throw new Error('the projection has not been built yet');
    }

    return this.current;
  }

  get version(): number {
    return this.current?.version ?? -1;
  }

  get isReady(): boolean {
    return this.current !== null;
  }

  /** Builds the projection from Neo4j. */
  async start(): Promise<void> {
    await this.serialise(() => this.rebuild('start'));
  }

  /** Applies every change up to at least `version` (or all there are) before resolving. */
  async catchUp(version?: number): Promise<void> {
    if (version !== undefined && this.version >= version) {
      return;
    }

    await this.serialise(() => this.applyPendingChanges());
  }

  /**
   * Compares the projection's counts with Neo4j's at the same version and rebuilds on any
   * difference; also rebuilds a projection older than maxAgeMs so cooling stays current.
   */
  async checkDrift(): Promise<boolean> {
    return this.serialise(async () => {
      await this.applyPendingChanges();
      const now = this.now();
      if (now - this.builtAtMs > (this.options.maxAgeMs ?? DAY_MS)) {
        await this.rebuild('age');

        return true;
      }

      const counts = await this.readNeo4jCounts();
      const mine = this.projection.counts();
      const drifted =
        counts.version === this.version &&
        (counts.people !== mine.people ||
          counts.businesses !== mine.businesses ||
          counts.ties !== mine.ties);
      if (drifted) {
        this.log.warn(
          { version: counts.version, neo4j: counts, projection: mine },
          'projection drifted, rebuilding',
        );
        await this.rebuild('drift');
      }

      return drifted;
    });
  }

  /**
   * Applies the log after the projection's version, in order. A gap in the log (entries pruned,
   * or a bulk load that wrote none) or a GRAPH_RELOADED entry means the projection must be built
   * again from a fresh snapshot; a few rebuilds in a row are allowed while bulk loads go on.
   */
  private async applyPendingChanges(): Promise<void> {
    for (let rebuilds = 0; ;) {
      const outcome = await this.applyChangeBatch();
      if (outcome === 'done') {
        return;
      }
      if (outcome === 'rebuild') {
        rebuilds++;
        if (rebuilds > MAX_REBUILDS_PER_CATCH_UP) {
          throw new Error(`the change log kept moving under ${MAX_REBUILDS_PER_CATCH_UP} rebuilds`);
        }
        await this.buildSnapshot('log_gap');
      }
    }
  }

  private async applyChangeBatch(): Promise<'done' | 'more' | 'rebuild'> {
    const since = this.version;
    const { changes, incomplete, version } = await readChangesSince(
      this.driver,
      since,
      CHANGE_BATCH,
      this.options.transaction,
    );
    if (incomplete || changes.some((change) => change.type === 'GRAPH_RELOADED')) {
      return 'rebuild';
    }

    for (const change of changes) {
      this.projection.apply(change);
    }
    if (changes.length === CHANGE_BATCH) {
      return 'more';
    }

    this.projection.version = Math.max(this.projection.version, version);

    return 'done';
  }

  private async rebuild(reason: string): Promise<void> {
    await this.buildSnapshot(reason);

    // Changes committed while the snapshot streamed may already be in it; applying them again
    // is harmless because every change sets state rather than adjusting it.
    await this.applyPendingChanges();
  }

  /** Streams a fresh projection from Neo4j, retrying when a concurrent write spoils the read. */
  private async buildSnapshot(reason: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.streamSnapshot(reason);

        return;
      } catch (error) {
        if (attempt >= SNAPSHOT_ATTEMPTS || !neo4j.isRetriableError(error)) {
          throw error;
        }
        this.log.warn({ reason, attempt, err: error }, 'projection snapshot interrupted, retrying');
      }
    }
  }

  private async streamSnapshot(reason: string): Promise<void> {
    const startedMs = performance.now();
    const nowMs = this.now();
    const version = await readGraphVersion(this.driver, this.options.transaction);
    let loggedMs = startedMs;
    const projection = await TrustProjection.build(new Neo4jProjectionSource(this.driver), {
      nowMs,
      model: this.options.model,
      onProgress: (progress: Record<string, number>) => {
        if (performance.now() - loggedMs >= PROGRESS_LOG_INTERVAL_MS) {
          loggedMs = performance.now();
          this.log.info({ reason, ...progress }, 'projection building');
        }
      },
    });
    projection.version = version;
    this.current = projection;
    this.builtAtMs = nowMs;
    this.log.info(
      {
        reason,
        version,
        ...projection.counts(),
        bytes: projection.memoryBytes(),
        durationMs: Math.round(performance.now() - startedMs),
      },
      'projection built',
    );
  }

  private async readNeo4jCounts(): Promise<{
    version: number;
    people: number;
    businesses: number;
    ties: number;
  }> {
    const { records } = await this.driver.executeQuery(
      `OPTIONAL MATCH (m:GraphMeta {key: 'graph'})
       CALL () { MATCH (p:Person) RETURN count(p) AS people }
       CALL () { MATCH (b:Business) RETURN count(b) AS businesses }
       CALL () { MATCH ()-[t:TRUSTS]->() RETURN count(t) AS ties }
       RETURN coalesce(m.version, 0) AS version, people, businesses, ties`,
    );
    const record = records[0];

    return {
      version: Number(record?.get('version') ?? 0),
      people: Number(record?.get('people') ?? 0),
      businesses: Number(record?.get('businesses') ?? 0),
      ties: Number(record?.get('ties') ?? 0),
    };
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);

    return next;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
