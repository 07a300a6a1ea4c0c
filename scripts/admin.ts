import { Command, InvalidArgumentError as UsageError } from 'commander';
import { Redis } from 'ioredis';
import neo4j from 'neo4j-driver';
import pino from 'pino';
import {
  announceRevocation,
  ApiKeyStore,
  GraphService,
  assertValidId,
  defaultWarmthModel,
  scopes as knownScopes,
  type Scope,
} from '../services/graph/src/index.ts';

/**
 * Operator commands: API keys and erasure. Connection settings come from NEO4J_URI, NEO4J_USER,
 * NEO4J_PASSWORD, REDIS_URL and REDIS_KEY_PREFIX, as for the API.
 */

const transaction = { timeoutMs: 10_000 };

function connect() {
  const driver = neo4j.driver(
    process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(
      process.env.NEO4J_USER ?? 'neo4j',
      process.env.NEO4J_PASSWORD ?? 'warmpath-dev',
    ),
    { disableLosslessIntegers: true },
  );

  return driver;
}

/** Not connected yet: callers connect and carry on without Redis when it is down. */
function connectRedis(): Redis {
  return new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
}

const keyPrefix = () => process.env.REDIS_KEY_PREFIX ?? 'wp:';

function parseScopes(value: string): Scope[] {
  const requested = value.split(',').map((scope) => scope.trim());
  const unknown = requested.filter((scope) => !(knownScopes as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new UsageError(`unknown scopes ${unknown.join(', ')}; known: ${knownScopes.join(', ')}`);
  }

  return requested as Scope[];
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError('must be a positive whole number');
  }

  return number;
}

/** Erasure needs the cache and the other processes told, so it goes through the graph service. */
async function withGraphService<T>(run: (graph: GraphService) => Promise<T>): Promise<T> {
  const driver = connect();
  const redis = connectRedis();
  const log = pino({ level: 'warn' });
  await redis
    .connect()
    .catch(() => log.warn({}, 'redis unavailable: cached answers expire by version only'));
  try {
    const graph = new GraphService(driver, redis, log, {
      strategy: 'cypher',
      model: defaultWarmthModel,
      transaction,
      searchTimeoutMs: 10_000,
      cache: { keyPrefix: keyPrefix(), ttlSeconds: 600 },
      driftCheckIntervalMs: 60_000,
    });

    return await run(graph);
  } finally {
    redis.disconnect();
    await driver.close();
  }
}

const program = new Command('admin').description('Warmpath operator commands');
const keys = program.command('keys').description('API keys');

keys
  .command('create')
  .description('create a key and print it once; only its hash is stored')
  .requiredOption('--name <name>', 'label for operators, e.g. the partner’s name')
  .requiredOption('--scopes <list>', `comma-separated: ${knownScopes.join(', ')}`, parseScopes)
  .option('--internal', 'an internal key: any GraphQL document, introspection allowed', false)
  .option('--points <n>', 'rate-limit budget in cost points per minute', parsePositive, 10_000)
  .action(async (options: { name: string; scopes: Scope[]; internal: boolean; points: number }) => {
    const driver = connect();
    try {
      const { key, token } = await new ApiKeyStore(driver, transaction).create({
        name: options.name,
        scopes: options.scopes,
        internal: options.internal,
        pointsPerMinute: options.points,
      });
      process.stdout.write(
        `key ${key.id} created; keep this token, it is not shown again:\n${token}\n`,
      );
    } finally {
      await driver.close();
    }
  });

keys
  .command('list')
  .description('list keys (ids, scopes, budgets, revocation)')
  .action(async () => {
    const driver = connect();
    try {
      for (const key of await new ApiKeyStore(driver, transaction).list()) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
        process.stdout.write(
          `${key.id}  ${key.scopes.join(',')}  ${key.internal ? 'internal' : 'partner'}  ${key.pointsPerMinute}/min  ${state}\n`,
        );
      }
    } finally {
      await driver.close();
    }
  });

keys
  .command('revoke <id>')
  .description('revoke a key; every API process that hears it through Redis drops it at once')
  .action(async (id: string) => {
    const driver = connect();
    const redis = connectRedis();
    try {
      if (!(await new ApiKeyStore(driver, transaction).revoke(id))) {
        process.stdout.write(`no key ${id}\n`);
        process.exitCode = 1;
        return;
      }

      await redis.connect().catch(() => undefined);
      const heard = await announceRevocation(redis, keyPrefix(), id);
      process.stdout.write(
        heard === null
          ? `key ${id} revoked; Redis unreachable, so API processes stop accepting it within API_KEY_CACHE_MS\n`
          : `key ${id} revoked; ${heard} API processes told\n`,
      );
    } finally {
      redis.disconnect();
      await driver.close();
    }
  });

program
  .command('erase <personId>')
  .description('erase a person everywhere and block the id from imports')
  .action(async (personId: string) => {
    const id = assertValidId('personId', personId);
    const removed = await withGraphService((graph) =>
      graph.deletePerson(id, pino({ level: 'warn' })),
    );
    process.stdout.write(`person erased; ${removed} relationships removed\n`);
  });

program
  .command('lift-erasure <personId>')
  .description('allow an erased id to be created and imported again')
  .action(async (personId: string) => {
    const id = assertValidId('personId', personId);
    const lifted = await withGraphService((graph) => graph.people.liftErasure(id));
    process.stdout.write(lifted ? 'erasure lifted\n' : 'that id was not erased\n');
    process.exitCode = lifted ? 0 : 1;
  });

await program.parseAsync();
