/**
 * Intro path benchmark. Generates the `large` network (or --people of it), loads it into Neo4j
 * unless a marker says it is there, builds the projection from Neo4j (timed), samples queries
 * stratified by hop distance, and runs them on the engine, on Cypher allShortestPaths (B1) and on
 * Yen's algorithm over Dijkstra (B2). Prints one line per figure and, last, a JSON summary.
 *
 *   npm run bench:paths -- [--people n] [--neo4j-uri uri] [--queries n] [--baseline-queries n]
 *     [--timeout-ms n] [--seed n]
 */
import { Command } from 'commander';
import neo4j, { type Driver } from 'neo4j-driver';
import { SearchTimeoutError } from '../../services/graph/src/domain/errors.ts';
import { findDegreeOfConnection } from '../../services/graph/src/engine/degree-of-connection.ts';
import { TrustProjection } from '../../services/graph/src/engine/projection.ts';
import { findIntroPaths, type SearchStats } from '../../services/graph/src/engine/search.ts';
import { Neo4jProjectionSource } from '../../services/graph/src/storage/neo4j-projection-source.ts';
import { ensureLoaded, generateBenchNetwork } from './paths/bench-network.ts';
import { runCypherBaseline } from './paths/cypher-baseline.ts';
import { sampleQueries, type BenchQuery } from './paths/query-mix.ts';
import { findTopPathsByYen } from './paths/yen.ts';

interface BenchOptions {
  people: number;
  neo4jUri: string;
  queries: number;
  baselineQueries: number;
  timeoutMs: number;
  seed: number;
}

interface Outcome {
  readonly ms: number;
  readonly relationships: number | null;
  readonly timedOut: boolean;
  readonly warmths: number[] | null;
}

interface Summary {
  readonly queries: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly queriesPerSecond: number;
  readonly relationshipsPerQuery: number | null;
  readonly timeouts: number;
}

const MAX_HOPS = 6;
const round2 = (n: number) => Math.round(n * 100) / 100;
const print = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function summarise(outcomes: readonly Outcome[]): Summary {
  const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const totalMs = sorted.reduce((sum, ms) => sum + ms, 0);
  const counted = outcomes.filter((o) => o.relationships !== null);
  const relationships = counted.reduce((sum, o) => sum + (o.relationships ?? 0), 0);

  return {
    queries: outcomes.length,
    p50Ms: round2(percentile(sorted, 0.5)),
    p90Ms: round2(percentile(sorted, 0.9)),
    p99Ms: round2(percentile(sorted, 0.99)),
    maxMs: round2(sorted[sorted.length - 1] ?? 0),
    queriesPerSecond: round2(totalMs > 0 ? (outcomes.length * 1000) / totalMs : 0),
    relationshipsPerQuery: counted.length > 0 ? Math.round(relationships / counted.length) : null,
    timeouts: outcomes.filter((o) => o.timedOut).length,
  };
}

function printSummary(name: string, summary: Summary): void {
  print(
    `${name.padEnd(22)} n=${summary.queries} p50 ${summary.p50Ms} ms, p90 ${summary.p90Ms} ms, ` +
      `p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms, ${summary.queriesPerSecond} queries/s, ` +
      `${summary.relationshipsPerQuery ?? 'n/a'} relationships/query, ${summary.timeouts} timeouts`,
  );
}

function runEngine(projection: TrustProjection, query: BenchQuery, timeoutMs: number): Outcome {
  const stats: SearchStats = {
    expansions: 0,
    relationshipsScanned: 0,
    backwardSettled: 0,
    pathsGenerated: 0,
  };
  const startedMs = performance.now();
  try {
    if (query.kind === 'degree') {
      findDegreeOfConnection(projection, query.fromId, query.toId, MAX_HOPS);
      return {
        ms: performance.now() - startedMs,
        relationships: null,
        timedOut: false,
        warmths: null,
      };
    }

    const paths = findIntroPaths(
      projection,
      {
        fromId: query.fromId,
        toId: query.toId,
        maxHops: MAX_HOPS,
        first: query.first,
        diverse: true,
      },
      { timeoutMs, stats },
    );
    const ms = performance.now() - startedMs;

    return {
      ms,
      relationships: stats.relationshipsScanned,
      timedOut: false,
      warmths: paths.map((p) => p.warmth),
    };
  } catch (error) {
    if (error instanceof SearchTimeoutError) {
      return {
        ms: performance.now() - startedMs,
        relationships: null,
        timedOut: true,
        warmths: null,
      };
    }

    throw error;
  }
}

function runYen(projection: TrustProjection, query: BenchQuery, timeoutMs: number): Outcome {
  const from = projection.personIndex(query.fromId);
  const target = projection.personIndex(query.toId);
  const business = target < 0 ? projection.businessIndex(query.toId) : -1;
  const startedMs = performance.now();
  const result = findTopPathsByYen(
    projection,
    from,
    target,
    business,
    MAX_HOPS,
    query.first,
    true,
    timeoutMs,
  );

  return {
    ms: performance.now() - startedMs,
    relationships: result.relationshipsScanned,
    timedOut: result.timedOut,
    warmths: result.timedOut ? null : result.warmths,
  };
}

async function runCypher(
  driver: Driver,
  projection: TrustProjection,
  query: BenchQuery,
  timeoutMs: number,
): Promise<Outcome> {
  const startedMs = performance.now();
  const result = await runCypherBaseline(driver, projection, query, timeoutMs);

  return {
    ms: performance.now() - startedMs,
    relationships: result.timedOut ? null : result.relationshipsReturned,
    timedOut: result.timedOut,
    warmths: null,
  };
}

/** Queries whose engine and Yen answers (warmths, in order) differ beyond rounding. */
function countDisagreements(engine: readonly Outcome[], yen: readonly Outcome[]): number {
  let differing = 0;
  yen.forEach((outcome, i) => {
    const mine = engine[i]?.warmths;
    if (!outcome.warmths || !mine) {
      return;
    }

    const same =
      mine.length === outcome.warmths.length &&
      mine.every((w, j) => Math.abs(w - (outcome.warmths?.[j] ?? 0)) <= 1e-9 * Math.max(w, 1e-300));
    differing += same ? 0 : 1;
  });

  return differing;
}

async function buildProjection(driver: Driver, nowMs: number) {
  const startedMs = performance.now();
  const projection = await TrustProjection.build(new Neo4jProjectionSource(driver), { nowMs });
  const buildMs = performance.now() - startedMs;
  const counts = projection.counts();

  return {
    projection,
    buildMs,
    counts,
    bytesPerRelationship: projection.memoryBytes() / counts.ties,
  };
}

async function main(): Promise<void> {
  const options = new Command('bench:paths')
    .option('--people <n>', 'people in the generated network', (v) => Number(v), 1_000_000)
    .option('--neo4j-uri <uri>', 'Neo4j Bolt URI', process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687')
    .option('--queries <n>', 'engine queries', (v) => Number(v), 2000)
    .option('--baseline-queries <n>', 'queries for B1 and B2 (the first n)', (v) => Number(v), 100)
    .option('--timeout-ms <n>', 'per-query timeout for every system', (v) => Number(v), 10_000)
    .option('--seed <n>', 'query sampling seed', (v) => Number(v), 42)
    .parse()
    .opts<BenchOptions>();
  const driver = neo4j.driver(
    options.neo4jUri,
    neo4j.auth.basic(
      process.env.NEO4J_USER ?? 'neo4j',
      process.env.NEO4J_PASSWORD ?? 'warmpath-dev',
    ),
    { maxTransactionRetryTime: 300_000 },
  );
  try {
    const network = generateBenchNetwork(options.people);
    print(`network: ${options.people} people, ${network.count('trust')} trust ties`);
    const loaded = await ensureLoaded(driver, network, print);

    const nowMs = network.spec.endAt;
    const built = await buildProjection(driver, nowMs);
    print(
      `projection from neo4j: ${Math.round(built.buildMs)} ms, ${JSON.stringify(built.counts)}, ` +
        `${round2(built.bytesPerRelationship)} bytes/relationship`,
    );

    const queries = sampleQueries(built.projection, options.queries, options.seed);
    const baseline = queries.slice(0, options.baselineQueries).filter((q) => q.kind !== 'degree');
    for (const query of queries.slice(0, 50)) {
      runEngine(built.projection, query, options.timeoutMs);
    }

    const engine = queries.map((query) => runEngine(built.projection, query, options.timeoutMs));
    const engineSummary = summarise(engine);
    printSummary('engine', engineSummary);
    const byHops: Record<string, Summary> = {};
    for (const hops of [1, 2, 3, 4, 5, 6, 7]) {
      const subset = engine.filter((_, i) => queries[i]?.hops === hops);
      if (subset.length > 0) {
        byHops[hops === 7 ? 'beyond6' : `${hops}hops`] = summarise(subset);
        printSummary(`  engine ${hops === 7 ? '>6' : hops} hops`, summarise(subset));
      }
    }

    const baselineIndex = baseline.map((q) => queries.indexOf(q));
    const engineOnBaseline = summarise(baselineIndex.map((i) => engine[i] as Outcome));
    printSummary('engine (B queries)', engineOnBaseline);
    const yen = baseline.map((query) => runYen(built.projection, query, options.timeoutMs));
    const yenSummary = summarise(yen);
    printSummary('B2 yen+dijkstra', yenSummary);
    const disagreements = countDisagreements(
      baselineIndex.map((i) => engine[i] as Outcome),
      yen,
    );
    print(`B2 answers differing from the engine (completed queries): ${disagreements}`);

    const cypher: Outcome[] = [];
    for (const query of baseline) {
      cypher.push(await runCypher(driver, built.projection, query, options.timeoutMs));
    }

    const cypherSummary = summarise(cypher);
    printSummary('B1 cypher allShortest', cypherSummary);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);
    const ratios = {
      engineOverB1: {
        p50: ratio(engineOnBaseline.p50Ms, cypherSummary.p50Ms),
        p99: ratio(engineOnBaseline.p99Ms, cypherSummary.p99Ms),
      },
      engineOverB2: {
        p50: ratio(engineOnBaseline.p50Ms, yenSummary.p50Ms),
        p99: ratio(engineOnBaseline.p99Ms, yenSummary.p99Ms),
      },
    };
    print(`ratios: ${JSON.stringify(ratios)}`);
    print(
      JSON.stringify({
        people: options.people,
        ties: built.counts.ties,
        loadedThisRun: loaded.loaded,
        loadMs: Math.round(loaded.loadMs),
        projectionBuildMs: Math.round(built.buildMs),
        bytesPerRelationship: round2(built.bytesPerRelationship),
        engine: engineSummary,
        engineByHops: byHops,
        engineOnBaselineQueries: engineOnBaseline,
        b1Cypher: cypherSummary,
        b2Yen: yenSummary,
        b2Disagreements: disagreements,
        ratios,
      }),
    );
  } finally {
    await driver.close();
  }
}

await main();
