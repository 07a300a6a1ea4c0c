import type { HopGraph } from './hop-graph.ts';
import { estimateCardinality, mergeSketch, placePeople } from './hyper-log-log.ts';

export interface ReachSketchOptions {
  /** Register bits: 2^precision one-byte registers per person and per round kept. */
  readonly precision: number;
  /** Called between chunks of people so a long pass can let other work run. */
  readonly pause?: () => Promise<void>;
}

const CHUNK = 16_384;

/**
 * Estimates, for every person, how many people lie within `maxHops` usable hops (opted-out
 * people counted but never passed through, the person themselves not counted), by HyperLogLog
 * sketches merged along hops: S1(v) = {v} ∪ N(v), then Sk(v) = S1(v) ∪ ⋃ Sk−1(u) over the
 * neighbours u that may be inside a path. Each estimate carries a relative standard error of
 * about 1.04/√(2^precision).
 *
 * Memory: two sketch layers, 2 × people × 2^precision bytes. Time: O(maxHops × hops × 2^precision
 * / 4) for the merges; the second round inserts small neighbourhoods directly instead.
 */
export async function estimateReach(
  graph: HopGraph,
  maxHops: number,
  options: ReachSketchOptions,
): Promise<Float64Array> {
  const placement = placePeople(graph.slots, options.precision);
  const m = placement.registers;
  let current = new Uint8Array(graph.slots * m);
  fillFirstRound(graph, placement, current);
  let previous = new Uint8Array(maxHops > 1 ? graph.slots * m : 0);
  for (let round = 2; round <= maxHops; round++) {
    [previous, current] = [current, previous];
    current.fill(0);
    await mergeRound(graph, placement, previous, current, round === 2, options.pause);
  }

  const estimates = new Float64Array(graph.slots);
  const histogram = new Int32Array(34);
  for (let person = 0; person < graph.slots; person++) {
    if (graph.live[person] === 1) {
      const estimate = estimateCardinality(current, person * m, options.precision, histogram);
      estimates[person] = Math.max(0, Math.round(estimate - 1));
    }
  }

  return estimates;
}

function fillFirstRound(
  graph: HopGraph,
  placement: ReturnType<typeof placePeople>,
  sketches: Uint8Array,
): void {
  const { offsets, targets } = graph;
  const m = placement.registers;
  for (let person = 0; person < graph.slots; person++) {
    if (graph.live[person] !== 1) {
      continue;
    }

    insert(sketches, person * m, placement, person);
    const end = offsets[person + 1] ?? 0;
    for (let slot = offsets[person] ?? 0; slot < end; slot++) {
      insert(sketches, person * m, placement, targets[slot] ?? 0);
    }
  }
}

/**
 * One round: each person's sketch becomes their first-round set merged with the previous round's
 * sketch of every passable neighbour. In the second round a neighbour's previous sketch is just
 * their own neighbourhood, so small ones are inserted element by element, cheaper than a merge.
 */
async function mergeRound(
  graph: HopGraph,
  placement: ReturnType<typeof placePeople>,
  previous: Uint8Array,
  current: Uint8Array,
  isSecondRound: boolean,
  pause: (() => Promise<void>) | undefined,
): Promise<void> {
  const { offsets, targets, passable } = graph;
  const m = placement.registers;
  const words = m / 4;
  const previousWords = new Uint32Array(previous.buffer, previous.byteOffset, previous.length / 4);
  const currentWords = new Uint32Array(current.buffer, current.byteOffset, current.length / 4);
  const insertBelow = m / 2;
  for (let chunkStart = 0; chunkStart < graph.slots; chunkStart += CHUNK) {
    const chunkEnd = Math.min(graph.slots, chunkStart + CHUNK);
    for (let person = chunkStart; person < chunkEnd; person++) {
      if (graph.live[person] !== 1) {
        continue;
      }

      mergeSketch(currentWords, person * words, previousWords, person * words, words);
      const end = offsets[person + 1] ?? 0;
      for (let slot = offsets[person] ?? 0; slot < end; slot++) {
        const neighbour = targets[slot] ?? 0;
        if (passable[neighbour] !== 1) {
          continue;
        }

        const degree = (offsets[neighbour + 1] ?? 0) - (offsets[neighbour] ?? 0);
        if (isSecondRound && degree < insertBelow) {
          insertNeighbourhood(graph, current, person * m, placement, neighbour);
        } else {
          mergeSketch(currentWords, person * words, previousWords, neighbour * words, words);
        }
      }
    }

    await pause?.();
  }
}

function insertNeighbourhood(
  graph: HopGraph,
  sketches: Uint8Array,
  at: number,
  placement: ReturnType<typeof placePeople>,
  person: number,
): void {
  insert(sketches, at, placement, person);
  const end = graph.offsets[person + 1] ?? 0;
  for (let slot = graph.offsets[person] ?? 0; slot < end; slot++) {
    insert(sketches, at, placement, graph.targets[slot] ?? 0);
  }
}

function insert(
  sketches: Uint8Array,
  at: number,
  placement: ReturnType<typeof placePeople>,
  person: number,
): void {
  const slot = at + (placement.register[person] ?? 0);
  const rank = placement.rank[person] ?? 0;
  if (rank > (sketches[slot] ?? 0)) {
    sketches[slot] = rank;
  }
}
