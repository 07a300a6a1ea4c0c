import type { Redis } from 'ioredis';
import type { Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import type { Business, BusinessInput, BusinessRole } from './domain/business.ts';
import type { Person, PersonInput } from './domain/person.ts';
import type { Referral } from './domain/referral.ts';
import type { Trust, TrustInput } from './domain/trust.ts';
import { pathNodeIds } from './domain/intro-path.ts';
import {
  IntroPathService,
  type IntroPathAnswer,
  type IntroPathRequest,
  type PathStrategy,
} from './intro-path-service.ts';
import { findNodeSummaries, type NodeSummary } from './storage/node-summaries.ts';
import { IntroRequestService } from './intro-request-service.ts';
import { LiveProjection } from './live-projection.ts';
import { ScoresService } from './scores-service.ts';
import { BusinessStore } from './storage/business-store.ts';
import { pruneChangeLog } from './storage/graph-log.ts';
import type { TransactionOptions } from './storage/neo4j-values.ts';
import { PathCache } from './storage/path-cache.ts';
import { PersonStore } from './storage/person-store.ts';
import { TrustStore, type ReferralInput } from './storage/trust-store.ts';
import type { WarmthModel } from './domain/warmth.ts';

export interface ExplainedIntroPaths extends IntroPathAnswer {
  readonly nodes: ReadonlyMap<string, NodeSummary>;
}

export interface GraphServiceOptions {
  readonly strategy: PathStrategy;
  readonly model: WarmthModel;
  readonly transaction: TransactionOptions;
  readonly searchTimeoutMs: number;
  readonly cache: { readonly keyPrefix: string; readonly ttlSeconds: number };
  readonly driftCheckIntervalMs: number;
  /** How often influence scores are recomputed and written back; 0 or absent: never. */
  readonly scoresIntervalMs?: number;
  /** Age past which change log entries are deleted, checked hourly; 0 or absent: never. */
  readonly changeLogRetentionMs?: number;
}

const CHANGE_LOG_PRUNE_INTERVAL_MS = 3_600_000;

/**
 * The graph service as the API sees it: reads, writes and intro paths. After every write it
 * brings this process's projection up to the write's version and moves the shared version on,
 * so no answer computed before the write is served after it returns.
 */
export class GraphService {
  readonly people: PersonStore;
  readonly businesses: BusinessStore;
  readonly live: LiveProjection;
  readonly paths: IntroPathService;
  readonly scores: ScoresService;
  readonly introRequests: IntroRequestService;
  private readonly trust: TrustStore;
  private readonly cache: PathCache;
  private driftTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly driver: Driver,
    redis: Redis,
    private readonly log: Log,
    private readonly options: GraphServiceOptions,
  ) {
    this.people = new PersonStore(driver, options.transaction);
    this.businesses = new BusinessStore(driver, options.transaction);
    this.trust = new TrustStore(driver, options.transaction);
    this.cache = new PathCache(redis, options.cache);
    this.live = new LiveProjection(driver, log, {
      model: options.model,
      transaction: options.transaction,
    });
    this.scores = new ScoresService(driver, this.live, log, {
      intervalMs: options.scoresIntervalMs ?? 0,
      model: options.model,
      transaction: options.transaction,
    });
    // Introductions warm the ties they used; those writes catch up like any other.
    this.introRequests = new IntroRequestService(
      driver,
      (version, log) => this.afterWrite(version, log),
      { transaction: options.transaction },
    );
    this.paths = new IntroPathService(driver, this.live, this.cache, {
      strategy: options.strategy,
      model: options.model,
      searchTimeoutMs: options.searchTimeoutMs,
      transaction: options.transaction,
    });
  }

  get changesChannel(): string {
    return this.cache.changesChannel;
  }

  /** Whether this process keeps an in-memory projection (only the engine strategy needs one). */
  get usesProjection(): boolean {
    return this.options.strategy === 'engine';
  }

  /**
   * Builds the projection (engine strategy) and starts the periodic drift check; under either
   * strategy, starts the scores schedule and the hourly change log pruning.
   */
  async start(): Promise<void> {
    this.scores.start();
    if ((this.options.changeLogRetentionMs ?? 0) > 0) {
      this.pruneTimer = setInterval(() => void this.pruneChangeLog(), CHANGE_LOG_PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
    }

    if (!this.usesProjection) {
      return;
    }

    await this.live.start();
    await this.cache.raiseVersion(this.live.version, this.log);
    this.driftTimer = setInterval(() => void this.checkDrift(), this.options.driftCheckIntervalMs);
    this.driftTimer.unref();
  }

  stop(): void {
    clearInterval(this.driftTimer);
    clearInterval(this.pruneTimer);
    this.scores.stop();
  }

  /**
   * Called when another process announces a new version. The projection follows it whenever
   * it runs: the engine keeps one, and the scores answers start one under either strategy.
   */
  async onVersionAnnounced(version: number): Promise<void> {
    if (!this.live.isReady) {
      return;
    }

    try {
      await this.live.catchUp(version);
    } catch (error) {
      this.log.warn({ err: error, version }, 'catching up with announced version failed');
    }
  }

  async upsertPerson(input: PersonInput, log: Log): Promise<Person> {
    const { value, version } = await this.people.upsertPerson(input);
    await this.afterWrite(version, log);

    return value;
  }

  async setOptOut(personId: string, optedOut: boolean, log: Log): Promise<Person> {
    const { value, version } = await this.people.setOptOut(personId, optedOut);
    await this.afterWrite(version, log);

    return value;
  }

  /** Erases a person: graph, change log, cached answers, projections; audited by key id. */
  async deletePerson(
    personId: string,
    log: Log,
    actorKeyId: string | null = null,
  ): Promise<number> {
    const { value, version } = await this.people.deletePerson(personId, actorKeyId);
    await this.afterWrite(version, log);
    const purged = await this.cache.purgeNode(personId, log);
    log.info(
      { version, relationshipsRemoved: value.relationshipsRemoved, cachedAnswersPurged: purged },
      'person erased',
    );

    return value.relationshipsRemoved;
  }

  async upsertBusiness(input: BusinessInput, log: Log): Promise<Business> {
    const { value, version } = await this.businesses.upsertBusiness(input);
    await this.afterWrite(version, log);

    return value;
  }

  async setRole(
    personId: string,
    businessId: string,
    role: BusinessRole,
    present: boolean,
    log: Log,
  ): Promise<boolean> {
    const { value, version } = await this.businesses.setRole(personId, businessId, role, present);
    await this.afterWrite(version, log);

    return value;
  }

  async setTrust(input: TrustInput, log: Log): Promise<Trust> {
    const { value, version } = await this.trust.setTrust(input);
    await this.afterWrite(version, log);

    return value;
  }

  async removeTrust(fromId: string, toId: string, log: Log): Promise<boolean> {
    const { value, version } = await this.trust.removeTrust(fromId, toId);
    if (version !== null) {
      await this.afterWrite(version, log);
    }

    return value;
  }

  /** Intro paths with the names and kinds of every node they pass through. */
  async findIntroPaths(request: IntroPathRequest, log: Log): Promise<ExplainedIntroPaths> {
    const answer = await this.paths.findIntroPaths(request, log);
    const ids = answer.paths.flatMap((path) => pathNodeIds(path));
    const nodes = await findNodeSummaries(this.driver, ids, this.options.transaction);

    return { ...answer, nodes };
  }

  /**
   * Whether two people are first-degree contacts: a usable hop between them. Uses this process's
   * projection when it keeps one, Neo4j otherwise.
   */
  async isFirstDegree(personId: string, otherId: string): Promise<boolean> {
    if (this.usesProjection && this.live.isReady) {
      await this.live.catchUp();
      const projection = this.live.projection;
      const a = projection.personIndex(personId);
      const b = projection.personIndex(otherId);

      return a >= 0 && b >= 0 && projection.describeHop(a, b) !== null;
    }

    return this.people.areContacts(personId, otherId);
  }

  async recordReferral(input: ReferralInput): Promise<Referral> {
    return this.trust.recordReferral(input);
  }

  private async afterWrite(version: number, log: Log): Promise<void> {
    if (this.live.isReady) {
      await this.live.catchUp(version);
    }
    await this.cache.raiseVersion(version, log);
  }

  /**
   * Deletes change log entries older than the retention. Every API process runs it; deleting
   * is idempotent, so processes need no coordination. Returns how many entries went, or 0 when
   * Neo4j could not be reached (the next run tries again).
   */
  async pruneChangeLog(): Promise<number> {
    const retentionMs = this.options.changeLogRetentionMs ?? 0;
    if (!(retentionMs > 0)) {
      return 0;
    }

    const startedMs = performance.now();
    try {
      const deleted = await pruneChangeLog(this.driver, retentionMs, this.options.transaction);
      this.log.info(
        { deleted, durationMs: Math.round(performance.now() - startedMs) },
        'change log pruned',
      );

      return deleted;
    } catch (error) {
      this.log.warn({ err: error }, 'change log pruning failed');

      return 0;
    }
  }

  private async checkDrift(): Promise<void> {
    try {
      await this.live.checkDrift();
      await this.cache.raiseVersion(this.live.version, this.log);
    } catch (error) {
      this.log.warn({ err: error }, 'projection drift check failed');
    }
  }
}
