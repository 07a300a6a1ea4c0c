import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/app.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
import { INTRO_PATHS, pathLabels, postGraphQL, type IntroPathsData } from './helpers/graphql.ts';
import {
  connectNeo4j,
  createTestKey,
  releaseTestData,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

for (const strategy of ['engine', 'cypher'] as const) {
  describe(`introPaths on the crossroads network (${strategy} strategy)`, () => {
    const prefix = uniquePrefix(`crossroads-${strategy}`);
    const id = (name: string) => `${prefix}${name}`;
    const network = buildCrossroadsNetwork(prefix, Date.now());
    const logs = { lines: [] as string[] };
    const config = testConfig({
      PATH_STRATEGY: strategy,
      SEARCH_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'debug',
    });
    let driver: Driver;
    let key: TestKey;
    const gql = <T = Record<string, unknown>>(
      target: FastifyInstance,
      query: string,
      variables: Record<string, unknown> = {},
    ) => postGraphQL<T>(target, query, variables, key.headers);
    let app: FastifyInstance;

    const ask = async (variables: Record<string, unknown>) => {
      const response = await gql<IntroPathsData>(app, INTRO_PATHS, variables);
      expect(response.errors).toBeUndefined();

      return response.data as IntroPathsData;
    };

    beforeAll(async () => {
      driver = connectNeo4j();
      key = await createTestKey(driver);
      await loadNetwork(driver, network);
      app = await buildTestApp(config, { extra: (line) => logs.lines.push(line) });
    });

    afterAll(async () => {
      await app?.close();
      await releaseTestData({
        driver,
        prefix,
        keys: [key],
        redisKeyPrefix: config.REDIS_KEY_PREFIX,
      });
    });

    it('returns the warmest path per first contact, warmest first, fewer hops winning a tie', async () => {
      const data = await ask({ from: id('A'), to: id('T'), first: 10 });

      expect(pathLabels(data, prefix)).toEqual(['A-B-C-T', 'A-C-T', 'A-F-T', 'A-D-E-T']);
      const warmths = data.introPaths.paths?.map((path) => path.warmth);
      expect(warmths?.[0]).toBeCloseTo(0.95 * 0.9 * 0.9, 5);
      expect(warmths?.[1]).toBeCloseTo(0.54, 5);
      expect(warmths?.[2]).toBeCloseTo(0.25, 5);
      expect(warmths?.[3]).toBeCloseTo(0.25, 5);
      expect(data.introPaths).toMatchObject({ reason: null, strategy: strategy.toUpperCase() });
    });

    it('explains every hop: both ends, kind, strength, context and direction', async () => {
      const data = await ask({ from: id('A'), to: id('T'), first: 1 });
      const [first] = data.introPaths.paths ?? [];

      expect(first?.hopCount).toBe(3);
      expect(first?.hops[0]).toMatchObject({
        from: { id: id('A'), name: 'Crossroads A', kind: 'PERSON' },
        to: { id: id('B'), name: 'Crossroads B', kind: 'PERSON' },
        kind: 'TRUSTS',
        direction: 'MUTUAL',
        context: 'FRIEND',
      });
      expect(first?.hops[0]?.strength).toBeCloseTo(0.95, 5);
      expect(first?.hops[1]).toMatchObject({ direction: 'FORWARD', kind: 'TRUSTS' });
    });

    it('returns the raw top paths, several through one first contact, when diverse is false', async () => {
      const data = await ask({ from: id('A'), to: id('T'), first: 2, diverse: false });

      expect(pathLabels(data, prefix)).toEqual(['A-B-C-T', 'A-B-T']);
    });

    it('never routes through an opted-out person or across distrust', async () => {
      const data = await ask({ from: id('A'), to: id('T'), first: 10, diverse: false });
      const labels = pathLabels(data, prefix);

      expect(labels.some((label) => label.includes('O') || label.includes('X'))).toBe(false);
    });

    it('finds a path of exactly maxHops hops and none longer', async () => {
      const two = await ask({ from: id('A'), to: id('T'), first: 10, maxHops: 2 });
      const three = await ask({ from: id('A'), to: id('T'), first: 10, maxHops: 3 });

      expect(pathLabels(two, prefix)).toEqual(['A-B-T', 'A-C-T', 'A-F-T']);
      expect(pathLabels(three, prefix)).toEqual(['A-B-C-T', 'A-C-T', 'A-F-T', 'A-D-E-T']);
    });

    it('reaches a business through staff or a trusting customer, and says which', async () => {
      const data = await ask({ from: id('A'), to: id('Z'), first: 10 });
      const lastHops = data.introPaths.paths?.map((path) => path.hops.at(-1));

      expect(pathLabels(data, prefix)).toEqual(['A-B-C-T-E-Z', 'A-C-T-E-Z', 'A-F-Z', 'A-D-E-Z']);
      expect(lastHops?.map((hop) => hop?.kind)).toEqual([
        'WORKS_AT',
        'WORKS_AT',
        'TRUSTS',
        'WORKS_AT',
      ]);
      expect(lastHops?.[0]?.to).toEqual({ id: id('Z'), name: 'Zenith Plumbing', kind: 'BUSINESS' });
      expect(data.introPaths.paths?.[2]?.warmth).toBeCloseTo(0.3, 5);
    });

    it('keeps only business paths within maxHops', async () => {
      const data = await ask({ from: id('A'), to: id('Z'), first: 10, maxHops: 3 });

      expect(pathLabels(data, prefix)).toEqual(['A-F-Z', 'A-D-E-Z']);
    });

    it('answers no path, with a reason, when the target is out of reach', async () => {
      const data = await ask({ from: id('A'), to: id('L') });

      expect(data.introPaths).toMatchObject({
        __typename: 'IntroPaths',
        paths: [],
        reason: 'NO_PATH_WITHIN_MAX_HOPS',
      });
    });

    it('reports unknown ids and out-of-range arguments as typed errors with stable codes', async () => {
      const unknownFrom = await ask({ from: id('nobody'), to: id('T') });
      const unknownTo = await ask({ from: id('A'), to: id('nothing') });
      const tooDeep = await ask({ from: id('A'), to: id('T'), maxHops: 7 });
      const tooMany = await ask({ from: id('A'), to: id('T'), first: 11 });
      const badId = await ask({ from: 'not an id!', to: id('T') });

      expect(unknownFrom.introPaths).toMatchObject({
        __typename: 'PersonNotFound',
        code: 'PERSON_NOT_FOUND',
      });
      expect(unknownTo.introPaths).toMatchObject({
        __typename: 'NodeNotFound',
        code: 'NODE_NOT_FOUND',
      });
      expect(tooDeep.introPaths).toMatchObject({
        __typename: 'HopLimitExceeded',
        code: 'HOP_LIMIT_EXCEEDED',
      });
      expect(tooMany.introPaths).toMatchObject({
        __typename: 'InvalidArgument',
        code: 'INVALID_ARGUMENT',
        field: 'first',
      });
      expect(badId.introPaths).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'from' });
    });

    it('serves a repeated question from the cache, stamped with the same graph version', async () => {
      const variables = { from: id('A'), to: id('T'), first: 4 };
      const first = await ask(variables);
      const second = await ask(variables);

      expect(second.introPaths.cached).toBe(true);
      expect(second.introPaths.graphVersion).toBe(first.introPaths.graphVersion);
      expect(pathLabels(second, prefix)).toEqual(pathLabels(first, prefix));
    });

    it('stops serving a path as soon as a tie on it is removed', async () => {
      const variables = { from: id('A'), to: id('T'), first: 10, maxHops: 2 };
      const before = await ask(variables);
      await ask(variables);

      const removed = await gql(
        app,
        `mutation R($f: ID!, $t: ID!) { removeTrust(fromId: $f, toId: $t) { ... on RemoveTrustPayload { removed } } }`,
        {
          f: id('F'),
          t: id('T'),
        },
      );
      const after = await ask(variables);

      expect(removed.errors).toBeUndefined();
      expect(pathLabels(before, prefix)).toContain('A-F-T');
      expect(after.introPaths.cached).toBe(false);
      expect(after.introPaths.graphVersion).toBeGreaterThan(before.introPaths.graphVersion ?? 0);
      expect(pathLabels(after, prefix)).toEqual(['A-B-T', 'A-C-T']);
    });

    it('stops routing through a person the moment they opt out', async () => {
      const optOut = await gql(
        app,
        `mutation O($p: ID!) { setOptOut(personId: $p, optedOut: true) { __typename } }`,
        {
          p: id('C'),
        },
      );
      const data = await ask({ from: id('A'), to: id('T'), first: 10 });

      expect(optOut.errors).toBeUndefined();
      expect(pathLabels(data, prefix)).toEqual(['A-B-T', 'A-D-E-T']);
    });

    it('erases a deleted person from every answer and refuses their id afterwards', async () => {
      const deleted = await gql<{ deletePerson: { relationshipsRemoved?: number } }>(
        app,
        `mutation D($id: ID!) { deletePerson(id: $id) { ... on DeletePersonPayload { relationshipsRemoved } ... on Error { code } } }`,
        { id: id('B') },
      );
      const data = await ask({ from: id('A'), to: id('T'), first: 10, diverse: false });
      const again = await gql<{ upsertPerson: { code?: string } }>(
        app,
        `mutation U($id: ID!) { upsertPerson(input: { id: $id, name: "Someone" }) { ... on Error { code } } }`,
        { id: id('B') },
      );

      expect(deleted.data?.deletePerson.relationshipsRemoved).toBe(4);
      expect(JSON.stringify(data)).not.toContain(id('B'));
      expect(again.data?.upsertPerson.code).toBe('ID_ERASED');
    });

    it('logs ids and counts but no names or emails', () => {
      const text = logs.lines.join('');

      expect(logs.lines.length).toBeGreaterThan(0);
      for (const person of network.people) {
        expect(text).not.toContain(person.name);
        expect(text).not.toContain(String(person.email));
      }
    });
  });
}
