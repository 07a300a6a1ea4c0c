import type { FastifyInstance } from 'fastify';
import neo4j, { type Driver, type Plan } from 'neo4j-driver';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../services/api/src/app.ts';
import { introRequestLookups } from '../services/graph/src/storage/intro-request-store.ts';
import { loadNetwork } from '../scripts/seed/load/load-network.ts';
import { buildCrossroadsNetwork } from '../scripts/seed/networks/hand-built.ts';
import { postGraphQL } from './helpers/graphql.ts';
import {
  connectNeo4j,
  connectRedis,
  createTestKey,
  deleteByPrefix,
  deleteKeys,
  deleteRedisKeys,
  testConfig,
  uniquePrefix,
  type TestKey,
} from './helpers/services.ts';

const PATHS = /* GraphQL */ `
  query Paths($to: ID!) {
    introPaths(to: $to, first: 10) {
      ... on IntroPaths {
        paths {
          warmth
          token
          hops {
            to {
              id
            }
          }
        }
      }
    }
  }
`;

const REQUEST_FIELDS = /* GraphQL */ `
  id
  status
  target {
    id
    name
    kind
  }
  revealedHops {
    position
    node {
      id
      name
      kind
    }
    masked
    token
    descriptor
    accepted
  }
`;

const REQUEST_INTRO = /* GraphQL */ `
  mutation Ask($token: String!, $message: String!) {
    requestIntro(pathToken: $token, message: $message) {
      __typename
      ... on IntroRequest { ${REQUEST_FIELDS} }
      ... on InvalidArgument { code field }
    }
  }
`;

const READ_REQUEST = /* GraphQL */ `
  query Read($id: ID!) {
    introRequest(id: $id) { ${REQUEST_FIELDS} }
  }
`;

const RESPOND = /* GraphQL */ `
  mutation Answer($id: ID!, $accept: Boolean!) {
    respondToIntro(requestId: $id, accept: $accept) {
      requestId
      outcome
    }
  }
`;

const INBOX = /* GraphQL */ `
  query Inbox {
    introRequestsToAnswer {
      id
      askedBy {
        id
        name
      }
      target {
        id
        name
      }
      message
    }
  }
`;

interface RequestView {
  id: string;
  status: string;
  target: { id: string; name: string; kind: string } | null;
  revealedHops: {
    position: number;
    node: { id: string; name: string } | null;
    masked: boolean;
    token: string | null;
    descriptor: string | null;
    accepted: boolean;
  }[];
}

interface PathView {
  warmth: number;
  token: string | null;
  hops: { to: { id: string | null } }[];
}

const MESSAGE = 'Would you pass this on? I would like to talk about a kitchen refit.';

/** Collects every log line the app writes, to check that no message leaks into them. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });

  return { lines, stream };
}

describe('intro requests on the crossroads network', () => {
  const prefix = uniquePrefix('intro-requests');
  const id = (name: string) => `${prefix}${name}`;
  const network = buildCrossroadsNetwork(prefix, Date.now());
  const logs = captureLogs();
  const config = testConfig({ LOG_LEVEL: 'debug' });
  const keys: Record<string, TestKey> = {};
  let driver: Driver;
  let app: FastifyInstance;

  const gql = <T>(key: string, query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(app, query, variables, keys[key]?.headers ?? {});

  /** The token of A's path through the given first contact, as introPaths returns it. */
  const pathThrough = async (key: string, firstContact: string): Promise<PathView> => {
    const response = await gql<{ introPaths: { paths: PathView[] } }>(key, PATHS, { to: id('T') });
    expect(response.errors).toBeUndefined();
    const path = response.data?.introPaths.paths.find(
      (candidate) => candidate.hops[0]?.to.id === id(firstContact),
    );
    expect(path?.token).toEqual(expect.any(String));

    return path as PathView;
  };

  const requestIntro = async (key: string, token: string): Promise<RequestView> => {
    const response = await gql<{ requestIntro: RequestView }>(key, REQUEST_INTRO, {
      token,
      message: MESSAGE,
    });
    expect(response.errors).toBeUndefined();

    return response.data?.requestIntro as RequestView;
  };

  const read = async (key: string, requestId: string): Promise<RequestView | null> => {
    const response = await gql<{ introRequest: RequestView | null }>(key, READ_REQUEST, {
      id: requestId,
    });
    expect(response.errors).toBeUndefined();

    return response.data?.introRequest ?? null;
  };

  const answer = async (key: string, requestId: string, accept: boolean) => {
    const response = await gql<{ respondToIntro: { outcome: string } }>(key, RESPOND, {
      id: requestId,
      accept,
    });

    return response;
  };

  const lastInteractions = async (pairs: [string, string][]): Promise<number[]> => {
    const { records } = await driver.executeQuery(
      `UNWIND $pairs AS pair
       MATCH (:Person {id: pair[0]})-[t:TRUSTS]->(:Person {id: pair[1]})
       RETURN t.lastInteractionAt AS at`,
      { pairs: pairs.map(([a, b]) => [id(a), id(b)]) },
    );

    return records.map((record) =>
      (record.get('at') as { toStandardDate(): Date }).toStandardDate().getTime(),
    );
  };

  beforeAll(async () => {
    driver = connectNeo4j();
    await loadNetwork(driver, network);
    for (const name of ['A', 'B', 'C', 'D', 'T']) {
      keys[name] = await createTestKey(driver, { scopes: ['paths:read'], viewerId: id(name) });
    }
    keys.A2 = await createTestKey(driver, { scopes: ['paths:read'], viewerId: id('A') });
    keys.admin = await createTestKey(driver, { scopes: ['admin'] });
    app = await buildApp(config, { logStream: logs.stream });
  });

  afterAll(async () => {
    await app?.close();
    await driver.executeQuery(
      'MATCH (r:IntroRequest) WHERE r.requesterId STARTS WITH $prefix DETACH DELETE r',
      { prefix },
    );
    await deleteByPrefix(driver, prefix);
    await deleteKeys(driver, Object.values(keys));
    const redis = connectRedis();
    await deleteRedisKeys(redis, config.REDIS_KEY_PREFIX);
    redis.disconnect();
    await driver.close();
  });

  it('introduces A to T along A-B-C-T once B, C and T accept, naming C only after C accepts', async () => {
    const path = await pathThrough('A', 'B');
    const tiesBefore = await lastInteractions([
      ['A', 'B'],
      ['B', 'A'],
      ['B', 'C'],
      ['C', 'T'],
    ]);

    const requested = await requestIntro('A', path.token as string);
    const other = await requestIntro('A2', (await pathThrough('A2', 'B')).token as string);
    const inboxOfB = await gql<{ introRequestsToAnswer: unknown[] }>('B', INBOX);
    const afterB = await answer('B', requested.id, true);
    const maskedAfterB = await read('A', requested.id);
    const inboxOfC = await gql<{ introRequestsToAnswer: { id: string; askedBy: unknown }[] }>(
      'C',
      INBOX,
    );
    const afterC = await answer('C', requested.id, true);
    const namedAfterC = await read('A', requested.id);
    const afterT = await answer('T', requested.id, true);
    const introduced = await read('A', requested.id);

    expect(requested).toMatchObject({
      status: 'PENDING',
      target: { id: id('T'), name: 'Crossroads T', kind: 'PERSON' },
    });
    expect(requested.revealedHops.map((hop) => [hop.node?.name ?? null, hop.masked])).toEqual([
      ['Crossroads B', false],
      [null, true],
      ['Crossroads T', false],
    ]);
    expect(requested.revealedHops[1]?.descriptor).toBe('friend of your contact');
    expect(typeof requested.revealedHops[1]?.token).toBe('string');
    expect(typeof other.revealedHops[1]?.token).toBe('string');
    expect(other.revealedHops[1]?.token).not.toBe(requested.revealedHops[1]?.token);
    expect(inboxOfB.data?.introRequestsToAnswer).toContainEqual({
      id: requested.id,
      askedBy: { id: id('A'), name: 'Crossroads A' },
      target: { id: id('T'), name: 'Crossroads T' },
      message: MESSAGE,
    });
    expect(afterB.data?.respondToIntro.outcome).toBe('PASSED_ON');
    expect(maskedAfterB?.revealedHops[0]?.accepted).toBe(true);
    expect(maskedAfterB?.revealedHops[1]).toMatchObject({ masked: true, node: null });
    expect(maskedAfterB?.revealedHops[1]?.token).toBe(requested.revealedHops[1]?.token);
    expect(inboxOfC.data?.introRequestsToAnswer).toContainEqual(
      expect.objectContaining({
        id: requested.id,
        askedBy: { id: id('B'), name: 'Crossroads B' },
      }),
    );
    expect(afterC.data?.respondToIntro.outcome).toBe('PASSED_ON');
    expect(namedAfterC?.revealedHops[1]).toMatchObject({
      masked: false,
      node: { id: id('C'), name: 'Crossroads C' },
      token: null,
      descriptor: null,
      accepted: true,
    });
    expect(afterT.data?.respondToIntro.outcome).toBe('INTRODUCED');
    expect(introduced?.status).toBe('INTRODUCED');

    const tiesAfter = await lastInteractions([
      ['A', 'B'],
      ['B', 'A'],
      ['B', 'C'],
      ['C', 'T'],
    ]);
    const warmthAfter = (await pathThrough('A', 'B')).warmth;
    tiesAfter.forEach((after, i) => expect(after).toBeGreaterThan(tiesBefore[i] as number));
    expect(warmthAfter).toBeGreaterThanOrEqual(path.warmth);
    const stored = await driver.executeQuery(
      'MATCH (r:IntroRequest {id: $id}) RETURN r.message AS message, r.messageLength AS length',
      { id: requested.id },
    );
    expect(stored.records[0]?.get('message')).toBeNull();
    expect(stored.records[0]?.get('length')).toBe(MESSAGE.length);
    expect(logs.lines.some((line) => line.includes('kitchen refit'))).toBe(false);
  });

  it('refuses an answer from anyone but the person asked, revealing nothing', async () => {
    const requested = await requestIntro('A', (await pathThrough('A', 'B')).token as string);

    const byD = await answer('D', requested.id, true);
    const byC = await answer('C', requested.id, true);
    const unknown = await answer('D', 'no-such-request', false);

    for (const response of [byD, byC, unknown]) {
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(byD.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(await read('A', requested.id)).toMatchObject({ status: 'PENDING' });
  });

  it('shows a request only to its requester, with the key that made it', async () => {
    const requested = await requestIntro('A', (await pathThrough('A', 'B')).token as string);

    const byB = await read('B', requested.id);
    const byOtherKey = await read('A2', requested.id);

    expect(byB).toBeNull();
    expect(byOtherKey).toBeNull();
  });

  it('refuses a path token sealed for another key or viewer, or malformed', async () => {
    const token = (await pathThrough('A', 'B')).token as string;

    const otherKey = await gql<{ requestIntro: { code: string; field: string } }>(
      'A2',
      REQUEST_INTRO,
      { token, message: MESSAGE },
    );
    const otherViewer = await gql<{ requestIntro: { code: string; field: string } }>(
      'D',
      REQUEST_INTRO,
      { token, message: MESSAGE },
    );
    const garbage = await gql<{ requestIntro: { code: string; field: string } }>(
      'A',
      REQUEST_INTRO,
      { token: 'p1.not-a-token', message: MESSAGE },
    );

    for (const response of [otherKey, otherViewer, garbage]) {
      expect(response.data?.requestIntro).toEqual({
        __typename: 'InvalidArgument',
        code: 'INVALID_ARGUMENT',
        field: 'pathToken',
      });
    }
  });

  it('withholds how a masked person is known while the person before them hides their contacts', async () => {
    const hide = await gql<{ setHidesContacts: { hidesContacts: boolean } }>(
      'B',
      `mutation { setHidesContacts(hidden: true) { ... on ContactHiding { hidesContacts } } }`,
    );

    const requested = await requestIntro('A', (await pathThrough('A', 'B')).token as string);
    await answer('B', requested.id, true);
    const afterB = await read('A', requested.id);

    expect(hide.data?.setHidesContacts.hidesContacts).toBe(true);
    expect(requested.revealedHops[1]).toMatchObject({
      masked: true,
      descriptor: 'a contact of your contact',
    });
    expect(afterB?.revealedHops[1]).toMatchObject({ masked: true, node: null });

    await gql('B', `mutation { setHidesContacts(hidden: false) { __typename } }`);
  });

  it('erases a deleted intermediary from the requests through them', async () => {
    const requested = await requestIntro('A', (await pathThrough('A', 'D')).token as string);

    const deleted = await gql(
      'admin',
      `mutation D($id: ID!) { deletePerson(id: $id) { __typename } }`,
      {
        id: id('E'),
      },
    );
    const after = await read('A', requested.id);

    expect(deleted.errors).toBeUndefined();
    expect(after).toEqual({
      id: requested.id,
      status: 'UNAVAILABLE',
      target: null,
      revealedHops: [],
    });
    const stored = await driver.executeQuery(
      'MATCH (r:IntroRequest {id: $id}) RETURN r.nodeIds AS nodeIds, r.message AS message',
      { id: requested.id },
    );
    expect(stored.records[0]?.get('nodeIds')).not.toContain(id('E'));
    expect(stored.records[0]?.get('message')).toBeNull();
  });

  it('reads a declined, an expired and a stale-path request exactly alike, as UNAVAILABLE', async () => {
    const declined = await requestIntro('A', (await pathThrough('A', 'B')).token as string);
    await answer('B', declined.id, true);
    const decline = await answer('C', declined.id, false);
    const expired = await requestIntro('A', (await pathThrough('A', 'B')).token as string);
    await driver.executeQuery(
      `MATCH (r:IntroRequest {id: $id}) SET r.expiresAt = datetime() - duration('PT1S')`,
      { id: expired.id },
    );
    const staleToken = (await pathThrough('A', 'B')).token as string;
    const removed = await gql(
      'admin',
      `mutation R($f: ID!, $t: ID!) { removeTrust(fromId: $f, toId: $t) { __typename } }`,
      {
        f: id('C'),
        t: id('T'),
      },
    );
    const stale = await requestIntro('A', staleToken);

    const views = await Promise.all(
      [declined, expired, stale].map(async (request) => read('A', request.id)),
    );
    const lateAnswer = await answer('B', expired.id, true);

    expect(decline.data?.respondToIntro.outcome).toBe('DECLINED');
    expect(removed.errors).toBeUndefined();
    for (const view of views) {
      expect(view).toMatchObject({ status: 'UNAVAILABLE' });
    }
    const [first, ...rest] = views.map((view) => ({ ...view, id: undefined }));
    for (const view of rest) {
      expect(view).toEqual(first);
    }
    expect(stale.status).toBe('UNAVAILABLE');
    expect(lateAnswer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('intro request lookups', () => {
  let driver: Driver;

  beforeAll(() => {
    driver = connectNeo4j();
  });

  afterAll(async () => {
    await driver.close();
  });

  /** The index each operator of a plan seeks, as Neo4j details it ("IntroRequest(askedId)"). */
  const seekedIndexes = (plan: Plan): string[] => [
    ...(plan.operatorType.startsWith('NodeIndexSeek')
      ? [/\w+\(\w+\)/.exec(String(plan.arguments.Details ?? ''))?.[0] ?? '']
      : []),
    ...plan.children.flatMap(seekedIndexes),
  ];

  it.each([
    ['inbox', 'askedId'],
    ['sweep', 'state'],
    ['ofRequester', 'requesterId'],
  ] as const)('reads the %s through the index on %s', async (lookup, property) => {
    const { summary } = await driver.executeQuery(`EXPLAIN ${introRequestLookups[lookup]}`, {
      personId: 'nobody',
      now: neo4j.int(0),
      limit: neo4j.int(1),
    });

    expect(summary.plan && seekedIndexes(summary.plan)).toEqual([`IntroRequest(${property})`]);
  });
});
