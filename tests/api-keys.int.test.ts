import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp } from './helpers/app.ts';
import { postGraphQL } from './helpers/graphql.ts';
import {
  connectNeo4j,
  createTestKey,
  releaseTestData,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

const run = promisify(execFile);

describe('revoking an API key', () => {
  const prefix = uniquePrefix('keys');
  // Remembered verifications outlive the test many times over: only the announcement can end them.
  const config = testConfig({ API_KEY_CACHE_MS: '600000' });
  const keys: TestKey[] = [];
  const apps: FastifyInstance[] = [];
  let driver: Driver;

  const status = async (app: FastifyInstance, key: TestKey) =>
    (await postGraphQL(app, '{ __typename }', {}, key.headers)).status;

  /** Runs the operator command as operators do, against the test's Neo4j and Redis. */
  const admin = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      env: {
        ...process.env,
        NEO4J_URI: inject('neo4jUri'),
        NEO4J_USER: inject('neo4jUser'),
        NEO4J_PASSWORD: inject('neo4jPassword'),
        REDIS_URL: inject('redisUrl'),
        REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
      },
    });

  beforeAll(async () => {
    driver = connectNeo4j();
    apps.push(await buildTestApp(config), await buildTestApp(config));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await releaseTestData({ driver, prefix, keys, redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it('is refused by every API process at once, though each had verified the key', async () => {
    const revoked = await createTestKey(driver);
    const kept = await createTestKey(driver);
    keys.push(revoked, kept);
    for (const app of apps) {
      expect(await status(app, revoked)).toBe(200);
      expect(await status(app, kept)).toBe(200);
    }

    const { stdout } = await admin('keys', 'revoke', revoked.id);

    expect(stdout).toBe(`key ${revoked.id} revoked; 2 API processes told\n`);
    for (const app of apps) {
      await expect.poll(() => status(app, revoked), { timeout: 2000 }).toBe(401);
      expect(await status(app, kept)).toBe(200);
    }
  });

  it('says so and fails for an unknown key', async () => {
    await expect(admin('keys', 'revoke', '0123456789abcdef')).rejects.toMatchObject({
      code: 1,
      stdout: 'no key 0123456789abcdef\n',
    });
  });
});
