import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import neo4j, { type Driver } from 'neo4j-driver';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../services/api/src/config.ts';
import { ApiKeyStore, type Scope } from '../../services/graph/src/index.ts';

/** A key prefix and id prefix unique to one test, so tests never touch each other's data. */
export function uniquePrefix(label: string): string {
  return `t${randomUUID().slice(0, 8)}-${label}-`;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_USER: inject('neo4jUser'),
    NEO4J_PASSWORD: inject('neo4jPassword'),
    REDIS_URL: inject('redisUrl'),
    REDIS_KEY_PREFIX: uniquePrefix('redis').replaceAll('-', ':'),
    LOG_LEVEL: 'info',
    TOKEN_SECRET: 'test-token-secret-with-at-least-32-characters',
    DRIFT_CHECK_INTERVAL_MS: '3600000',
    ...overrides,
  });
}

export function connectNeo4j(): Driver {
  return neo4j.driver(
    inject('neo4jUri'),
    neo4j.auth.basic(inject('neo4jUser'), inject('neo4jPassword')),
    {
      disableLosslessIntegers: true,
    },
  );
}

export function connectRedis(): Redis {
  return new Redis(inject('redisUrl'), { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** Deletes every node whose id starts with the prefix (and its relationships). */
export async function deleteByPrefix(driver: Driver, prefix: string): Promise<void> {
  await driver.executeQuery(
    `MATCH (n) WHERE (n:Person OR n:Business OR n:ErasedId) AND n.id STARTS WITH $prefix
     DETACH DELETE n`,
    { prefix },
  );
}

/** Deletes the Redis keys under a prefix, and only those. */
export async function deleteRedisKeys(redis: Redis, keyPrefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    cursor = next;
  } while (cursor !== '0');
}

export interface TestKey {
  readonly id: string;
  /** Authorization (and viewer) headers for requests with this key. */
  readonly headers: Record<string, string>;
}

/** Creates an API key in Neo4j for a test; delete it with deleteKeys. */
export async function createTestKey(
  driver: Driver,
  options: {
    scopes?: Scope[];
    internal?: boolean;
    viewerId?: string;
    pointsPerMinute?: number;
  } = {},
): Promise<TestKey> {
  const store = new ApiKeyStore(driver, { timeoutMs: 5000 });
  const { key, token } = await store.create({
    name: 'test',
    scopes: options.scopes ?? ['admin'],
    internal: options.internal ?? true,
    pointsPerMinute: options.pointsPerMinute ?? 1_000_000,
  });
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.viewerId) {
    headers['x-warmpath-viewer'] = options.viewerId;
  }

  return { id: key.id, headers };
}

export async function deleteKeys(driver: Driver, keys: readonly TestKey[]): Promise<void> {
  await driver.executeQuery('MATCH (k:ApiKey) WHERE k.id IN $ids DELETE k', {
    ids: keys.map((key) => key.id),
  });
}

/**
 * Deletes what a test wrote, and only that: nodes under its id prefix, its API keys and its Redis
 * keys; then closes the driver.
 */
export async function releaseTestData(data: {
  readonly driver: Driver;
  readonly prefix: string;
  readonly keys: readonly TestKey[];
  readonly redisKeyPrefix: string;
}): Promise<void> {
  await deleteByPrefix(data.driver, data.prefix);
  await deleteKeys(data.driver, data.keys);
  const redis = connectRedis();
  await deleteRedisKeys(redis, data.redisKeyPrefix);
  redis.disconnect();
  await data.driver.close();
}
