import type { TrustProjection } from '../engine/projection.ts';
import { buildHopGraph, type HopGraph } from './hop-graph.ts';
import { DEFAULT_PRECISION } from './hyper-log-log.ts';
import {
  buildTrustMatrix,
  computePageRank,
  computePageRankPausing,
  computePercentiles,
  type PageRankResult,
} from './page-rank.ts';
import { ReachCounter } from './reach.ts';
import { estimateReach } from './reach-sketches.ts';

export interface PersonScores {
  readonly pageRank: PageRankResult;
  readonly percentiles: Float64Array;
  /** Exact count of people within 2 usable hops, per person index. */
  readonly reach2: Int32Array;
  /** HyperLogLog estimate of people within 3 usable hops, per person index. */
  readonly reach3: Float64Array;
  readonly live: Uint8Array;
  readonly precision: number;
  readonly timingsMs: {
    readonly snapshot: number;
    readonly pageRank: number;
    readonly reach2: number;
    readonly reach3: number;
  };
}

export interface ComputeScoresOptions {
  /** HyperLogLog register bits for reach3. Default DEFAULT_PRECISION. */
  readonly precision?: number;
  /** Called between chunks of work, so a job inside a server can let requests run. */
  readonly pause?: () => Promise<void>;
}

const REACH2_CHUNK = 20_000;

/**
 * Every per-person score over one projection: PageRank and its percentile, exact reach2 and
 * estimated reach3. The snapshots (trust matrix, hop graph) are taken synchronously first, so
 * every score describes the same projection version however long the rest takes.
 */
export async function computePersonScores(
  projection: TrustProjection,
  options: ComputeScoresOptions = {},
): Promise<PersonScores> {
  const precision = options.precision ?? DEFAULT_PRECISION;
  let startedMs = performance.now();
  const matrix = buildTrustMatrix(projection);
  const graph = buildHopGraph(projection);
  const snapshot = performance.now() - startedMs;

  startedMs = performance.now();
  const pause = options.pause;
  const pageRank = pause ? await computePageRankPausing(matrix, pause) : computePageRank(matrix);
  const percentiles = computePercentiles(pageRank.ranks, matrix.live);
  const pageRankMs = performance.now() - startedMs;
  await options.pause?.();

  startedMs = performance.now();
  const reach2 = await countReach2(graph, options.pause);
  const reach2Ms = performance.now() - startedMs;

  startedMs = performance.now();
  const reach3 = await estimateReach(graph, 3, { precision, pause: options.pause });
  const reach3Ms = performance.now() - startedMs;

  return {
    pageRank,
    percentiles,
    reach2,
    reach3,
    live: matrix.live,
    precision,
    timingsMs: { snapshot, pageRank: pageRankMs, reach2: reach2Ms, reach3: reach3Ms },
  };
}

async function countReach2(
  graph: HopGraph,
  pause: (() => Promise<void>) | undefined,
): Promise<Int32Array> {
  const counter = new ReachCounter(graph);
  const reach2 = new Int32Array(graph.slots);
  for (let start = 0; start < graph.slots; start += REACH2_CHUNK) {
    const end = Math.min(graph.slots, start + REACH2_CHUNK);
    for (let person = start; person < end; person++) {
      reach2[person] = graph.live[person] === 1 ? counter.count(person, 2) : 0;
    }

    await pause?.();
  }

  return reach2;
}
