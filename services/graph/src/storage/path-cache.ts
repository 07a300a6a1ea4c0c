import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Log } from '../log.ts';

/**
 * Intro path answers cached in Redis, keyed by graph version and query. A write moves the graph
 * version on, so answers computed before it become unreachable at once; a cache write only lands
 * if the version it was computed on is still current (checked atomically in Redis), so an answer
 * racing a write, an erasure included, is never stored under the new version.
 *
 * Every method degrades: when Redis fails, reads miss and writes are dropped, with a warn line.
 */

// KEYS[1] version key, KEYS[2] answer key; ARGV[1] version, ARGV[2] answer, ARGV[3] ttl,
// ARGV[4..] dependency set keys.
const SET_IF_CURRENT = `
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
for i = 4, #ARGV do
  redis.call('SADD', ARGV[i], KEYS[2])
  redis.call('EXPIRE', ARGV[i], ARGV[3], 'NX')
  redis.call('EXPIRE', ARGV[i], ARGV[3], 'GT')
end
return 1`;

// KEYS[1] version key; ARGV[1] version. Moves the version forward only.
const RAISE_VERSION = `
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) return 1 end
return 0`;

export interface PathCacheOptions {
  readonly keyPrefix: string;
  readonly ttlSeconds: number;
}

export class PathCache {
  constructor(
    private readonly redis: Redis,
    private readonly options: PathCacheOptions,
  ) {}

  get versionKey(): string {
    return `${this.options.keyPrefix}graph:version`;
  }

  get changesChannel(): string {
    return `${this.options.keyPrefix}graph:changes`;
  }

  /** The graph version every process serves at least, or null when Redis does not know it. */
  async readVersion(log: Log): Promise<number | null> {
    return this.degrade(log, 'read_version', null, async () => {
      const value = await this.redis.get(this.versionKey);

      return value === null ? null : Number(value);
    });
  }

  /** Raises the shared version (never lowers it) and tells the other processes. */
  async raiseVersion(version: number, log: Log): Promise<void> {
    await this.degrade(log, 'raise_version', undefined, async () => {
      await this.redis.eval(RAISE_VERSION, 1, this.versionKey, String(version));
      await this.redis.publish(this.changesChannel, String(version));
    });
  }

  async get(version: number, queryKey: string, log: Log): Promise<string | null> {
    return this.degrade(log, 'get', null, () => this.redis.get(this.answerKey(version, queryKey)));
  }

  /** Stores an answer if `version` is still current; returns whether it was stored. */
  async set(
    version: number,
    queryKey: string,
    answer: string,
    dependsOn: readonly string[],
    log: Log,
  ): Promise<boolean> {
    const depKeys = [...new Set(dependsOn)].map((id) => this.dependencyKey(id));
    const args = [String(version), answer, String(this.options.ttlSeconds), ...depKeys];

    return this.degrade(log, 'set', false, async () => {
      const stored = await this.redis.eval(
        SET_IF_CURRENT,
        2,
        this.versionKey,
        this.answerKey(version, queryKey),
        ...args,
      );

      return stored === 1;
    });
  }

  /** Deletes every cached answer that used the node; returns how many. */
  async purgeNode(nodeId: string, log: Log): Promise<number> {
    return this.degrade(log, 'purge', 0, async () => {
      const depKey = this.dependencyKey(nodeId);
      const keys = await this.redis.smembers(depKey);
      const removed = keys.length > 0 ? await this.redis.del(...keys) : 0;
      await this.redis.del(depKey);

      return removed;
    });
  }

  private answerKey(version: number, queryKey: string): string {
    return `${this.options.keyPrefix}paths:${version}:${queryKey}`;
  }

  private dependencyKey(nodeId: string): string {
    return `${this.options.keyPrefix}deps:${hashKey(nodeId)}`;
  }

  private async degrade<T>(
    log: Log,
    operation: string,
    fallback: T,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      log.warn(
        { operation, err: describeRedisError(error) },
        'redis unavailable, serving without cache',
      );

      return fallback;
    }
  }
}

/** A short stable hash, so keys carry no ids or query text in the clear. */
export function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

function describeRedisError(error: unknown): { name: string; code?: string } {
  const { name, code } = error as { name?: string; code?: string };

  return { name: name ?? 'Error', ...(code ? { code } : {}) };
}
