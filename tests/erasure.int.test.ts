import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathCache } from '../services/graph/src/storage/path-cache.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
import { buildTestApp } from './helpers/app.ts';
import { INTRO_PATHS, postGraphQL } from './helpers/graphql.ts';
import {
  connectNeo4j,
  connectRedis,
  createTestKey,
  releaseTestData,
  deleteRedisKeys,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

const log = pino({ level: 'silent' });

describe('a cache write racing an erasure', () => {
  const keyPrefix = uniquePrefix('race').replaceAll('-', ':');
  let redis: Redis;
  let cache: PathCache;

  beforeAll(() => {
    redis = connectRedis();
    cache = new PathCache(redis, { keyPrefix, ttlSeconds: 60 });
  });

  afterAll(async () => {
    await deleteRedisKeys(redis, keyPrefix);
    redis.disconnect();
  });

  it('cannot store an answer computed before the erasure once the erasure has moved the version on', async () => {
    await cache.raiseVersion(10, log);
    // A request computes an answer through person X at version 10; meanwhile X is erased.
    await cache.raiseVersion(11, log);
    await cache.purgeNode('X', log);

    const stored = await cache.set(10, 'query', '{"through":"X"}', ['X'], log);

    expect(stored).toBe(false);
    expect(await cache.get(10, 'query', log)).toBeNull();
    expect(await redis.keys(`${keyPrefix}paths:*`)).toEqual([]);
  });

  it('purges an answer that landed just before the erasure', async () => {
    await cache.raiseVersion(20, log);
    const stored = await cache.set(20, 'query', '{"through":"Y"}', ['Y'], log);

    await cache.raiseVersion(21, log);
    const purged = await cache.purgeNode('Y', log);

    expect(stored).toBe(true);
    expect(purged).toBe(1);
    expect(await cache.get(20, 'query', log)).toBeNull();
  });
});

describe('erasing a person', () => {
  const prefix = uniquePrefix('erase');
  const id = (name: string) => `${prefix}${name}`;
  const network = buildCrossroadsNetwork(prefix, Date.now());
  const config = testConfig();
  let driver: Driver;
  let key: TestKey;
  let writer: FastifyInstance;
  let reader: FastifyInstance;

  beforeAll(async () => {
    driver = connectNeo4j();
    await loadNetwork(driver, network);
    key = await createTestKey(driver);
    [writer, reader] = await Promise.all([buildTestApp(config), buildTestApp(config)]);
  });

  afterAll(async () => {
    await Promise.all([writer?.close(), reader?.close()]);
    await releaseTestData({ driver, prefix, keys: [key], redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it('leaves no mention of them in 1,000 random answers from any process, cached or not', async () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'O', 'X', 'T', 'L'];
    const targets = [...names, 'Z'];
    const ask = (app: FastifyInstance, i: number) =>
      postGraphQL(
        app,
        INTRO_PATHS,
        {
          from: id(names[i % names.length] as string),
          to: id(targets[(i * 7) % targets.length] as string),
          maxHops: 1 + (i % 6),
          first: 1 + (i % 10),
          diverse: i % 2 === 0,
        },
        key.headers,
      );
    const before = await Promise.all(
      Array.from({ length: 110 }, (_, i) => ask(i % 2 ? writer : reader, i)),
    );
    expect(JSON.stringify(before)).toContain(id('C'));

    const erased = await postGraphQL(
      writer,
      `mutation { deletePerson(id: "${id('C')}") { __typename } }`,
      {},
      key.headers,
    );
    const aboutOthers: string[] = [];
    const aboutThem: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const response = await ask(i % 2 ? writer : reader, i);
      const namesThem =
        names[i % names.length] === 'C' || targets[(i * 7) % targets.length] === 'C';
      if (namesThem) {
        aboutThem.push((response.data as { introPaths: { code?: string } }).introPaths.code);
      } else {
        aboutOthers.push(JSON.stringify(response));
      }
    }

    expect(erased.data).toEqual({ deletePerson: { __typename: 'DeletePersonPayload' } });
    expect(aboutOthers.length).toBeGreaterThan(800);
    expect(
      aboutOthers.filter((answer) => answer.includes(id('C')) || answer.includes('Crossroads C')),
    ).toEqual([]);
    expect(aboutOthers.filter((answer) => answer.includes('"errors"'))).toEqual([]);
    // Asking about them directly answers as for an id that never existed.
    expect(new Set(aboutThem)).toEqual(new Set(['PERSON_NOT_FOUND', 'NODE_NOT_FOUND']));
  });

  it('records an audit entry without personal data and refuses the id until an admin lifts it', async () => {
    const again = await postGraphQL<{ upsertPerson: { code?: string } }>(
      writer,
      `mutation { upsertPerson(input: { id: "${id('C')}", name: "Back again" }) { ... on Error { code } } }`,
      {},
      key.headers,
    );
    const { records } = await driver.executeQuery(
      `MATCH (a:AuditEntry {action: 'PERSON_ERASED', keyId: $keyId}) RETURN properties(a) AS entry`,
      { keyId: key.id },
    );

    expect(again.data?.upsertPerson.code).toBe('ID_ERASED');
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records[0]?.get('entry'))).not.toContain(id('C'));
    await driver.executeQuery('MATCH (a:AuditEntry {keyId: $keyId}) DELETE a', { keyId: key.id });
  });
});
