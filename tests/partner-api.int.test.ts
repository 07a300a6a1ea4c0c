import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
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

const INTRO_PATHS_OPERATION = await readFile(
  new URL('../schema/operations/IntroPaths.graphql', import.meta.url),
  'utf8',
);

/** A persisted-operation request, as partner apps send them. */
function persisted(operation: string, variables: Record<string, unknown>) {
  const sha256Hash = createHash('sha256').update(operation).digest('hex');

  return { variables, extensions: { persistedQuery: { version: 1, sha256Hash } } };
}

describe('the partner API', () => {
  const prefix = uniquePrefix('partner');
  const id = (name: string) => `${prefix}${name}`;
  const network = buildCrossroadsNetwork(prefix, Date.now());
  const config = testConfig({ MAX_QUERY_COST: '1000' });
  const keys: TestKey[] = [];
  let driver: Driver;
  let app: FastifyInstance;
  let admin: TestKey;

  const post = async (key: TestKey, payload: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...key.headers },
      payload,
    });

    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      json: response.json<Record<string, unknown>>(),
    };
  };
  const newKey = async (options: Parameters<typeof createTestKey>[1]) => {
    const key = await createTestKey(driver, options);
    keys.push(key);

    return key;
  };

  beforeAll(async () => {
    driver = connectNeo4j();
    await loadNetwork(driver, network);
    admin = await newKey({ scopes: ['admin'], internal: true });
    app = await buildTestApp(config);
  });

  afterAll(async () => {
    await app?.close();
    await releaseTestData({ driver, prefix, keys: keys, redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it('answers 401 without a valid key', async () => {
    const missing = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ __typename }' },
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer wp_0000000000000000_${'x'.repeat(43)}` },
      payload: { query: '{ __typename }' },
    });

    expect(missing.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('rejects depth-20, 16-alias and over-cost documents with their codes before touching Neo4j', async () => {
    await post(admin, { query: '{ __typename }' });
    const sessions = vi.spyOn(app.neo4j, 'session');
    const queries = vi.spyOn(app.neo4j, 'executeQuery');
    const depth20 = `{ ${'a { '.repeat(20)}b${' }'.repeat(20)} }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: business(id: "x") { __typename }`).join(' ')} }`;
    const twoCostly = [1, 2].map(
      (i) => `p${i}: introPaths(from: "${id('A')}", to: "${id('T')}", first: 10) { __typename }`,
    );
    const overCost = `{ ${twoCostly.join(' ')} }`;

    const results = await Promise.all(
      [depth20, aliases, overCost].map((query) => post(admin, { query })),
    );

    const codes = results.map((result) =>
      (result.json.errors as { extensions?: { code?: string } }[]).map(
        (error) => error.extensions?.code,
      ),
    );
    expect(codes[0]).toContain('QUERY_TOO_DEEP');
    expect(codes[1]).toContain('TOO_MANY_ALIASES');
    expect(codes[2]).toContain('QUERY_TOO_COMPLEX');
    expect(sessions).not.toHaveBeenCalled();
    expect(queries).not.toHaveBeenCalled();
    sessions.mockRestore();
    queries.mockRestore();
  });

  it('limits a key spending twice its budget and never one spending half of it', async () => {
    const query = `{ business(id: "${id('Z')}") { __typename } }`;
    const cost = 2;
    const budget = 60;
    const heavy = await newKey({ scopes: ['graph:read'], internal: true, pointsPerMinute: budget });
    const light = await newKey({ scopes: ['graph:read'], internal: true, pointsPerMinute: budget });

    const heavyResults = [];
    for (let i = 0; i < (2 * budget) / cost; i++) {
      heavyResults.push(await post(heavy, { query }));
    }
    const lightResults = [];
    for (let i = 0; i < budget / 2 / cost; i++) {
      lightResults.push(await post(light, { query }));
    }

    const limited = heavyResults.filter((result) => result.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited[0]?.json).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect(heavyResults[0]?.json).toMatchObject({
      extensions: { cost: { requested: cost, limit: budget } },
    });
    expect(heavyResults[0]?.headers['x-ratelimit-limit']).toBe(String(budget));
    expect(lightResults.every((result) => result.status === 200)).toBe(true);
  });

  it('keeps introspection off for partner keys and on for internal keys', async () => {
    const partner = await newKey({ scopes: ['paths:read'], internal: false, viewerId: id('A') });
    const introspection = { query: '{ __schema { queryType { name } } }' };

    const asPartner = await post(partner, introspection);
    const asInternal = await post(admin, introspection);

    expect(asPartner.json.data ?? null).toBeNull();
    expect(asPartner.json.errors).toBeDefined();
    expect(asInternal.json).toMatchObject({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('lets partner keys run persisted operations only', async () => {
    const partner = await newKey({ scopes: ['paths:read'], internal: false, viewerId: id('A') });

    const arbitrary = await post(partner, {
      query: `{ introPaths(to: "${id('T')}") { __typename } }`,
    });
    const stored = await post(partner, persisted(INTRO_PATHS_OPERATION, { to: id('T') }));

    expect(arbitrary.json).toMatchObject({
      errors: [{ extensions: { code: 'PERSISTED_QUERY_ONLY' } }],
    });
    expect(stored.json).toMatchObject({ data: { introPaths: { __typename: 'IntroPaths' } } });
  });

  it('masks intermediaries beyond the viewer’s contacts with tokens that differ per requester', async () => {
    const first = await newKey({ scopes: ['paths:read'], internal: false, viewerId: id('A') });
    const second = await newKey({ scopes: ['paths:read'], internal: false, viewerId: id('A') });
    const variables = { to: id('T'), first: 1 };

    const asFirst = await post(first, persisted(INTRO_PATHS_OPERATION, variables));
    const asSecond = await post(second, persisted(INTRO_PATHS_OPERATION, variables));
    type Ends = {
      data: {
        introPaths: {
          paths: {
            hops: {
              to: {
                id: string | null;
                name: string | null;
                masked: boolean;
                token: string | null;
                descriptor: string | null;
              };
            }[];
          }[];
        };
      };
    };
    const ends = (body: unknown) =>
      (body as Ends).data.introPaths.paths[0]?.hops.map((hop) => hop.to) ?? [];

    // A-B-C-T: B is A's own contact, T the target; C is masked.
    expect(ends(asFirst.json).map((end) => end.masked)).toEqual([false, true, false]);
    expect(ends(asFirst.json)[1]).toMatchObject({
      id: null,
      name: null,
      descriptor: 'friend of your contact',
    });
    expect(ends(asFirst.json)[1]?.token).not.toBe(ends(asSecond.json)[1]?.token);
    expect(asFirst.body).not.toContain('Crossroads C');
    expect(asFirst.body).not.toContain(id('C'));
  });

  it('answers a partner key asking from someone other than its viewer with FORBIDDEN', async () => {
    const partner = await newKey({
      scopes: ['paths:read', 'graph:read'],
      internal: true,
      viewerId: id('A'),
    });

    const response = await post(partner, {
      query: `{ introPaths(from: "${id('B')}", to: "${id('T')}") { __typename } }`,
    });

    expect(response.json).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  });

  it('shows no person outside the key’s scope and viewer across 1,000 fuzzed ids', async () => {
    const viewer = await newKey({ scopes: ['graph:read'], internal: true, viewerId: id('A') });
    const allowed = new Set([id('A'), id('B'), id('C'), id('D'), id('F'), id('O'), id('X')]);
    const candidates = [
      ...network.people.map((person) => person.id),
      ...Array.from({ length: 20 }, (_, i) => id(`ghost${i}`)),
    ];
    let outside = 0;
    let inside = 0;
    for (let i = 0; i < 1000; i++) {
      const personId = candidates[(i * 7919) % candidates.length] as string;
      const response = await post(viewer, {
        query: `{ person(id: "${personId}") { __typename ... on Person { id } } }`,
      });
      const person = (response.json.data as { person: { id?: string } | null }).person;
      if (person?.id && !allowed.has(person.id)) {
        outside++;
      }
      if (person?.id) {
        inside++;
      }
    }

    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(0);
  });

  it('never lets driver, Cypher or host details reach a client', async () => {
    const broken = await buildTestApp(testConfig());
    await postGraphQL(broken, '{ __typename }', {}, admin.headers);
    await broken.neo4j.close();

    const response = await postGraphQL(
      broken,
      `{ person(id: "${id('A')}") { __typename } }`,
      {},
      admin.headers,
    );
    const unknownField = await postGraphQL(broken, '{ persn(id: "x") { id } }', {}, admin.headers);
    await broken.close();

    const text = JSON.stringify([response, unknownField]);
    expect(response.errors?.[0]?.extensions?.code).toBe('INTERNAL');
    for (const word of [
      'Neo4j',
      'neo4j',
      'bolt',
      'Bolt',
      'Cypher',
      'cypher',
      '127.0.0.1:7687',
      'Did you mean',
    ]) {
      expect(text).not.toContain(word);
    }
  });
});
