import neo4j, { type Driver } from 'neo4j-driver';
import pino, { type Logger } from 'pino';
import { applySchema } from '../load/apply-schema.ts';
import type { LoadOptions } from '../load/load-source.ts';
import { formatLoadSummary, type LoadSummary } from '../load/load-summary.ts';
import { createProgressReporter } from '../load/progress-reporter.ts';

/** What every command gets: where to print, a logger for ids and counts, and Neo4j on demand. */
export interface CliContext {
  readonly out: (text: string) => void;
  readonly logger: Logger;
  connect(): Promise<Driver>;
  close(): Promise<void>;
}

export interface ConnectionSettings {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
}

/** Connection settings from NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, with local defaults. */
export function readConnectionSettings(env: NodeJS.ProcessEnv): ConnectionSettings {
  return {
    uri: env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    user: env.NEO4J_USER ?? 'neo4j',
    password: env.NEO4J_PASSWORD ?? 'warmpath-dev',
  };
}

/** Big load transactions may wait on locks a while; retry transient failures for two minutes. */
const MAX_TRANSACTION_RETRY_MS = 120_000;

export function createCliContext(settings: ConnectionSettings): CliContext {
  const logger = pino({ base: undefined }, pino.destination(2));
  let driver: Driver | undefined;

  return {
    out: (text) => process.stdout.write(`${text}\n`),
    logger,
    async connect() {
      if (!driver) {
        driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
          maxTransactionRetryTime: MAX_TRANSACTION_RETRY_MS,
          connectionTimeout: 10_000,
        });
        await driver.verifyConnectivity();
      }
      return driver;
    },
    async close() {
      await driver?.close();
    },
  };
}

export interface LoadCliOptions {
  readonly batchSize: number;
  /** Transactions in flight; the loader's default when absent. */
  readonly concurrency?: number;
  readonly fresh: boolean;
}

/** Applies the schema, loads with a progress display, and prints the summary. */
export async function loadWithProgress(
  context: CliContext,
  load: (driver: Driver, options: LoadOptions) => Promise<LoadSummary>,
  options: LoadCliOptions,
): Promise<LoadSummary> {
  const driver = await context.connect();
  await applySchema(driver);
  const progress = createProgressReporter(process.stderr.isTTY, context.logger);
  try {
    const summary = await load(driver, { ...options, onProgress: progress.onProgress });
    progress.stop();
    context.logger.info(
      {
        created: summary.total.created,
        updated: summary.total.updated,
        unchanged: summary.total.unchanged,
        skipped: summary.total.skipped,
        durationMs: Math.round(summary.durationMs),
      },
      'load finished',
    );
    context.out(formatLoadSummary(summary));
    return summary;
  } finally {
    progress.stop();
  }
}
