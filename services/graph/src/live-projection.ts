import type { Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import type { GraphChange } from './domain/graph-change.ts';
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

  private async applyPendingChanges(): Promise<void> {
    for (;;) {
      const since = this.version;
      const { changes, incomplete, version } = await readChangesSince(
        this.driver,
        since,
        CHANGE_BATCH,
        this.options.transaction,
      );
      if (incomplete || changes.some((change) => change.type === 'GRAPH_RELOADED')) {
        await this.rebuild(incomplete ? 'log_gap' : 'reload');

        return;
      }

      for (const change of changes) {
        this.apply(change);
      }
      if (changes.length < CHANGE_BATCH) {
        this.projection.version = Math.max(this.projection.version, version);

        return;
      }
    }
  }

  private apply(change: GraphChange): void {
    this.projection.apply(change);
  }

  private async rebuild(reason: string): Promise<void> {
    const startedMs = performance.now();
    const nowMs = this.now();
    const version = await readGraphVersion(this.driver, this.options.transaction);
    const projection = await TrustProjection.build(new Neo4jProjectionSource(this.driver), {
      nowMs,
      model: this.options.model,
      onProgress: (progress: Record<string, number>) =>
        this.log.info({ reason, ...progress }, 'projection building'),
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

    // Changes committed while the snapshot streamed may already be in it; applying them again
    // is harmless because every change sets state rather than adjusting it.
    await this.applyPendingChanges();
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
