/**
 * Import benchmark: times each shared dataset (read, validate, load) and then a generated
 * network (default `large`: 1M people, 10M trust) loaded with --fresh over Bolt. Prints one line
 * per step and, last, a JSON summary. Neo4j from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD.
 *
 *   npm run bench:import -- [--network demo|medium|large] [--people n] [--batch-size n]
 *     [--concurrency n] [--skip-datasets] [--skip-network] [--merge] [--keep]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import neo4j, { type Driver } from 'neo4j-driver';
import { generateNetwork } from '../seed/generate/generate-network.ts';
import {
  networkNames,
  resolveNetworkSpec,
  type NetworkName,
} from '../seed/generate/network-spec.ts';
import { createNeo4jGraphLookup } from '../seed/import/graph-lookup.ts';
import { planImport, type ImportOptions } from '../seed/import/plan-import.ts';
import { applySchema } from '../seed/load/apply-schema.ts';
import { defaultConcurrency, loadSource } from '../seed/load/load-source.ts';
import type { LoadSummary } from '../seed/load/load-summary.ts';
import { recordKinds } from '../seed/seed-source.ts';

const datasetsDir = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

const datasets: { name: string; file: string; options: ImportOptions }[] = [
  { name: 'bitcoin-otc', file: 'bitcoin-otc/soc-sign-bitcoinotc.csv.gz', options: {} },
  { name: 'bitcoin-alpha', file: 'bitcoin-alpha/soc-sign-bitcoinalpha.csv', options: {} },
  { name: 'advogato', file: 'advogato/out.advogato', options: {} },
  {
    name: 'ego-facebook',
    file: 'ego-facebook/facebook_combined.txt',
    options: { undirected: true },
  },
  { name: 'wiki-vote', file: 'wiki-vote/Wiki-Vote.txt', options: {} },
  { name: 'email-eu-core', file: 'email-eu-core/email-Eu-core.txt.gz', options: {} },
];

interface BenchOptions {
  network: NetworkName;
  people?: number;
  batchSize: number;
  concurrency?: number;
  skipDatasets: boolean;
  skipNetwork: boolean;
  merge: boolean;
  keep: boolean;
}

interface DatasetResult {
  name: string;
  people: number;
  trust: number;
  planMs: number;
  loadMs: number;
  totalMs: number;
  relationshipsPerSecond: number;
}

const round = (n: number) => Math.round(n);

async function benchDatasets(
  driver: Driver,
  options: BenchOptions,
  runId: string,
): Promise<DatasetResult[]> {
  const results: DatasetResult[] = [];
  for (const dataset of datasets) {
    const prefix = `bench-${runId}-${dataset.name}-`;
    const startedAt = performance.now();
    const plan = await planImport(
      [join(datasetsDir, dataset.file)],
      { ...dataset.options, idPrefix: prefix },
      createNeo4jGraphLookup(driver),
    );
    const plannedAt = performance.now();
    const summary = await loadSource(driver, plan.source, {
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      fresh: !options.merge,
    });
    const result: DatasetResult = {
      name: dataset.name,
      people: summary.byKind.people.created,
      trust: summary.byKind.trust.created,
      planMs: round(plannedAt - startedAt),
      loadMs: round(summary.durationMs),
      totalMs: round(performance.now() - startedAt),
      relationshipsPerSecond: round(summary.relationshipsPerSecond),
    };
    results.push(result);
    process.stdout.write(
      `${dataset.name.padEnd(14)} ${String(result.people).padStart(6)} people ${String(result.trust).padStart(7)} trust  ` +
        `read+validate ${result.planMs} ms, load ${result.loadMs} ms, total ${result.totalMs} ms, ` +
        `${result.relationshipsPerSecond} relationships/s\n`,
    );
    if (!options.keep) {
      await deleteByPrefix(driver, prefix);
    }
  }
  return results;
}

async function benchNetwork(driver: Driver, options: BenchOptions, runId: string) {
  const prefix = `bench-${runId}-`;
  const spec = resolveNetworkSpec(options.network, {
    idPrefix: prefix,
    ...(options.people === undefined ? {} : { people: options.people }),
  });
  const generatedAt = performance.now();
  const network = generateNetwork(spec, 1);
  const generateMs = round(performance.now() - generatedAt);
  const counts = Object.fromEntries(recordKinds.map((k) => [k, network.count(k)]));
  process.stdout.write(`${spec.name}: generated in ${generateMs} ms: ${JSON.stringify(counts)}\n`);

  let lastLogAt = performance.now();
  const summary: LoadSummary = await loadSource(driver, network, {
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    fresh: !options.merge,
    onProgress: (p) => {
      if (performance.now() - lastLogAt > 10_000) {
        lastLogAt = performance.now();
        process.stdout.write(`  ${p.kind}: ${p.rowsDone}/${p.rowsTotal} rows\n`);
      }
    },
  });
  const relationships =
    summary.total.rows - summary.byKind.people.rows - summary.byKind.businesses.rows;
  process.stdout.write(
    `${spec.name}: loaded ${summary.total.created} records (${relationships} relationships) in ` +
      `${round(summary.durationMs)} ms; nodes ${round(summary.durationMs - summary.relationshipMs)} ms, ` +
      `relationships ${round(summary.relationshipMs)} ms = ${round(summary.relationshipsPerSecond)} relationships/s\n`,
  );
  if (!options.keep) {
    await deleteByPrefix(driver, prefix);
  }

  return {
    network: spec.name,
    people: spec.people,
    generateMs,
    loadMs: round(summary.durationMs),
    nodeMs: round(summary.durationMs - summary.relationshipMs),
    relationshipMs: round(summary.relationshipMs),
    created: summary.total.created,
    relationships,
    relationshipsPerSecond: round(summary.relationshipsPerSecond),
    rowsPerSecond: round(summary.rowsPerSecond),
  };
}

async function deleteByPrefix(driver: Driver, prefix: string): Promise<void> {
  const session = driver.session();
  try {
    for (const label of ['Person', 'Business']) {
      await session.run(
        `MATCH (n:${label}) WHERE n.id STARTS WITH $prefix
         CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS`,
        { prefix },
      );
    }
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const options = new Command('bench:import')
    .addOption(new Option('--network <name>').choices(networkNames).default('large'))
    .option('--people <n>', 'resize the network', (v) => Number(v))
    .option('--batch-size <n>', 'rows per transaction', (v) => Number(v), 20_000)
    .option('--concurrency <n>', 'transactions in flight (default: 2 fresh, 1 with --merge)', (v) =>
      Number(v),
    )
    .option('--skip-datasets', 'skip the shared datasets', false)
    .option('--skip-network', 'skip the generated network', false)
    .option('--merge', 'MERGE instead of a fresh CREATE load', false)
    .option('--keep', 'leave the loaded data in place', false)
    .parse()
    .opts<BenchOptions>();

  const driver = neo4j.driver(
    process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(
      process.env.NEO4J_USER ?? 'neo4j',
      process.env.NEO4J_PASSWORD ?? 'warmpath-dev',
    ),
    { maxTransactionRetryTime: 300_000 },
  );
  try {
    await applySchema(driver);
    const runId = randomUUID().slice(0, 8);
    const datasetResults = options.skipDatasets ? [] : await benchDatasets(driver, options, runId);
    const networkResult = options.skipNetwork ? null : await benchNetwork(driver, options, runId);
    process.stdout.write(
      `${JSON.stringify({
        batchSize: options.batchSize,
        concurrency: options.concurrency ?? defaultConcurrency(options.merge ? 'merge' : 'create'),
        mode: options.merge ? 'merge' : 'fresh',
        datasets: datasetResults,
        network: networkResult,
      })}\n`,
    );
  } finally {
    await driver.close();
  }
}

await main();
