import type { Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import { HopLimitExceededError, InvalidArgumentError } from './domain/errors.ts';
import { assertValidId } from './domain/ids.ts';
import {
  FIRST_LIMIT,
  MAX_HOPS_LIMIT,
  pathNodeIds,
  type IntroPath,
  type IntroPathQuery,
  type NoPathReason,
} from './domain/intro-path.ts';
import type { WarmthModel } from './domain/warmth.ts';
import { findIntroPaths as findIntroPathsInProjection } from './engine/search.ts';
import type { LiveProjection } from './live-projection.ts';
import { findIntroPathsWithCypher } from './storage/cypher-path-search.ts';
import { readGraphVersion } from './storage/graph-log.ts';
import type { TransactionOptions } from './storage/neo4j-values.ts';
import { hashKey, type PathCache } from './storage/path-cache.ts';

export type PathStrategy = 'engine' | 'cypher';

export interface IntroPathAnswer {
  readonly paths: readonly IntroPath[];
  /** Why there is no path, when there is none. */
  readonly reason: NoPathReason | null;
  readonly computedAt: Date;
  /** The graph version the answer was computed on. */
  readonly graphVersion: number;
  readonly cached: boolean;
  readonly strategy: PathStrategy;
}

export interface IntroPathServiceOptions {
  readonly strategy: PathStrategy;
  readonly model: WarmthModel;
  readonly searchTimeoutMs: number;
  readonly transaction: TransactionOptions;
  readonly now?: () => number;
}

export interface IntroPathRequest {
  readonly fromId: string;
  readonly toId: string;
  readonly maxHops?: number;
  readonly first?: number;
  readonly diverse?: boolean;
}

/**
 * Answers intro path queries: validates them, makes sure the projection has every change up to
 * the current graph version, serves from the cache when it can and stores what it computes.
 */
export class IntroPathService {
  constructor(
    private readonly driver: Driver,
    private readonly live: LiveProjection,
    private readonly cache: PathCache,
    private readonly options: IntroPathServiceOptions,
  ) {}

  async findIntroPaths(request: IntroPathRequest, log: Log): Promise<IntroPathAnswer> {
    const query = validateQuery(request);
    const strategy = this.options.strategy;
    const version = await this.readCurrentVersion(log);
    if (strategy === 'engine') {
      await this.live.catchUp(version);
    }

    const queryKey = hashKey(
      JSON.stringify([
        strategy,
        query.fromId,
        query.toId,
        query.maxHops,
        query.first,
        query.diverse,
      ]),
    );
    const hit = await this.cache.get(version, queryKey, log);
    if (hit !== null) {
      log.debug({ version }, 'intro paths served from cache');

      return { ...parseAnswer(hit), cached: true };
    }

    const answer = await this.compute(query, strategy, version);
    await this.cache.set(
      version,
      queryKey,
      JSON.stringify(answer),
      dependenciesOf(query, answer.paths),
      log,
    );

    return answer;
  }

  private async compute(
    query: IntroPathQuery,
    strategy: PathStrategy,
    version: number,
  ): Promise<IntroPathAnswer> {
    const nowMs = this.now();
    const paths =
      strategy === 'engine'
        ? findIntroPathsInProjection(this.live.projection, query, {
            timeoutMs: this.options.searchTimeoutMs,
          })
        : await findIntroPathsWithCypher(this.driver, query, {
            timeoutMs: this.options.searchTimeoutMs,
            model: this.options.model,
            nowMs,
          });
    const reason: NoPathReason | null =
      query.fromId === query.toId
        ? 'SAME_NODE'
        : paths.length === 0
          ? 'NO_PATH_WITHIN_MAX_HOPS'
          : null;
    const graphVersion = strategy === 'engine' ? Math.max(version, this.live.version) : version;

    return { paths, reason, computedAt: new Date(nowMs), graphVersion, cached: false, strategy };
  }

  /** The shared version from Redis; Neo4j's when Redis does not know it or is down. */
  private async readCurrentVersion(log: Log): Promise<number> {
    const shared = await this.cache.readVersion(log);
    if (shared !== null) {
      return shared;
    }

    const version = await readGraphVersion(this.driver, this.options.transaction);
    await this.cache.raiseVersion(version, log);

    return version;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

export function validateQuery(request: IntroPathRequest): IntroPathQuery {
  const maxHops = request.maxHops ?? MAX_HOPS_LIMIT;
  const first = request.first ?? 3;
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_HOPS_LIMIT) {
    throw new HopLimitExceededError(maxHops, MAX_HOPS_LIMIT);
  }
  if (!Number.isInteger(first) || first < 1 || first > FIRST_LIMIT) {
    throw new InvalidArgumentError('first', `must be between 1 and ${FIRST_LIMIT}, got ${first}`);
  }

  return {
    fromId: assertValidId('from', request.fromId),
    toId: assertValidId('to', request.toId),
    maxHops,
    first,
    diverse: request.diverse ?? true,
  };
}

/** Every node an answer used: the ends and every node on a returned path. */
function dependenciesOf(query: IntroPathQuery, paths: readonly IntroPath[]): string[] {
  return [query.fromId, query.toId, ...paths.flatMap((path) => pathNodeIds(path))];
}

function parseAnswer(text: string): IntroPathAnswer {
  const raw = JSON.parse(text) as IntroPathAnswer & { computedAt: string };

  return { ...raw, computedAt: new Date(raw.computedAt) };
}
