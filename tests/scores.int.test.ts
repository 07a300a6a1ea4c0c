import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../services/api/src/app.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildVouchingNetwork } from '../scripts/seed/networks/scores-networks.ts';
import { buildTestApp } from './helpers/app.ts';
import { postGraphQL } from './helpers/graphql.ts';
import {
  connectNeo4j,
  connectRedis,
  createTestKey,
  deleteByPrefix,
  deleteRedisKeys,
  releaseTestData,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

/* The answers below are worked out by hand in scripts/seed/networks/scores-networks.ts. */

const TRUSTED = /* GraphQL */ `
  query Trusted(
    $viewer: ID!
    $maxHops: Int
    $category: String
    $city: String
    $near: NearInput
    $first: Int
    $after: String
  ) {
    trustedBusinesses(
      viewer: $viewer
      maxHops: $maxHops
      category: $category
      city: $city
      near: $near
      first: $first
      after: $after
    ) {
      __typename
      ... on TrustedBusinessConnection {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          cursor
          vouching
          voucherCount
          distanceKm
          node {
            id
          }
          paths {
            warmth
            hopCount
            hops {
              from {
                id
              }
              to {
                id
                kind
              }
              kind
              strength
            }
          }
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`;

interface KeyCreator {
  create(input: {
    name: string;
    scopes: 'admin'[];
    internal: boolean;
    pointsPerMinute: number;
  }): Promise<{ key: { id: string }; token: string }>;
}

interface TrustedData {
  trustedBusinesses: {
    __typename: string;
    code?: string;
    totalCount?: number;
    pageInfo?: { endCursor: string | null; hasNextPage: boolean };
    edges?: {
      cursor: string;
      vouching: number;
      voucherCount: number;
      distanceKm: number | null;
      node: { id: string };
      paths: {
        warmth: number;
        hopCount: number;
        hops: { from: { id: string }; to: { id: string } }[];
      }[];
    }[];
  };
}

describe('influence, trusted businesses and referral analytics on the vouching network', () => {
  const prefix = uniquePrefix('vouching');
  const id = (name: string) => `${prefix}${name}`;
  const strip = (value: string) => value.slice(prefix.length);
  const config = testConfig({
    LOG_LEVEL: 'silent',
    TOKEN_SECRET: 'scores-test-secret-of-at-least-32-chars',
  });
  let driver: Driver;
  let app: FastifyInstance;
  let headers: Record<string, string> = {};
  let keyId: string | null = null;

  const post = async <T>(query: string, variables: Record<string, unknown>) => {
    const response = await postGraphQL<T>(app, query, variables, headers);
    expect(response.errors).toBeUndefined();

    return response.data as T;
  };
  const trusted = (variables: Record<string, unknown>) =>
    post<TrustedData>(TRUSTED, { viewer: id('V'), ...variables });

  beforeAll(async () => {
    driver = connectNeo4j();
    await loadNetwork(driver, buildVouchingNetwork(prefix, Date.now()));
    app = await buildApp(config);
    // Requests carry an internal admin key when the app checks API keys.
    const apiKeys = (app as unknown as { apiKeys?: KeyCreator }).apiKeys;
    if (apiKeys) {
      const { key, token } = await apiKeys.create({
        name: `${prefix}key`,
        scopes: ['admin'],
        internal: true,
        pointsPerMinute: 1_000_000,
      });
      keyId = key.id;
      headers = { authorization: `Bearer ${token}` };
    }
    await app.graph.scores.computeAndStore({ scope: { idPrefix: prefix } });
  });

  afterAll(async () => {
    await app?.close();
    await deleteByPrefix(driver, prefix);
    if (keyId) {
      await driver.executeQuery('MATCH (k:ApiKey {id: $keyId}) DELETE k', { keyId });
    }
    const redis = connectRedis();
    await deleteRedisKeys(redis, config.REDIS_KEY_PREFIX);
    redis.disconnect();
    await driver.close();
  });

  it('ranks businesses by 1 − Π(1 − warmth × trust) over vouchers, with their paths', async () => {
    const data = await trusted({ maxHops: 3 });
    const edges = data.trustedBusinesses.edges ?? [];

    expect(edges.map((edge) => strip(edge.node.id))).toEqual(['P1', 'P2', 'E1']);
    expect(edges.map((edge) => edge.vouching)).toEqual([
      expect.closeTo(0.804, 5),
      expect.closeTo(0.648, 5),
      expect.closeTo(0.5, 5),
    ]);
    expect(edges.map((edge) => edge.voucherCount)).toEqual([2, 1, 1]);
    expect(edges[0]?.paths.map((path) => path.warmth)).toEqual([
      expect.closeTo(0.72, 5),
      expect.closeTo(0.3, 5),
    ]);
    const p2Path = edges[1]?.paths[0];
    expect(p2Path?.hops.map((hop) => strip(hop.to.id))).toEqual(['A', 'C', 'P2']);
    expect(edges[2]?.paths[0]?.hopCount).toBe(1);
    expect(data.trustedBusinesses.totalCount).toBe(3);
  });

  it('leaves out vouchers beyond maxHops, opted-out people and people across distrust', async () => {
    const data = await trusted({ maxHops: 1 });

    expect(data.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual(['P1', 'E1']);
  });

  it('filters by category, city and distance, and says how far each business is', async () => {
    const plumbers = await trusted({ category: 'Plumber' });
    const shelbyville = await trusted({ city: 'shelbyville' });
    const near = await trusted({ near: { lat: 40, lon: -75, radiusKm: 10 } });

    expect(plumbers.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual([
      'P1',
      'P2',
    ]);
    expect(shelbyville.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual(['E1']);
    expect(near.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual(['P1']);
    expect(near.trustedBusinesses.edges?.[0]?.distanceKm).toBeCloseTo(0, 3);
  });

  it('filters on the business as it is now, right after a change through the API', async () => {
    const upsert = /* GraphQL */ `
      mutation Upsert($input: BusinessInput!) {
        upsertBusiness(input: $input) {
          __typename
        }
      }
    `;
    const electrician = { id: id('E1'), name: 'Bright Sparks', city: 'Shelbyville' };
    const before = await trusted({ category: 'plumber' });
    await post(upsert, { input: { ...electrician, category: 'plumber' } });
    const after = await trusted({ category: 'plumber' });
    await post(upsert, { input: { ...electrician, category: 'electrician' } });
    const restored = await trusted({ category: 'plumber' });

    expect(before.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual([
      'P1',
      'P2',
    ]);
    expect(after.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual([
      'P1',
      'P2',
      'E1',
    ]);
    expect(restored.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual([
      'P1',
      'P2',
    ]);
  });

  it('pages with opaque cursors, continuing exactly after the last edge', async () => {
    const first = await trusted({ first: 1 });
    const second = await trusted({ first: 2, after: first.trustedBusinesses.pageInfo?.endCursor });

    expect(first.trustedBusinesses.pageInfo?.hasNextPage).toBe(true);
    expect(second.trustedBusinesses.edges?.map((edge) => strip(edge.node.id))).toEqual([
      'P2',
      'E1',
    ]);
    expect(second.trustedBusinesses.pageInfo?.hasNextPage).toBe(false);
  });

  it('answers an unknown viewer, a bad maxHops and a bad cursor with typed errors', async () => {
    const unknown = await post<TrustedData>(TRUSTED, { viewer: id('nobody') });
    const tooFar = await trusted({ maxHops: 4 });
    const badCursor = await trusted({ after: 'not-a-cursor' });

    expect(unknown.trustedBusinesses.code).toBe('PERSON_NOT_FOUND');
    expect(tooFar.trustedBusinesses.code).toBe('HOP_LIMIT_EXCEEDED');
    expect(badCursor.trustedBusinesses.code).toBe('INVALID_ARGUMENT');
  });

  it('exposes person influence: scores from the run, counts read live', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        person(id: $id) {
          ... on Person {
            influence {
              pageRank
              percentile
              reach2
              reach3
              referralsMade
              referralsConverted
              businessesVouchedFor
              computedAt
            }
          }
        }
      }
    `;
    type Influence = {
      pageRank: number;
      percentile: number;
      reach2: number;
      reach3: number;
      referralsMade: number;
      referralsConverted: number;
      businessesVouchedFor: number;
      computedAt: string | null;
    };
    const influence = async (name: string) =>
      (await post<{ person: { influence: Influence } }>(query, { id: id(name) })).person.influence;

    const [v, c, x, o, r1] = (await Promise.all(['V', 'C', 'X', 'O', 'R1'].map(influence))) as [
      Influence,
      Influence,
      Influence,
      Influence,
      Influence,
    ];

    expect(v).toMatchObject({ reach2: 4, reach3: 4, referralsMade: 1, referralsConverted: 1 });
    expect(v.businessesVouchedFor).toBe(1);
    expect(c).toMatchObject({ reach2: 2, reach3: 4, businessesVouchedFor: 1 });
    expect(x).toMatchObject({ reach2: 0, reach3: 0 });
    expect(o).toMatchObject({ reach2: 3 });
    expect(r1).toMatchObject({ referralsMade: 2, referralsConverted: 1 });
    expect(v.computedAt).not.toBeNull();
    // C is trusted only by A, who is trusted only by V: C ranks above A, and V (trusted by
    // nobody) below both.
    expect(c.pageRank).toBeGreaterThan(v.pageRank);
    expect(c.percentile).toBeGreaterThan(v.percentile);
  });

  it('exposes business influence: trusted by, trust score and customers by source', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        business(id: $id) {
          ... on Business {
            influence {
              trustedBy
              trustScore
              customersByReferral
              customersOther
              computedAt
            }
          }
        }
      }
    `;
    const ranks = /* GraphQL */ `
      query ($id: ID!) {
        person(id: $id) {
          ... on Person {
            influence {
              pageRank
            }
          }
        }
      }
    `;
    type Ranked = { person: { influence: { pageRank: number } } };

    const data = await post<{
      business: {
        influence: {
          trustedBy: number;
          trustScore: number;
          customersByReferral: number;
          customersOther: number;
        };
      };
    }>(query, { id: id('P1') });
    const [a, b, q] = await Promise.all(
      ['A', 'B', 'Q'].map(
        async (name) => (await post<Ranked>(ranks, { id: id(name) })).person.influence.pageRank,
      ),
    );

    // A, B and Q (the owner) trust P1; 3 converted REFERRAL leads, 1 converted SEARCH lead.
    expect(data.business.influence).toMatchObject({
      trustedBy: 3,
      customersByReferral: 3,
      customersOther: 1,
    });
    // trustScore = N × Σ pageRank × strength over the people trusting it, N = 10 people.
    expect(data.business.influence.trustScore).toBeCloseTo(
      10 * ((a ?? 0) * 0.8 + (b ?? 0) * 0.6 + (q ?? 0) * 0.9),
      5,
    );
  });

  it('ranks the people tied to Springfield plumbers by PageRank, page by page', async () => {
    const query = /* GraphQL */ `
      query ($after: String) {
        topInfluencers(category: "plumber", city: "Springfield", first: 5, after: $after) {
          ... on InfluencerConnection {
            edges {
              pageRank
              node {
                id
              }
            }
            pageInfo {
              endCursor
              hasNextPage
            }
          }
        }
      }
    `;
    type Page = {
      topInfluencers: {
        edges: { pageRank: number; node: { id: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };

    const first = await post<Page>(query, {});
    const second = await post<Page>(query, { after: first.topInfluencers.pageInfo.endCursor });
    const edges = [...first.topInfluencers.edges, ...second.topInfluencers.edges];
    const mine = edges.filter((edge) => edge.node.id.startsWith(prefix));

    // Owners, staff, customers and trusters of P1 or P2: A, B, C, O, Q, R1, R2, R3.
    expect(first.topInfluencers.pageInfo.hasNextPage).toBe(true);
    expect(mine.map((edge) => strip(edge.node.id)).sort()).toEqual([
      'A',
      'B',
      'C',
      'O',
      'Q',
      'R1',
      'R2',
      'R3',
    ]);
    const ranksInOrder = edges.map((edge) => edge.pageRank);
    expect([...ranksInOrder].sort((x, y) => y - x)).toEqual(ranksInOrder);
  });

  it('credits referral chains, compares lead sources and values customers', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        referralAnalytics(businessId: $id, first: 10) {
          __typename
          ... on ReferralAnalytics {
            topReferrers {
              person {
                id
              }
              referrals
              converted
              chainConversions
              credit
            }
            leadSources {
              source
              stats {
                leads
                converted
                conversionRate
                medianDaysToConvert
              }
            }
            referred {
              leads
              converted
              conversionRate
              medianDaysToConvert
            }
            other {
              leads
              converted
              conversionRate
              medianDaysToConvert
            }
            topCustomers {
              person {
                id
              }
              ownValue
              networkValue
              adjustedValue
              customersBroughtIn
            }
          }
          ... on Error {
            code
          }
        }
      }
    `;
    type Analytics = {
      referralAnalytics: {
        __typename: string;
        code?: string;
        topReferrers: {
          person: { id: string };
          credit: number;
          referrals: number;
          converted: number;
          chainConversions: number;
        }[];
        leadSources: { source: string; stats: Record<string, number | null> }[];
        referred: Record<string, number | null>;
        other: Record<string, number | null>;
        topCustomers: {
          person: { id: string };
          adjustedValue: number;
          customersBroughtIn: number;
        }[];
      };
    };

    const data = (await post<Analytics>(query, { id: id('P1') })).referralAnalytics;
    const missing = (await post<Analytics>(query, { id: id('nothing') })).referralAnalytics;

    expect(data.topReferrers.map((row) => [strip(row.person.id), row.credit])).toEqual([
      ['V', 1.75],
      ['R1', 1.5],
      ['R2', 1],
    ]);
    expect(data.topReferrers[1]).toMatchObject({ referrals: 2, converted: 1, chainConversions: 1 });
    expect(data.referred).toEqual({
      leads: 4,
      converted: 3,
      conversionRate: 0.75,
      medianDaysToConvert: 4,
    });
    expect(data.other).toMatchObject({ leads: 3, converted: 1, medianDaysToConvert: 1 });
    expect(data.other.conversionRate).toBeCloseTo(1 / 3, 9);
    expect(data.leadSources.find((row) => row.source === 'SEARCH')?.stats).toEqual({
      leads: 2,
      converted: 1,
      conversionRate: 0.5,
      medianDaysToConvert: 1,
    });
    expect(
      data.leadSources.find((row) => row.source === 'WALK_IN')?.stats.conversionRate,
    ).toBeNull();
    expect(data.topCustomers.map((row) => [strip(row.person.id), row.adjustedValue])).toEqual([
      ['R2', 400],
      ['R3', 400],
      ['R1', 300],
      ['A', 50],
    ]);
    expect(data.topCustomers[2]?.customersBroughtIn).toBe(2);
    expect(missing.code).toBe('BUSINESS_NOT_FOUND');
  });
});

describe('trusted businesses on processes running the Cypher path strategy', () => {
  const prefix = uniquePrefix('vouching-cypher');
  const id = (name: string) => `${prefix}${name}`;
  const config = testConfig({ LOG_LEVEL: 'silent', PATH_STRATEGY: 'cypher' });
  let driver: Driver;
  let key: TestKey;
  let writer: FastifyInstance;
  let reader: FastifyInstance;
  const plumberP2 = async () => {
    const response = await postGraphQL<TrustedData>(
      reader,
      TRUSTED,
      { viewer: id('V'), category: 'plumber' },
      key.headers,
    );
    const edge = response.data?.trustedBusinesses.edges?.find((e) => e.node.id === id('P2'));

    return edge?.voucherCount;
  };

  beforeAll(async () => {
    driver = connectNeo4j();
    key = await createTestKey(driver);
    await loadNetwork(driver, buildVouchingNetwork(prefix, Date.now()));
    [writer, reader] = await Promise.all([buildTestApp(config), buildTestApp(config)]);
  });

  afterAll(async () => {
    await Promise.all([writer?.close(), reader?.close()]);
    await releaseTestData({ driver, prefix, keys: [key], redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it('answers from the graph as another process has written it', async () => {
    const setTrust = `mutation S($input: TrustInput!) { setTrust(input: $input) { __typename } }`;
    const before = await plumberP2();
    const written = await postGraphQL(
      writer,
      setTrust,
      { input: { fromId: id('V'), toId: id('P2'), strength: 0.5, context: 'CUSTOMER' } },
      key.headers,
    );
    let after = await plumberP2();
    for (let attempt = 0; attempt < 40 && after !== 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await plumberP2();
    }

    expect(written.errors).toBeUndefined();
    expect(before).toBe(1);
    // C through V-A-C, and now V themselves.
    expect(after).toBe(2);
  });
});
