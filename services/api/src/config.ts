import { z } from 'zod';

/**
 * Configuration, read once from the environment at start-up. Every variable is documented beside
 * its rule and in the README; problems are reported together and the process exits non-zero.
 */

const boolean = z.enum(['true', 'false']).transform((value) => value === 'true');
const milliseconds = z.coerce.number().int().min(1).max(600_000);

const schema = z.object({
  /** Interface to listen on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bolt URI of Neo4j. */
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'must be a bolt:// or neo4j:// URI')
    .default('bolt://127.0.0.1:7687'),
  /** Neo4j user. */
  NEO4J_USER: z.string().min(1).default('neo4j'),
  /** Neo4j password. Required: secrets have no default. */
  NEO4J_PASSWORD: z.string().min(1, 'is required'),
  /** Time allowed to open a Bolt connection. */
  NEO4J_CONNECTION_TIMEOUT_MS: milliseconds.default(3000),
  /** Server-side timeout of each read or write transaction. */
  NEO4J_QUERY_TIMEOUT_MS: milliseconds.default(5000),
  /** Total time the driver may spend retrying a transient failure; the driver's own default is 30 s. */
  NEO4J_MAX_RETRY_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  /** Redis URL, database index included (redis://host:port/db). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379/0'),
  /** Prefix of every Redis key this service writes, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,32}$/, 'must be 1-32 of A-Z a-z 0-9 : _ -')
    .default('wp:'),
  /** Time a Redis command may take before the service carries on without Redis. */
  REDIS_COMMAND_TIMEOUT_MS: milliseconds.default(300),
  /** How long a cached intro path answer lives. */
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** engine: the in-memory projection (default); cypher: enumeration in Neo4j, scored in the app. */
  PATH_STRATEGY: z.enum(['engine', 'cypher']).default('engine'),
  /** Longest an intro path search may run before it fails with SEARCH_TIMEOUT. */
  SEARCH_TIMEOUT_MS: milliseconds.default(2000),
  /** How often the projection is compared with Neo4j and rebuilt on drift. */
  DRIFT_CHECK_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Days after which the fading part of a tie's strength has halved. */
  WARMTH_HALF_LIFE_DAYS: z.coerce.number().min(1).max(36_500).default(365),
  /** Share of a tie's strength that never fades, 0..1. */
  WARMTH_FLOOR: z.coerce.number().min(0).max(1).default(0.5),
  /** Longest the start-up (connecting, checking the schema, building the projection) may take. */
  STARTUP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /** How often the API recomputes influence scores and writes them back to Neo4j; 0 = never. */
  SCORES_INTERVAL_MS: z.coerce.number().int().min(0).max(604_800_000).default(21_600_000),
  /** Age past which change log entries are deleted (hourly, by every process); 0 = never. */
  CHANGE_LOG_RETENTION_MS: z.coerce.number().int().min(0).max(31_536_000_000).default(604_800_000),
  /** Seals intro path tokens and derives masked-person tokens; 32+ characters. Required. */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** How long a verified API key is trusted before it is checked again (revocation delay). */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Highest cost one GraphQL operation may have; costlier ones are rejected before running. */
  MAX_QUERY_COST: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Serve GraphiQL at /graphql. Local development only. */
  GRAPHIQL: boolean.default(false),
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment, reporting every problem at once. Never includes secret values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(problems);
  }

  return Object.freeze(result.data);
}

export const configVariables = Object.keys(schema.shape);
