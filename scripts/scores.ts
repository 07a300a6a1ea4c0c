/**
 * Computes every influence score (PageRank and its percentile, reach2, reach3, business trust
 * scores) from a projection built from Neo4j, writes them back with `computedAt`, and prints a
 * summary. Neo4j from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD.
 *
 *   npm run scores -- [--prefix <id prefix>] [--batch-size n]
 */
import { Command } from 'commander';
import neo4j from 'neo4j-driver';
import pino from 'pino';
import { defaultWarmthModel } from '../services/graph/src/domain/warmth.ts';
import { LiveProjection } from '../services/graph/src/live-projection.ts';
import { ScoresService } from '../services/graph/src/scores-service.ts';

const program = new Command()
  .name('scores')
  .description('Compute influence scores and write them back to Neo4j.')
  .option('--prefix <prefix>', 'only people and businesses whose ids start with this')
  .option('--batch-size <n>', 'rows per write-back transaction', (value) => Number(value), 5000)
  .parse();
const options = program.opts<{ prefix?: string; batchSize: number }>();

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? 'warmpath-dev'),
);
const transaction = { timeoutMs: 120_000 };

try {
  const live = new LiveProjection(driver, log, { model: defaultWarmthModel, transaction });
  const scores = new ScoresService(driver, live, log, {
    intervalMs: 0,
    model: defaultWarmthModel,
    transaction,
    writeBatchSize: options.batchSize,
  });
  const summary = await scores.computeAndStore(
    options.prefix ? { scope: { idPrefix: options.prefix } } : {},
  );
  console.log(JSON.stringify(summary));
} finally {
  await driver.close();
}
