import { createHopView } from '../engine/adjacency-lists.ts';
import type { TrustProjection } from '../engine/projection.ts';

/** Hop limits of the search; its per-layer predecessors are sized by it. */
export const MAX_SEARCH_HOPS = 3;

/**
 * Predecessors kept per person: layers 2 and 3 at int32 slots 2p and 2p + 1 (layer k at
 * 2p + k − FIRST_PREDECESSOR_LAYER); in layer 1 it is always the viewer.
 */
const PREDECESSORS_PER_PERSON = 2;
const FIRST_PREDECESSOR_LAYER = 2;

/**
 * The warmest path from one person to everyone within a few hops, by layered relaxation: layer k
 * extends only the people whose warmth improved in layer k−1, using their warmth as it stood at
 * the end of that layer, so every result is the warmest path of at most k hops. Strengths are at
 * most 1, so a repeated person never warms a path and the warmest paths are simple. Opted-out
 * people are reached but never extended.
 *
 * The last layer is never extended, so a caller that only wants some people there (those who
 * trust a business, say) passes them as a bit set and the search skips everyone else at that
 * layer; their hops still cost a read each, but no write.
 *
 * One instance reuses its scratch across searches, clearing only what the last search reached;
 * it is synchronous, so callers on one event loop never interleave.
 */
export class BestWarmthSearch {
  private slots = 0;
  /**
   * Warmth of person p; 0 for people not reached. An array of its own: the last layer reads it
   * for every offer and writes the predecessor only on an improvement, and 8 bytes a person keep
   * more of it in cache than 16-byte records with the predecessors did (about 10% less time
   * over 500 viewers on a million people).
   */
  private warmth = new Float64Array(0);
  /** Predecessor plus one per person and layer (see PREDECESSORS_PER_PERSON); 0 for none. */
  private predecessors = new Int32Array(0);
  /**
   * Bit k set when the person's warmth improved in layer k < the last; bit 0 marks the viewer.
   * The last layer (past the first) is never extended, so its improvements show only in the
   * predecessor slot, which saves a write per improvement where most of them happen.
   */
  private improved = new Uint8Array(0);
  /** Everyone the current search reached, viewer included (word p >>> 5, bit p & 31). */
  private reachedBits = new Uint32Array(0);
  private count = 0;
  private frontier = new Int32Array(0);
  private frontierWarmth = new Float64Array(0);
  private next = new Int32Array(0);
  private viewer = -1;
  private readonly view = createHopView();
  /** Hops the last search read. */
  scanned = 0;

  /**
   * Searches from `viewer` up to `maxHops` (1..MAX_SEARCH_HOPS) hops. With `lastLayerOnly`, the
   * last layer reaches only people whose bit is set. Afterwards `warmthOf`, `pathTo` and
   * `reachedSet` describe the result until the next search.
   */
  search(
    projection: TrustProjection,
    viewer: number,
    maxHops: number,
    lastLayerOnly: Uint32Array | null = null,
  ): void {
    this.ensureCapacity(projection.personSlots);
    this.clear();
    this.viewer = viewer;
    this.scanned = 0;
    this.count = 1;
    this.reachedBits[viewer >>> 5] = (this.reachedBits[viewer >>> 5] ?? 0) | (1 << viewer);
    this.warmth[viewer] = 1;
    this.improved[viewer] = 1;
    this.frontier[0] = viewer;
    this.frontierWarmth[0] = 1;
    let size = 1;
    for (let layer = 1; layer <= maxHops && size > 0; layer++) {
      const isLast = layer === maxHops;
      const nextSize = this.relaxLayer(
        projection,
        size,
        layer,
        isLast ? lastLayerOnly : null,
        isLast,
      );
      for (let at = 0; at < nextSize && !isLast; at++) {
        const person = this.next[at] ?? 0;
        this.frontier[at] = person;
        this.frontierWarmth[at] = this.warmth[person] ?? 0;
      }

      size = nextSize;
    }
  }

  /** The warmth of the warmest path to `person` found by the last search, or 0. */
  warmthOf(person: number): number {
    return this.warmth[person] ?? 0;
  }

  /** How many people the last search reached, the viewer included. */
  get reachedCount(): number {
    return this.count;
  }

  /**
   * Everyone the last search reached, the viewer included, as a bit set: word p >>> 5 holds
   * person p at bit p & 31. Walking it visits people in index order, which reads per-person
   * arrays front to back instead of at random.
   */
  reachedSet(): Uint32Array {
    return this.reachedBits;
  }

  /** The people along the warmest path to `person`, viewer first, `person` last. */
  pathTo(person: number): number[] {
    const path = [person];
    let at = person;
    let layer = highestBit(this.improvedOf(person), MAX_SEARCH_HOPS);
    while (at !== this.viewer && layer > 0) {
      at = layer === 1 ? this.viewer : (this.predecessors[predecessorSlot(at, layer)] ?? 0) - 1;
      path.push(at);
      layer = highestBit(this.improvedOf(at), layer - 1);
    }

    return path.reverse();
  }

  private improvedOf(person: number): number {
    const second = this.predecessors[predecessorSlot(person, 2)] !== 0 ? 1 << 2 : 0;
    const third = this.predecessors[predecessorSlot(person, 3)] !== 0 ? 1 << 3 : 0;

    return (this.improved[person] ?? 0) | second | third;
  }

  /**
   * Relaxes the hops of the frontier's first `size` people; returns how many improved, or 0 for
   * a last layer past the first, which records only warmth and predecessor.
   */
  private relaxLayer(
    projection: TrustProjection,
    size: number,
    layer: number,
    only: Uint32Array | null,
    isLast: boolean,
  ): number {
    const warmth = this.warmth;
    const predecessors = this.predecessors;
    const improved = this.improved;
    const next = this.next;
    const reachedBits = this.reachedBits;
    const bit = 1 << layer;
    const layerSlot = layer - FIRST_PREDECESSOR_LAYER;
    const isFinal = isLast && layer > 1;
    let nextSize = 0;
    let reached = 0;
    for (let at = 0; at < size; at++) {
      const from = this.frontier[at] ?? 0;
      if (from !== this.viewer && projection.isOptedOut(from)) {
        continue;
      }

      const base = this.frontierWarmth[at] ?? 0;
      const view = projection.loadHops(from, this.view);
      const targets = view.targets;
      const strengths = view.strengths;
      this.scanned += view.end - view.start;
      for (let slot = view.start; slot < view.end; slot++) {
        const to = targets[slot] ?? 0;
        if (only !== null && ((only[to >>> 5] ?? 0) & (1 << to)) === 0) {
          continue;
        }

        const candidate = base * (strengths[slot] ?? 0);
        const current = warmth[to] ?? 0;
        if (!(candidate > current)) {
          continue;
        }

        if (current === 0) {
          reached++;
          reachedBits[to >>> 5] = (reachedBits[to >>> 5] ?? 0) | (1 << to);
        }

        warmth[to] = candidate;
        if (layer > 1) {
          predecessors[to * PREDECESSORS_PER_PERSON + layerSlot] = from + 1;
        }

        if (isFinal) {
          continue;
        }

        const bits = improved[to] ?? 0;
        if ((bits & bit) === 0) {
          improved[to] = bits | bit;
          next[nextSize++] = to;
        }
      }
    }

    this.count += reached;
    return nextSize;
  }

  /** Forgets the last search: O(people it reached), in index order. */
  private clear(): void {
    const reachedBits = this.reachedBits;
    for (let word = 0; word < reachedBits.length && this.count > 0; word++) {
      let bits = reachedBits[word] ?? 0;
      while (bits !== 0) {
        const lowest = bits & -bits;
        bits ^= lowest;
        const person = (word << 5) | (31 - Math.clz32(lowest));
        this.warmth[person] = 0;
        this.predecessors[predecessorSlot(person, 2)] = 0;
        this.predecessors[predecessorSlot(person, 3)] = 0;
        this.improved[person] = 0;
      }
    }

    reachedBits.fill(0);
    this.count = 0;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.slots) {
      return;
    }

    const size = Math.max(slots, Math.ceil(this.slots * 1.5));
    this.slots = size;
    this.warmth = new Float64Array(size);
    this.predecessors = new Int32Array(size * PREDECESSORS_PER_PERSON);
    this.improved = new Uint8Array(size);
    this.reachedBits = new Uint32Array((size >>> 5) + 1);
    this.count = 0;
    this.frontier = new Int32Array(size);
    this.frontierWarmth = new Float64Array(size);
    this.next = new Int32Array(size);
  }
}

function predecessorSlot(person: number, layer: number): number {
  return person * PREDECESSORS_PER_PERSON + layer - FIRST_PREDECESSOR_LAYER;
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
