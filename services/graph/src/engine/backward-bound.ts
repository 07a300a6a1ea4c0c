import { createHopView } from './adjacency-lists.ts';
import { MaxHeap } from './max-heap.ts';
import type { TrustProjection } from './projection.ts';

/** A cursor that offers the owner itself to the next layer (no hop taken) before its hops. */
const SELF = -1;
const MAX_LAYERS = 6;
/**
 * Relationships `compute` reads by default to complete layer 2 before anything else. Most
 * targets' two hops take a few thousand; the budget keeps a hub target's (millions) from stalling
 * the query. On the 1M-person network budgets from 12K to 60K measured the same.
 */
const LAYER_TWO_BUDGET = 20_000;
/**
 * Relationships `compute` then reads by default settling layer 3's warmest labels. On the
 * 1M-person network 4K-6K measured best (2K and 12K a little slower, 20K no faster than none,
 * 80K twice as slow); a like slice of layer 4 on top measured slower.
 */
const LAYER_THREE_BUDGET = 4096;

/**
 * Exact, hop-limited upper bounds on the warmth still reachable from a person to the target,
 * computed lazily by a label-setting search out of the target, one layer per hop count:
 * `B_h(v)` is the best warmth of a walk from v to the target in at most h hops whose inner people
 * have not opted out and are neither the asking person nor the target.
 *
 * Layer 1 is the target's own hops (or a business's final hops), known in full. Layer h is fed by
 * layer h-1 in settling order: each person settled there with value b offers b itself (fewer hops
 * are allowed) and then b times each of its hops, strongest first, through one cursor entry in
 * layer h's heap. Layer h may settle a person only while its heap's top is at least layer h-1's
 * frontier, because a person not yet settled in layer h-1 can offer no more than that. So every
 * person settled in layer h holds the exact `B_h`, and every other person is bounded by
 * `frontier(h)`, the larger of layer h's heap top and layer h-1's frontier.
 *
 * Bounds ignore simplicity (a walk may revisit people), which only makes them larger: still
 * upper bounds, as the forward search needs. `compute` first completes layer 2 (within a budget):
 * layer 1 is exact, so layer 2 needs no other layer's progress, and once complete it bounds
 * every path with two hops left exactly, sending nobody who cannot reach the target in two hops
 * into the forward search's last expansions. With layer 2 complete, layer 3 needs nothing either,
 * and a slice of its warmest labels follows. On the 1M-person network the two cut the time per
 * query by more than half. Then `compute` settles a fixed budget of labels, and the forward
 * search calls `extend` between its expansions, so the two sides grow together; a step pops the
 * top layer when its best offer is exact, else works on the layer below that limits it.
 *
 * Limitation: extending the layers on demand for one person (until it is settled or bounded
 * below the next key) measured slower than this steady interleaving, as each demand step pays a
 * heap operation in every layer it crosses; a cheaper step would let the sides meet more tightly.
 *
 * Also measured on the 1M-person network and left out: one heap of (person, hops) labels in place
 * of a heap per layer (6% fewer relationships read, yet slower per query), and landmark (ALT)
 * bounds in log-warmth space for people not yet settled (no fewer relationships read: hubs put
 * everyone at about the same distance from every landmark). A query there still reads about
 * 19K relationships at the median, about 5K of them completing layers 2 and 3, so top-3 answers
 * take about 5 ms at the median on a 2-core machine. What is missing for 2 ms is a bound as tight
 * beyond three hops (for example a precomputed hub index kept current under writes), or a
 * cheaper step.
 */
export class BackwardBound {
  /** The largest last-hop strength: bounds any remaining warmth, whatever the hops left. */
  maxLastHop = 0;
  /** Relationships scanned since the last `compute`. */
  scanned = 0;
  /** Labels settled since the last `compute`, over all layers. */
  settled = 0;

  private layerCount = 0;
  /** `frontier(h)` as of the last `extend`, read for every person the forward search meets. */
  private readonly frontiers = new Float64Array(MAX_LAYERS + 1);
  private values: Float64Array[] = [];
  private stamps: Int32Array[] = [];
  private readonly heaps: MaxHeap[] = Array.from({ length: MAX_LAYERS + 1 }, () => new MaxHeap());
  private stamp = 0;
  private capacity = 0;
  private readonly view = createHopView();
  private projection: TrustProjection | null = null;
  private from = -1;
  private target = -1;
  private business = -1;

  /** Last-hop strength from `person` into the target, or 0. */
  lastHop(person: number): number {
    return this.stamps[1]?.[person] === this.stamp ? (this.values[1]?.[person] ?? 0) : 0;
  }

  /** Upper bound on the warmth from `person` to the target in at most `hopsLeft` (>= 1) hops. */
  bound(person: number, hopsLeft: number): number {
    const layer = Math.min(hopsLeft, this.layerCount);
    if (this.stamps[layer]?.[person] === this.stamp) {
      return this.values[layer]?.[person] ?? 0;
    }

    return this.frontiers[layer] ?? 0;
  }

  /**
   * Starts the bounds for one query with layers 1..`maxHops - 1` (what a forward search that
   * checks the last hop separately can ask for), settles layer 2 reading up to
   * `layerBudgets[0]` relationships and, if that completed it, layer 3 reading up to
   * `layerBudgets[1]`, then settles up to `budget` labels eagerly. `target` is a person index,
   * or -1 with `business` set.
   */
  compute(
    projection: TrustProjection,
    from: number,
    target: number,
    business: number,
    maxHops: number,
    budget: number,
    layerBudgets: readonly [number, number] = [LAYER_TWO_BUDGET, LAYER_THREE_BUDGET],
  ): void {
    this.layerCount = Math.max(1, Math.min(MAX_LAYERS, maxHops - 1));
    this.prepare(projection.personSlots);
    this.scanned = 0;
    this.settled = 0;
    for (const heap of this.heaps) {
      heap.clear();
    }

    this.projection = projection;
    this.from = from;
    this.target = target;
    this.business = business;
    this.seed(projection, target, business);
    this.settleLayer(2, layerBudgets[0]);
    if ((this.heaps[2] as MaxHeap).size === 0) {
      this.settleLayer(3, layerBudgets[1]);
    }

    this.extend(budget);
  }

  /**
   * Settles up to `steps` more labels towards the top layer's frontier; the forward search calls
   * this between its own expansions so the two sides grow together. Bounds only ever shrink, so
   * keys computed from earlier bounds stay valid.
   */
  extend(steps: number): void {
    for (let spent = 0; spent < steps && this.step(this.layerCount); spent++) {
      // Each step settles or scans one label in some layer.
    }

    for (let layer = 1; layer <= this.layerCount; layer++) {
      this.frontiers[layer] = this.frontier(layer);
    }
  }

  /** Forgets the projection once a query is done. */
  release(): void {
    this.projection = null;
  }

  /**
   * Settles `layer` warmest first until its heap is empty or `budget` more relationships have
   * been read. Only for a layer whose lower layers are complete: then every offer it pops is
   * exact, whatever the other layers have done.
   */
  private settleLayer(layer: number, budget: number): void {
    const heap = this.heaps[layer] as MaxHeap;
    const stop = this.scanned + budget;
    while (layer <= this.layerCount && heap.size > 0 && this.scanned < stop) {
      this.settleNext(layer, heap);
    }
  }

  /** Bound on `B_layer` of anyone not settled in that layer. */
  private frontier(layer: number): number {
    let bound = 0;
    for (let at = 2; at <= layer; at++) {
      const heap = this.heaps[at] as MaxHeap;
      if (heap.size > 0 && heap.peekKey() > bound) {
        bound = heap.peekKey();
      }
    }

    return bound;
  }

  /** One unit of work towards lowering `frontier(layer)`; false when nothing is left to do. */
  private step(layer: number): boolean {
    if (layer < 2) {
      return false;
    }

    const heap = this.heaps[layer] as MaxHeap;
    const below = this.frontier(layer - 1);
    if (heap.size > 0 && heap.peekKey() >= below) {
      this.settleNext(layer, heap);
      return true;
    }

    return below > 0 && this.step(layer - 1);
  }

  /** Pops layer `layer`'s best offer, settles its person if new, and re-queues the cursor. */
  private settleNext(layer: number, heap: MaxHeap): void {
    heap.pop();
    const key = heap.poppedKey;
    const owner = heap.poppedA;
    const cursor = heap.poppedB;
    const person = this.advance(layer, heap, owner, cursor);
    if (person < 0 || this.stamps[layer]?.[person] === this.stamp) {
      return;
    }

    this.settle(layer, person, key);
  }

  /** Returns the person the cursor offers (or -1) and re-queues the owner's next offer. */
  private advance(layer: number, heap: MaxHeap, owner: number, cursor: number): number {
    const projection = this.projection as TrustProjection;
    const value = this.values[layer - 1]?.[owner] ?? 0;
    const hops = projection.loadHops(owner, this.view);
    const next = hops.start + cursor + 1;
    if (next < hops.end) {
      heap.push(value * (hops.strengths[next] ?? 0), owner, cursor + 1);
    }

    if (cursor === SELF) {
      return owner;
    }

    this.scanned++;
    const person = hops.targets[hops.start + cursor] ?? 0;

    return person === this.target ? -1 : person;
  }

  private settle(layer: number, person: number, value: number): void {
    (this.values[layer] as Float64Array)[person] = value;
    (this.stamps[layer] as Int32Array)[person] = this.stamp;
    this.settled++;
    if (layer >= this.layerCount) {
      return;
    }

    const expandable = person !== this.from && !this.projection?.isOptedOut(person);
    const next = this.heaps[layer + 1] as MaxHeap;
    if (expandable) {
      next.push(value, person, SELF);
    } else {
      this.offerSelfOnly(layer + 1, person, value);
    }
  }

  /**
   * People who may end a walk but not pass it on (opted out, or the asking person) carry their
   * value up unchanged; settling them directly keeps their hops out of every higher layer.
   */
  private offerSelfOnly(layer: number, person: number, value: number): void {
    for (let at = layer; at <= this.layerCount; at++) {
      if (this.stamps[at]?.[person] !== this.stamp) {
        (this.values[at] as Float64Array)[person] = value;
        (this.stamps[at] as Int32Array)[person] = this.stamp;
      }
    }
  }

  private seed(projection: TrustProjection, target: number, business: number): void {
    if (target >= 0) {
      const hops = projection.hopsOf(target);
      this.maxLastHop = hops.end > hops.start ? (hops.strengths[hops.start] ?? 0) : 0;
      for (let slot = hops.start; slot < hops.end; slot++) {
        this.settle(1, hops.targets[slot] ?? 0, hops.strengths[slot] ?? 0);
      }

      this.scanned += hops.end - hops.start;
      return;
    }

    const finalHops = projection.finalHopsOf(business);
    this.maxLastHop = finalHops.strengths[0] ?? 0;
    for (let i = 0; i < finalHops.persons.length; i++) {
      this.settle(1, finalHops.persons[i] ?? 0, finalHops.strengths[i] ?? 0);
    }

    this.scanned += finalHops.persons.length;
  }

  private prepare(personSlots: number): void {
    if (this.capacity < personSlots || this.values.length < MAX_LAYERS + 1) {
      this.capacity = Math.max(personSlots, this.capacity * 2);
      this.values = Array.from({ length: MAX_LAYERS + 1 }, () => new Float64Array(0));
      this.stamps = Array.from({ length: MAX_LAYERS + 1 }, () => new Int32Array(0));
      this.stamp = 0;
    }

    for (let layer = 1; layer <= this.layerCount; layer++) {
      if ((this.values[layer]?.length ?? 0) < this.capacity) {
        this.values[layer] = new Float64Array(this.capacity);
        this.stamps[layer] = new Int32Array(this.capacity);
      }
    }

    if (this.stamp === 0x7fffffff) {
      for (const stamps of this.stamps) {
        stamps.fill(0);
      }

      this.stamp = 0;
    }

    this.stamp++;
  }
}
