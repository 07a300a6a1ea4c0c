import type { TrustProjection } from '../engine/projection.ts';
import { hopGraphSteps, type HopGraph } from './hop-graph.ts';
import { DEFAULT_PRECISION } from './hyper-log-log.ts';
import {
  computePageRank,
  computePageRankPausing,
  computePercentiles,
  trustMatrixSteps,
  type PageRankResult,
  type TrustMatrix,
} from './page-rank.ts';
import { ReachCounter } from './reach.ts';
import { estimateReach } from './reach-sketches.ts';
import { runSteps, runStepsPausing, SNAPSHOT_CHUNK, type Steps } from './steps.ts';

export interface PersonScores {
  /** The projection version every score describes. */
  readonly version: number;
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
  /** People the snapshots copy between two pauses. Default SNAPSHOT_CHUNK. */
  readonly snapshotChunk?: number;
}

interface Snapshot {
  readonly version: number;
  readonly matrix: TrustMatrix;
  readonly graph: HopGraph;
}

const REACH2_CHUNK = 20_000;
/** Attempts at the snapshots when pausing; the last copies in one piece. */
const SNAPSHOT_ATTEMPTS = 3;

/**
 * Every per-person score over one projection: PageRank and its percentile, exact reach2 and
 * estimated reach3. The snapshots (trust matrix, hop graph) are taken first, so every score
 * describes one projection version however long the rest takes.
 */
export async function computePersonScores(
  projection: TrustProjection,
  options: ComputeScoresOptions = {},
): Promise<PersonScores> {
  const precision = options.precision ?? DEFAULT_PRECISION;
  let startedMs = performance.now();
  const { version, matrix, graph } = await takeSnapshot(projection, options);
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
    version,
    pageRank,
    percentiles,
    reach2,
    reach3,
    live: matrix.live,
    precision,
    timingsMs: { snapshot, pageRank: pageRankMs, reach2: reach2Ms, reach3: reach3Ms },
  };
}

/**
 * Copies the projection into the trust matrix and hop graph. With `pause`, the copy pauses
 * between chunks and starts again if the projection took a change meanwhile (changes arrive only
 * while it pauses); the last of SNAPSHOT_ATTEMPTS attempts copies in one piece.
 */
async function takeSnapshot(
  projection: TrustProjection,
  options: ComputeScoresOptions,
): Promise<Snapshot> {
  const chunk = options.snapshotChunk ?? SNAPSHOT_CHUNK;
  const pause = options.pause;
  for (let attempt = 1; pause && attempt < SNAPSHOT_ATTEMPTS; attempt++) {
    const version = projection.version;
    const isChanged = () => projection.version !== version;
    const steps = unlessChanged(snapshotSteps(projection, chunk), isChanged);
    const snapshot = await runStepsPausing(steps, pause);
    if (snapshot) {
      return snapshot;
    }
  }

  return runSteps(snapshotSteps(projection, chunk));
}

function* snapshotSteps(projection: TrustProjection, chunk: number): Steps<Snapshot> {
  const version = projection.version;
  const matrix = yield* trustMatrixSteps(projection, chunk);
  const graph = yield* hopGraphSteps(projection, chunk);

  return { version, matrix, graph };
}

/** Passes on the yields of `steps`, ending with null at the first one after which `isChanged`. */
function* unlessChanged<T>(steps: Steps<T>, isChanged: () => boolean): Steps<T | null> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) {
      return step.value;
    }

    yield;
    if (isChanged()) {
      return null;
    }
  }
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
