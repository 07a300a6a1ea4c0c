import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('people, businesses and ties through GraphQL', () => {
  const prefix = uniquePrefix('graph-api');
  const id = (name: string) => `${prefix}${name}`;
  const config = testConfig();
  let driver: Driver;
  let key: TestKey;
  let app: FastifyInstance;
  const gql = <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ) => postGraphQL<T>(app, query, variables, key.headers);

  beforeAll(async () => {
    driver = connectNeo4j();
    await loadNetwork(driver, buildCrossroadsNetwork(prefix, Date.now()));
    key = await createTestKey(driver);
    app = await buildTestApp(config);
  });

  afterAll(async () => {
    await app?.close();
    await releaseTestData({ driver, prefix, keys: [key], redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it('finds businesses by name or category, typos tolerated, within a city', async () => {
    const search = `query S($text: String!, $city: String) {
      searchBusinesses(text: $text, city: $city) { ... on QuerySearchBusinessesSuccess { data { id name category city } } }
    }`;

    const byCategory = await gql<{ searchBusinesses: { data: { id: string }[] } }>(search, {
      text: 'plumbr',
      city: 'crossroads',
    });
    const elsewhere = await gql<{ searchBusinesses: { data: { id: string }[] } }>(search, {
      text: 'plumber',
      city: 'Nowhere',
    });

    expect(byCategory.data?.searchBusinesses.data.map((business) => business.id)).toContain(
      id('Z'),
    );
    expect(elsewhere.data?.searchBusinesses.data.map((business) => business.id)).not.toContain(
      id('Z'),
    );
  });

  it('creates and updates people and businesses, records roles, trust and referrals', async () => {
    const person = await gql(
      `mutation { upsertPerson(input: { id: "${id('N')}", name: "Newcomer" }) { ... on Person { id name optedOut } } }`,
    );
    const business = await gql(
      `mutation { upsertBusiness(input: { id: "${id('Y')}", name: "Yew Bakery", category: "bakery", city: "Crossroads", location: { lat: 51.5, lon: -0.1 } }) { ... on Business { id location { lat lon } } } }`,
    );
    const role = await gql(
      `mutation { setBusinessRole(personId: "${id('N')}", businessId: "${id('Y')}", role: OWNS) { ... on BusinessRolePayload { present } } }`,
    );
    const trust = await gql(
      `mutation { setTrust(input: { fromId: "${id('A')}", toId: "${id('N')}", strength: 0.7, context: NEIGHBOUR }) { ... on Trust { strength context distrust } } }`,
    );
    const referral = await gql(
      `mutation { recordReferral(input: { referrerId: "${id('A')}", referredId: "${id('F')}", businessId: "${id('Y')}", converted: true }) { ... on Referral { converted } } }`,
    );
    const paths = await gql<{ introPaths: { paths: { hops: { kind: string }[] }[] } }>(
      `{ introPaths(from: "${id('A')}", to: "${id('Y')}", maxHops: 2, first: 1) { ... on IntroPaths { paths { hops { kind } } } } }`,
    );

    expect(person.data).toEqual({
      upsertPerson: { id: id('N'), name: 'Newcomer', optedOut: false },
    });
    expect(business.data).toEqual({
      upsertBusiness: { id: id('Y'), location: { lat: 51.5, lon: -0.1 } },
    });
    expect(role.data).toEqual({ setBusinessRole: { present: true } });
    expect(trust.data).toEqual({
      setTrust: { strength: 0.7, context: 'NEIGHBOUR', distrust: false },
    });
    expect(referral.data).toEqual({ recordReferral: { converted: true } });
    expect(paths.data?.introPaths.paths[0]?.hops.map((hop) => hop.kind)).toEqual([
      'TRUSTS',
      'OWNS',
    ]);
  });

  it('rejects bad input with the field that was wrong', async () => {
    const strength = await gql(
      `mutation { setTrust(input: { fromId: "${id('A')}", toId: "${id('B')}", strength: 1.5, context: FRIEND }) { ... on InvalidArgument { code field } } }`,
    );
    const self = await gql(
      `mutation { setTrust(input: { fromId: "${id('A')}", toId: "${id('A')}", strength: 0.5, context: FRIEND }) { ... on Error { code } } }`,
    );
    const latitude = await gql(
      `mutation { upsertBusiness(input: { id: "${id('W')}", name: "W", category: "c", city: "c", location: { lat: 91, lon: 0 } }) { ... on InvalidArgument { code field } } }`,
    );
    const unknown = await gql(
      `mutation { setTrust(input: { fromId: "${id('A')}", toId: "${id('nobody')}", strength: 0.5, context: FRIEND }) { ... on Error { code } } }`,
    );

    expect(strength.data).toEqual({ setTrust: { code: 'INVALID_ARGUMENT', field: 'strength' } });
    expect(self.data).toEqual({ setTrust: { code: 'SELF_TRUST' } });
    expect(latitude.data).toEqual({
      upsertBusiness: { code: 'INVALID_ARGUMENT', field: 'input.location.lat' },
    });
    expect(unknown.data).toEqual({ setTrust: { code: 'NODE_NOT_FOUND' } });
  });
});
