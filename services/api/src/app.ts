import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createYoga } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import { PathTokens, type Identity } from '../../graph/src/index.ts';
import type { GraphQLContext } from './graphql/builder.ts';
import { maskError } from './graphql/errors.ts';
import { createLogger, RequestLogController } from './logging.ts';
import { buildSchema } from './graphql/schema.ts';
import authPlugin, { KEY_KIND_HEADER } from './plugins/auth.ts';
import { KeyRateLimiter, useCostLimits } from './graphql/limits.ts';
import { readPersistedOperations } from './graphql/persisted-operations.ts';
import graphPlugin from './plugins/graph.ts';
import neo4jPlugin from './plugins/neo4j.ts';
import redisPlugin from './plugins/redis.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface BuildAppOptions {
  /** Where log lines go instead of stdout (tests capture them). */
  readonly logStream?: DestinationStream;
  readonly schemaDir?: string;
}

/** Builds the HTTP server with every plugin and route registered. Never listens. */
export async function buildApp(
  config: Config,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  // Typed as fastify's base logger so the instance type stays the plain FastifyInstance.
  const logger: FastifyBaseLogger = createLogger(config, options.logStream);
  const app = Fastify({
    loggerInstance: logger,
    logController: new RequestLogController(),
    requestIdHeader: false,
    genReqId: (request) => {
      const header = request.headers['x-request-id'];

      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    bodyLimit: 256 * 1024,
    pluginTimeout: config.STARTUP_TIMEOUT_MS,
  });

  await app.register(neo4jPlugin, {
    config,
    schemaDir: options.schemaDir ?? path.join(REPO_ROOT, 'schema'),
  });
  await app.register(redisPlugin, { config });
  await app.register(graphPlugin, { config });
  await app.register(authPlugin, { config });

  registerHealthRoutes(app);
  await registerGraphQL(app, config);

  return app;
}

function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/healthz', () => Promise.resolve({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [neo4j, redis] = await Promise.all([
      app.neo4j.getServerInfo().then(
        () => 'up',
        () => 'down',
      ),
      app.redis.ping().then(
        () => 'up',
        () => 'down',
      ),
    ]);
    const projection = !app.graph.usesProjection
      ? 'off'
      : app.graph.live.isReady
        ? 'ready'
        : 'building';
    const ready = neo4j === 'up' && projection !== 'building';
    const status = !ready ? 'unavailable' : redis === 'up' ? 'ready' : 'degraded';

    return reply
      .code(ready ? 200 : 503)
      .send({ status, neo4j, redis, projection, graphVersion: app.graph.live.version });
  });
}

async function registerGraphQL(app: FastifyInstance, config: Config): Promise<void> {
  const tokens = new PathTokens(config.TOKEN_SECRET);
  const persistedOperations = await readPersistedOperations(
    path.join(REPO_ROOT, 'schema/operations'),
  );
  const isInternal = (request: Request) => request.headers.get(KEY_KIND_HEADER) === 'internal';
  const yoga = createYoga<{ req: FastifyRequest; reply: FastifyReply }, GraphQLContext>({
    schema: buildSchema(),
    graphiql: config.GRAPHIQL,
    landingPage: false,
    batching: false,
    plugins: [
      ...new EnvelopArmor({
        maxDepth: { n: 12 },
        maxAliases: { n: 15 },
        maxDirectives: { n: 10 },
        maxTokens: { n: 3000 },
        blockFieldSuggestion: { enabled: true },
        costLimit: { enabled: false },
      }).protect().plugins,
      useCSRFPrevention({ requestHeaders: ['x-graphql-client'] }),
      useDisableIntrospection({ isDisabled: (request) => !isInternal(request) }),
      usePersistedOperations({
        getPersistedOperation: (hash) => persistedOperations.get(hash) ?? null,
        allowArbitraryOperations: isInternal,
        customErrors: {
          persistedQueryOnly: {
            message: 'partner keys may only run persisted operations (schema/operations)',
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
          },
          notFound: {
            message: 'no persisted operation has that sha256 hash',
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
          },
        },
      }),
      useCostLimits({
        maxCost: config.MAX_QUERY_COST,
        limiter: new KeyRateLimiter(app.redis, config.REDIS_KEY_PREFIX),
      }),
    ],
    maskedErrors: {
      maskError: (error) => maskError(error),
    },
    logging: {
      debug: () => undefined,
      info: (...args) => app.log.info({ yoga: args.length }, 'yoga info'),
      warn: (...args) => app.log.warn({ yoga: args.length }, 'yoga warning'),
      error: (...args) =>
        app.log.error(
          { err: args.find((arg) => arg instanceof Error) },
          'graphql execution failed',
        ),
    },
    context: ({ req }) => ({
      graph: app.graph,
      log: req.log,
      // The auth hook answers 401 before GraphQL runs for any request without an identity.
      identity: req.identity as Identity,
      tokens,
    }),
  });

  app.route({
    url: yoga.graphqlEndpoint,
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async (request, reply) => {
      const response = await yoga.handleNodeRequestAndResponse(request, reply, {
        req: request,
        reply,
      });
      response.headers.forEach((value, key) => {
        void reply.header(key, value);
      });
      void reply.status(response.status);

      return reply.send(response.body);
    },
  });
}
