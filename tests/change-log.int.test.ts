import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWarmthModel } from '../services/graph/src/domain/warmth.ts';
import { LiveProjection } from '../services/graph/src/live-projection.ts';
import { readChangesSince } from '../services/graph/src/storage/graph-log.ts';
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

const UPSERT = `mutation U($id: ID!) { upsertPerson(input: { id: $id, name: "Logged" }) { __typename } }`;
const YEAR_MS = 365 * 86_400_000;
const transaction = { timeoutMs: 10_000 };

describe('change log pruning', () => {
  const prefix = uniquePrefix('log');
  // A year's retention: only the entries this test backdates past it are old enough to go.
  const config = testConfig({ CHANGE_LOG_RETENTION_MS: String(YEAR_MS) });
  let driver: Driver;
  let key: TestKey;
  let app: FastifyInstance;

  beforeAll(async () => {
    driver = connectNeo4j();
    key = await createTestKey(driver);
    app = await buildTestApp(config);
  });

  afterAll(async () => {
    await app?.close();
    await releaseTestData({ driver, prefix, keys: [key], redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  /** The log versions of the entries that name `id`. */
  async function versionsOf(id: string): Promise<number[]> {
    const { records } = await driver.executeQuery(
      'MATCH (c:GraphChange) WHERE $id IN c.ids RETURN c.version AS version ORDER BY version',
      { id },
    );

    return records.map((record) => Number(record.get('version')));
  }

  it('deletes entries past the retention, and a projection behind them rebuilds', async () => {
    // Why the projection was built, each time: 'start', then 'log_gap' once entries are missing.
    const builds: string[] = [];
    const recordReason = (line: string) => {
      const reason = /"reason":"(\w+)"/.exec(line)?.[1];
      if (reason && line.includes('projection built')) {
        builds.push(reason);
      }
    };
    const log = pino({ level: 'info' }, { write: recordReason });
    const behind = new LiveProjection(driver, log, { model: defaultWarmthModel, transaction });
    await behind.start();
    const [old, recent] = [`${prefix}Old`, `${prefix}Recent`];
    for (const id of [old, recent]) {
      const response = await postGraphQL(app, UPSERT, { id }, key.headers);
      expect(response.errors).toBeUndefined();
    }
    const [oldVersion] = await versionsOf(old);
    const [recentVersion] = await versionsOf(recent);
    await driver.executeQuery(
      `MATCH (c:GraphChange {version: $version}) SET c.at = datetime('2000-01-01T00:00:00Z')`,
      { version: oldVersion },
    );

    const deleted = await app.graph.pruneChangeLog();
    await behind.catchUp(recentVersion);

    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await versionsOf(old)).toEqual([]);
    expect(await versionsOf(recent)).toEqual([recentVersion]);
    const since = await readChangesSince(driver, (oldVersion ?? 1) - 1, 100, transaction);
    expect(since.incomplete).toBe(true);
    expect(builds).toEqual(['start', 'log_gap']);
    expect(behind.version).toBeGreaterThanOrEqual(recentVersion ?? Infinity);
    expect(behind.projection.personIndex(old)).toBeGreaterThanOrEqual(0);
    expect(behind.projection.personIndex(recent)).toBeGreaterThanOrEqual(0);
  });
});
