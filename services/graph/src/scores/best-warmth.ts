import { createHopView } from '../engine/adjacency-lists.ts';
import type { TrustProjection } from '../engine/projection.ts';

/** Hop limits of the search; its per-layer predecessor arrays are sized by it. */
export const MAX_SEARCH_HOPS = 3;

/**
 * The warmest path from one person to everyone within a few hops, by layered relaxation: layer k
 * extends only the people whose warmth improved in layer k−1, using their warmth as it stood at
 * the end of that layer, so every result is the warmest path of at most k hops. Strengths are at
 * most 1, so a repeated person never warms a path and the warmest paths are simple. Opted-out
 * people are reached but never extended, and are not reported as reachable intermediaries.
 *
 * One instance reuses its scratch arrays across searches; it is synchronous, so callers on one
 * event loop never interleave.
 */
export class BestWarmthSearch {
  private slots = 0;
  private stamp = new Int32Array(0);
  private warmth = new Float64Array(0);
  /** Bit k set when the person's warmth improved in layer k. */
  private improved = new Uint8Array(0);
  private readonly predecessors: Int32Array[] = [];
  private run = 0;
  private viewer = -1;
  private readonly view = createHopView();
  private reachedList: number[] = [];

  /**
   * Searches from `viewer` up to `maxHops` (1..MAX_SEARCH_HOPS) hops. Afterwards `warmthOf`,
   * `pathTo` and `reached` describe the result until the next search.
   */
  search(projection: TrustProjection, viewer: number, maxHops: number): void {
    this.ensureCapacity(projection.personSlots);
    const run = ++this.run;
    this.viewer = viewer;
    this.reachedList = [];
    this.touch(viewer, run);
    this.warmth[viewer] = 1;
    this.improved[viewer] = 1;
    let frontier = [viewer];
    let frontierWarmth = [1];
    for (let layer = 1; layer <= maxHops && frontier.length > 0; layer++) {
      const next = this.relaxLayer(projection, frontier, frontierWarmth, layer, run);
      frontier = next;
      frontierWarmth = next.map((person) => this.warmth[person] ?? 0);
    }
  }

  /** The warmth of the warmest path to `person` found by the last search, or 0. */
  warmthOf(person: number): number {
    return this.stamp[person] === this.run ? (this.warmth[person] ?? 0) : 0;
  }

  /** Everyone the last search reached, the viewer excluded, in no particular order. */
  reached(): readonly number[] {
    return this.reachedList;
  }

  /** The people along the warmest path to `person`, viewer first, `person` last. */
  pathTo(person: number): number[] {
    const path = [person];
    let at = person;
    let layer = highestBit(this.improved[person] ?? 0, MAX_SEARCH_HOPS);
    while (at !== this.viewer && layer > 0) {
      at = this.predecessors[layer - 1]?.[at] ?? this.viewer;
      path.push(at);
      layer = highestBit(this.improved[at] ?? 0, layer - 1);
    }

    return path.reverse();
  }

  private relaxLayer(
    projection: TrustProjection,
    frontier: readonly number[],
    frontierWarmth: readonly number[],
    layer: number,
    run: number,
  ): number[] {
    const next: number[] = [];
    const bit = 1 << layer;
    const predecessors = this.predecessors[layer - 1] as Int32Array;
    for (let at = 0; at < frontier.length; at++) {
      const from = frontier[at] ?? 0;
      if (from !== this.viewer && projection.isOptedOut(from)) {
        continue;
      }

      const base = frontierWarmth[at] ?? 0;
      const view = projection.loadHops(from, this.view);
      for (let slot = view.start; slot < view.end; slot++) {
        const to = view.targets[slot] ?? 0;
        const warmth = base * (view.strengths[slot] ?? 0);
        if (to === this.viewer || !(warmth > this.warmthOf(to))) {
          continue;
        }

        if (this.stamp[to] !== run) {
          this.touch(to, run);
          this.reachedList.push(to);
        }

        this.warmth[to] = warmth;
        predecessors[to] = from;
        if (((this.improved[to] ?? 0) & bit) === 0) {
          this.improved[to] = (this.improved[to] ?? 0) | bit;
          next.push(to);
        }
      }
    }

    return next;
  }

  private touch(person: number, run: number): void {
    this.stamp[person] = run;
    this.warmth[person] = 0;
    this.improved[person] = 0;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.slots) {
      return;
    }

    const size = Math.max(slots, Math.ceil(this.slots * 1.5));
    this.slots = size;
    this.stamp = new Int32Array(size);
    this.warmth = new Float64Array(size);
    this.improved = new Uint8Array(size);
    this.predecessors.length = 0;
    for (let layer = 0; layer < MAX_SEARCH_HOPS; layer++) {
      this.predecessors.push(new Int32Array(size));
    }
    this.run = 0;
  }
}

/** The highest layer at most `limit` whose bit is set in `mask` (bit 0, the viewer, is layer 0). */
function highestBit(mask: number, limit: number): number {
  for (let layer = limit; layer > 0; layer--) {
    if ((mask & (1 << layer)) !== 0) {
      return layer;
    }
  }

  return 0;
}
