import type { TrustProjection } from '../engine/projection.ts';
import { isDistrustTie } from '../engine/hop-scoring.ts';
import { runSteps, runStepsPausing, SNAPSHOT_CHUNK, type Steps } from './steps.ts';

/** What happens to the rank of people who trust nobody (dangling people) at each step. */
export type DanglingMass = 'spread' | 'drop';

export interface PageRankOptions {
  /** Probability of following a tie rather than jumping anywhere. Default 0.85. */
  readonly damping?: number;
  /** Most power iterations. Default 20. */
  readonly maxIterations?: number;
  /** Stop once the L1 change between two iterations falls below this. Default 1e-9. */
  readonly tolerance?: number;
  /**
   * `spread` (default) hands dangling rank to everyone equally, so ranks always sum to 1;
   * `drop` loses it, as Neo4j GDS does, and exists to compare with GDS.
   */
  readonly danglingMass?: DanglingMass;
}

export interface PageRankResult {
  /** Rank per person index (0 for deleted people); sums to 1 with `spread`. */
  readonly ranks: Float64Array;
  /** Live people, the N of the teleport term. */
  readonly people: number;
  /** Directed ties that carried rank. */
  readonly ties: number;
  readonly iterations: number;
  /** L1 change of the last iteration. */
  readonly lastChange: number;
}

/**
 * Person-to-person trust as a transposed, row-normalised matrix: for each person, who trusts them
 * and with which share of the truster's total outgoing strength.
 */
export interface TrustMatrix {
  readonly slots: number;
  readonly live: Uint8Array;
  readonly people: number;
  readonly inOffsets: Int32Array;
  readonly inSources: Int32Array;
  /** Transition probability from the source: strength / the source's total strength. */
  readonly inShares: Float64Array;
  /** 1 when the person has no tie that carries rank. */
  readonly dangling: Uint8Array;
}

/**
 * Snapshots the trust that carries rank: directed person-to-person ties that are not distrust,
 * have strength above 0 and join two live people. O(people + ties), synchronous, so it sees one
 * projection version.
 */
export function buildTrustMatrix(projection: TrustProjection): TrustMatrix {
  return runSteps(trustMatrixSteps(projection));
}

/** `buildTrustMatrix`, yielding after every `chunk` people of each of its passes. */
export function* trustMatrixSteps(
  projection: TrustProjection,
  chunk = SNAPSHOT_CHUNK,
): Steps<TrustMatrix> {
  const slots = projection.personSlots;
  const live = new Uint8Array(slots);
  const outTotal = new Float64Array(slots);
  const inDegree = new Int32Array(slots + 1);
  let people = 0;
  for (let person = 0; person < slots; person++) {
    live[person] = projection.isDeleted(person) ? 0 : 1;
    people += live[person] ?? 0;
    if (person % chunk === chunk - 1) {
      yield;
    }
  }

  for (let person = 0; person < slots; person++) {
    const ties = projection.tiesOf(person);
    for (let slot = ties.start; slot < ties.end; slot++) {
      const target = ties.targets[slot] ?? 0;
      if (carriesRank(ties.strengths[slot] ?? 0, ties.flags[slot] ?? 0, live, person, target)) {
        outTotal[person] = (outTotal[person] ?? 0) + (ties.strengths[slot] ?? 0);
        inDegree[target + 1] = (inDegree[target + 1] ?? 0) + 1;
      }
    }

    if (person % chunk === chunk - 1) {
      yield;
    }
  }

  const inOffsets = inDegree;
  for (let person = 0; person < slots; person++) {
    inOffsets[person + 1] = (inOffsets[person + 1] ?? 0) + (inOffsets[person] ?? 0);
  }

  const ties = inOffsets[slots] ?? 0;
  const inSources = new Int32Array(ties);
  const inShares = new Float64Array(ties);
  const cursor = inOffsets.slice(0, slots);
  for (let person = 0; person < slots; person++) {
    const list = projection.tiesOf(person);
    for (let slot = list.start; slot < list.end; slot++) {
      const target = list.targets[slot] ?? 0;
      const strength = list.strengths[slot] ?? 0;
      if (carriesRank(strength, list.flags[slot] ?? 0, live, person, target)) {
        const at = cursor[target] ?? 0;
        cursor[target] = at + 1;
        inSources[at] = person;
        inShares[at] = strength / (outTotal[person] ?? 1);
      }
    }

    if (person % chunk === chunk - 1) {
      yield;
    }
  }

  const dangling = new Uint8Array(slots);
  for (let person = 0; person < slots; person++) {
    dangling[person] = live[person] === 1 && !((outTotal[person] ?? 0) > 0) ? 1 : 0;
  }

  return { slots, live, people, inOffsets, inSources, inShares, dangling };
}

function carriesRank(
  strength: number,
  flags: number,
  live: Uint8Array,
  from: number,
  to: number,
): boolean {
  return strength > 0 && !isDistrustTie(flags) && live[from] === 1 && live[to] === 1;
}

/**
 * Trust-weighted PageRank by power iteration:
 * `r'(v) = (1 − d)/N + d·(Σ_u r(u)·s(u,v)/S(u) + D/N)` over live people, where s(u,v) is the
 * strength of u's trust in v, S(u) the total of u's outgoing strengths, and D the rank held by
 * dangling people (dropped instead with `danglingMass: 'drop'`). Starts from 1/N; stops after
 * `maxIterations` or when the L1 change falls below `tolerance`. O(iterations × ties).
 */
export function computePageRank(
  matrix: TrustMatrix,
  options: PageRankOptions = {},
): PageRankResult {
  return runSteps(iteratePageRank(matrix, options));
}

/**
 * As `computePageRank`, awaiting `pause` after each iteration, so a run inside a server lets
 * requests through between iterations (tens of milliseconds each on a million people).
 */
export async function computePageRankPausing(
  matrix: TrustMatrix,
  pause: () => Promise<void>,
  options: PageRankOptions = {},
): Promise<PageRankResult> {
  return runStepsPausing(iteratePageRank(matrix, options), pause);
}

/** The power iteration itself, yielding after each iteration. */
function* iteratePageRank(matrix: TrustMatrix, options: PageRankOptions): Steps<PageRankResult> {
  const damping = options.damping ?? 0.85;
  const maxIterations = options.maxIterations ?? 20;
  const tolerance = options.tolerance ?? 1e-9;
  const spread = (options.danglingMass ?? 'spread') === 'spread';
  const { slots, live, people, inOffsets, inSources, inShares, dangling } = matrix;
  let ranks = new Float64Array(slots);
  let next = new Float64Array(slots);
  if (people === 0) {
    return { ranks, people, ties: 0, iterations: 0, lastChange: 0 };
  }

  for (let person = 0; person < slots; person++) {
    ranks[person] = live[person] === 1 ? 1 / people : 0;
  }

  let iterations = 0;
  let change = Infinity;
  while (iterations < maxIterations && !(change < tolerance)) {
    let danglingRank = 0;
    for (let person = 0; person < slots; person++) {
      danglingRank += dangling[person] === 1 ? (ranks[person] ?? 0) : 0;
    }

    const base = (1 - damping) / people + (spread ? (damping * danglingRank) / people : 0);
    change = 0;
    for (let person = 0; person < slots; person++) {
      if (live[person] !== 1) {
        continue;
      }

      let inflow = 0;
      const end = inOffsets[person + 1] ?? 0;
      for (let at = inOffsets[person] ?? 0; at < end; at++) {
        inflow += (ranks[inSources[at] ?? 0] ?? 0) * (inShares[at] ?? 0);
      }

      const rank = base + damping * inflow;
      next[person] = rank;
      change += Math.abs(rank - (ranks[person] ?? 0));
    }

    [ranks, next] = [next, ranks];
    iterations++;
    yield;
  }

  return { ranks, people, ties: inSources.length, iterations, lastChange: change };
}

/**
 * Percentile of each live person's rank: the share of live people, in percent, whose rank is
 * strictly lower (equal ranks share a percentile). Deleted people get 0. O(N log N).
 */
export function computePercentiles(ranks: Float64Array, live: Uint8Array): Float64Array {
  let people = 0;
  for (let person = 0; person < ranks.length; person++) {
    people += live[person] === 1 ? 1 : 0;
  }

  const sorted = new Float64Array(people);
  let at = 0;
  for (let person = 0; person < ranks.length; person++) {
    if (live[person] === 1) {
      sorted[at++] = ranks[person] ?? 0;
    }
  }

  sorted.sort();
  const percentiles = new Float64Array(ranks.length);
  for (let person = 0; person < ranks.length; person++) {
    if (live[person] === 1) {
      percentiles[person] = (100 * countBelow(sorted, ranks[person] ?? 0)) / people;
    }
  }

  return percentiles;
}

/** How many values of the ascending `sorted` are strictly below `value`. */
function countBelow(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < value) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }

  return low;
}
