import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/app.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
import { INTRO_PATHS, pathLabels, postGraphQL, type IntroPathsData } from './helpers/graphql.ts';
import {
  createTestKey,
  deleteKeys,
  type TestKey,
  connectNeo4j,
  deleteByPrefix,
  testConfig,
  uniquePrefix,
} from './helpers/services.ts';

describe('the API without Redis', () => {
  const prefix = uniquePrefix('no-redis');
  const id = (name: string) => `${prefix}${name}`;
  const lines: Record<string, unknown>[] = [];
  const collect = (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>);
  let driver: Driver;
  let key: TestKey;
  const gql = <T = Record<string, unknown>>(
    target: FastifyInstance,
    query: string,
    variables: Record<string, unknown> = {},
  ) => postGraphQL<T>(target, query, variables, key.headers);

  beforeAll(async () => {
    driver = connectNeo4j();
    key = await createTestKey(driver);
    await loadNetwork(driver, buildCrossroadsNetwork(prefix, Date.now()));
  });

  afterAll(async () => {
    await deleteByPrefix(driver, prefix);
    await deleteKeys(driver, [key]);
    await driver.close();
  });

  it('still answers intro paths from Neo4j, logs a warning, and reports ready but degraded', async () => {
    // Port 1 on loopback refuses connections at once: Redis is down for this app.
    const app = await buildTestApp(
      testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0', LOG_LEVEL: 'info' }),
      { extra: collect },
    );

    const response = await gql<IntroPathsData>(app, INTRO_PATHS, {
      from: id('A'),
      to: id('T'),
      first: 2,
    });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    await app.close();

    expect(response.errors).toBeUndefined();
    expect(pathLabels(response.data as IntroPathsData, prefix)).toEqual(['A-B-C-T', 'A-C-T']);
    expect(response.data?.introPaths.cached).toBe(false);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map((line) => line.operation)).toContain('get');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      neo4j: 'up',
      redis: 'down',
      projection: 'ready',
    });
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('keeps each key within its budget on a local limiter, and fails no request for Redis', async () => {
    const app = await buildTestApp(testConfig({ REDIS_URL: 'redis://127.0.0.1:1/0' }));
    const small = await createTestKey(driver, {
      scopes: ['graph:read'],
      internal: true,
      pointsPerMinute: 6,
    });

    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await postGraphQL(
        app,
        `{ business(id: "${id('Z')}") { __typename } }`,
        {},
        small.headers,
      );
      statuses.push(response.status);
    }
    await app.close();
    await deleteKeys(driver, [small]);

    // Each query costs 2 points: three fit in a budget of 6, the rest wait for the next minute.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});

describe('the API start-up', () => {
  it('refuses to start, naming what is missing, when Neo4j lacks the schema', async () => {
    const emptySchemaDir = new URL('./fixtures/schema-extra/', import.meta.url).pathname;

    await expect(buildTestApp(testConfig(), { schemaDir: emptySchemaDir })).rejects.toThrow(
      /SCHEMA_MISSING|missing: never_applied_index/,
    );
  });

  it('reports ready with both services up', async () => {
    const app = await buildTestApp(testConfig());

    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    await app.close();

    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      neo4j: 'up',
      redis: 'up',
      projection: 'ready',
    });
  });
});
