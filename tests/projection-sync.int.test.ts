import type { FastifyInstance } from 'fastify';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './helpers/app.ts';
import { defaultWarmthModel } from '../services/graph/src/domain/warmth.ts';
import { TrustProjection } from '../services/graph/src/engine/projection.ts';
import { Neo4jProjectionSource } from '../services/graph/src/storage/neo4j-projection-source.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
import {
  INTRO_PATHS,
  postGraphQL,
  type GraphQLResponse,
  type IntroPathsData,
} from './helpers/graphql.ts';
import {
  connectNeo4j,
  createTestKey,
  releaseTestData,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed by seed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The part of a projection this test wrote: who exists, who opted out, and every usable hop
 * among them. Other tests may write to the same Neo4j meanwhile, so whole-graph checksums are not
 * compared.
 */
function describeSubgraph(projection: TrustProjection, ids: readonly string[]): unknown[] {
  const indices = ids.map((id) => projection.personIndex(id));

  return indices.flatMap((a, i) => [
    [ids[i], a >= 0 && !projection.isDeleted(a), a >= 0 && projection.isOptedOut(a)],
    ...indices.map((b, j) =>
      a >= 0 && b >= 0 && i !== j ? [ids[i], ids[j], projection.describeHop(a, b)] : null,
    ),
  ]);
}

const SET_TRUST = `mutation S($input: TrustInput!) { setTrust(input: $input) { __typename } }`;
const REMOVE_TRUST = `mutation R($f: ID!, $t: ID!) { removeTrust(fromId: $f, toId: $t) { __typename } }`;
const OPT_OUT = `mutation O($p: ID!, $o: Boolean!) { setOptOut(personId: $p, optedOut: $o) { __typename } }`;
const UPSERT = `mutation U($id: ID!) { upsertPerson(input: { id: $id, name: "Newcomer" }) { __typename } }`;
const DELETE = `mutation D($id: ID!) { deletePerson(id: $id) { __typename } }`;

describe('two API processes sharing Neo4j and Redis', () => {
  const seed = Number(process.env.SYNC_SEED ?? 20261203);
  const prefix = uniquePrefix('sync');
  const names = ['A', 'B', 'C', 'D', 'E', 'F', 'O', 'X', 'T', 'L'];
  const config = testConfig();
  let driver: Driver;
  let key: TestKey;
  const gql = <T = Record<string, unknown>>(
    target: FastifyInstance,
    query: string,
    variables: Record<string, unknown> = {},
  ) => postGraphQL<T>(target, query, variables, key.headers);
  let writer: FastifyInstance;
  let reader: FastifyInstance;

  beforeAll(async () => {
    driver = connectNeo4j();
    key = await createTestKey(driver);
    await loadNetwork(driver, buildCrossroadsNetwork(prefix, Date.now()));
    [writer, reader] = await Promise.all([buildTestApp(config), buildTestApp(config)]);
  });

  afterAll(async () => {
    await Promise.all([writer?.close(), reader?.close()]);
    await releaseTestData({ driver, prefix, keys: [key], redisKeyPrefix: config.REDIS_KEY_PREFIX });
  });

  it(`agree with a projection rebuilt from Neo4j after random writes through one of them (seed ${seed})`, async () => {
    const random = createRandom(seed);
    const pick = () => `${prefix}${names[Math.floor(random() * names.length)]}`;
    const responses: GraphQLResponse[] = [];
    for (let step = 0; step < 40; step++) {
      const roll = random();
      const [from, to] = [pick(), pick()];
      if (roll < 0.45) {
        const strength = Math.round(random() * 100) / 100;
        const input = {
          fromId: from,
          toId: to,
          strength,
          distrust: random() < 0.1,
          context: 'FRIEND',
        };
        responses.push(await gql(writer, SET_TRUST, { input }));
      } else if (roll < 0.75) {
        responses.push(await gql(writer, REMOVE_TRUST, { f: from, t: to }));
      } else if (roll < 0.9) {
        responses.push(await gql(writer, OPT_OUT, { p: from, o: random() < 0.5 }));
      } else if (roll < 0.95) {
        responses.push(await gql(writer, UPSERT, { id: `${prefix}N${step}` }));
      } else {
        responses.push(await gql(writer, DELETE, { id: from }));
      }
    }

    // A request makes the reader catch up with the shared version first, as every request does.
    await gql(reader, INTRO_PATHS, { from: `${prefix}A`, to: `${prefix}T` });
    const mine = reader.graph.live.projection;
    const rebuilt = await TrustProjection.build(new Neo4jProjectionSource(driver), {
      nowMs: mine.nowMs,
      model: defaultWarmthModel,
    });

    const typenames = responses.map((response) => Object.values(response.data ?? {})[0]);
    expect(responses.filter((response) => response.errors)).toEqual([]);
    expect(
      typenames.filter((value) => (value as { __typename?: string }).__typename === 'Trust').length,
    ).toBeGreaterThan(5);
    expect(mine.version).toBe(writer.graph.live.version);
    const ids = [...names, ...responses.map((_, step) => `N${step}`)].map(
      (name) => `${prefix}${name}`,
    );
    expect(describeSubgraph(mine, ids)).toEqual(describeSubgraph(rebuilt, ids));
    expect(describeSubgraph(writer.graph.live.projection, ids)).toEqual(
      describeSubgraph(rebuilt, ids),
    );
  });

  it('serves no path over a removed tie from the other process once the removal returns', async () => {
    const [p1, p2] = [`${prefix}P1`, `${prefix}P2`];
    await gql(writer, UPSERT, { id: p1 });
    await gql(writer, UPSERT, { id: p2 });
    await gql(writer, SET_TRUST, {
      input: { fromId: p1, toId: p2, strength: 0.9, context: 'FRIEND' },
    });
    const query = { from: p1, to: p2, maxHops: 1 };
    const before = await gql<IntroPathsData>(reader, INTRO_PATHS, query);

    await gql(writer, REMOVE_TRUST, { f: p1, t: p2 });
    const after = await gql<IntroPathsData>(reader, INTRO_PATHS, query);

    expect(before.data?.introPaths.paths).toHaveLength(1);
    expect(after.data?.introPaths).toMatchObject({
      paths: [],
      reason: 'NO_PATH_WITHIN_MAX_HOPS',
      cached: false,
    });
  });
});
