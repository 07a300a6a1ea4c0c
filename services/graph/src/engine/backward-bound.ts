import { createHopView } from './adjacency-lists.ts';
import { MaxHeap } from './max-heap.ts';
import type { TrustProjection } from './projection.ts';

/** Heap entries for the business target's final hops use this in place of a person index. */
const FINAL_HOPS = -1;

/**
 * Exact upper bounds on the warmth still reachable from a person to the target, from a budgeted
 * backward Dijkstra (on warmth, with no hop limit) out of the target:
 *
 * - one hop left: the exact strength of the person's last hop into the target;
 * - more hops left: the person's best warmth to the target when the backward search settled
 *   them, else the largest warmth still queued (no unsettled person can do better), which is 0
 *   once the search ran out of people.
 *
 * Hop lists are sorted strongest first, so each settled person keeps one cursor entry in the
 * heap, keyed by the warmth its next hop would give: every pop scans exactly one relationship and
 * a hub's long tail is never read unless it matters.
 */
export class BackwardBound {
  /** The largest last-hop strength: bounds any remaining warmth, whatever the hops left. */
  maxLastHop = 0;
  /** Relationships scanned by the last `compute`. */
  scanned = 0;
  /** People settled by the last `compute`. */
  settled = 0;

  private distances = new Float64Array(0);
  private settledStamps = new Int32Array(0);
  private lastHops = new Float64Array(0);
  private lastHopStamps = new Int32Array(0);
  private stamp = 0;
  private frontier = 0;
  private readonly heap = new MaxHeap();
  private readonly view = createHopView();
  private projection: TrustProjection | null = null;
  private from = -1;
  private business = -1;

  /** Last-hop strength from `person` into the target, or 0. */
  lastHop(person: number): number {
    return this.lastHopStamps[person] === this.stamp ? (this.lastHops[person] ?? 0) : 0;
  }

  /** Upper bound on the warmth from `person` to the target in at most `hopsLeft` (>= 1) hops. */
  bound(person: number, hopsLeft: number): number {
    if (hopsLeft === 1) {
      return this.lastHop(person);
    }

    return this.settledStamps[person] === this.stamp
      ? (this.distances[person] ?? 0)
      : this.frontier;
  }

  /**
   * Starts the backward search for one query, scanning at most `budget` relationships. `target`
   * is a person index, or -1 with `business` set. `from` is settled but never expanded: no simple
   * path passes through it.
   */
  compute(
    projection: TrustProjection,
    from: number,
    target: number,
    business: number,
    budget: number,
  ): void {
    this.prepare(projection.personSlots);
    this.scanned = 0;
    this.settled = 0;
    this.heap.clear();
    this.projection = projection;
    this.from = from;
    this.business = business;
    this.seed(projection, from, target, business);
    this.extend(budget);
  }

  /** Scans up to `budget` more relationships of the search `compute` started. */
  private extend(budget: number): void {
    const projection = this.projection;
    const heap = this.heap;
    const limit = this.scanned + budget;
    while (projection && heap.size > 0 && this.scanned < limit) {
      heap.pop();
      const key = heap.poppedKey;
      const owner = heap.poppedA;
      const cursor = heap.poppedB;
      this.scanned++;
      const neighbour = this.advance(projection, owner, cursor, this.business);
      if (this.settledStamps[neighbour] === this.stamp) {
        continue;
      }

      if (projection.isOptedOut(neighbour) && neighbour !== this.from) {
        continue;
      }

      this.settle(projection, neighbour, key, neighbour !== this.from);
    }

    this.frontier = heap.size > 0 ? heap.peekKey() : 0;
  }

  /** Forgets the projection once a query is done. */
  release(): void {
    this.projection = null;
  }

  private seed(projection: TrustProjection, from: number, target: number, business: number): void {
    if (target >= 0) {
      const hops = projection.hopsOf(target);
      this.maxLastHop = hops.end > hops.start ? (hops.strengths[hops.start] ?? 0) : 0;
      for (let slot = hops.start; slot < hops.end; slot++) {
        this.setLastHop(hops.targets[slot] ?? 0, hops.strengths[slot] ?? 0);
      }

      this.settle(projection, target, 1, target !== from);
      return;
    }

    const finalHops = projection.finalHopsOf(business);
    this.maxLastHop = finalHops.strengths[0] ?? 0;
    for (let i = 0; i < finalHops.persons.length; i++) {
      this.setLastHop(finalHops.persons[i] ?? 0, finalHops.strengths[i] ?? 0);
    }

    if (finalHops.persons.length > 0) {
      this.heap.push(this.maxLastHop, FINAL_HOPS, 0);
    }
  }

  private setLastHop(person: number, strength: number): void {
    this.lastHops[person] = strength;
    this.lastHopStamps[person] = this.stamp;
  }

  /** Returns the neighbour at `cursor` and re-queues the owner's cursor at its next hop. */
  private advance(
    projection: TrustProjection,
    owner: number,
    cursor: number,
    business: number,
  ): number {
    if (owner === FINAL_HOPS) {
      const finalHops = projection.finalHopsOf(business);
      const next = cursor + 1;
      if (next < finalHops.persons.length) {
        this.heap.push(finalHops.strengths[next] ?? 0, FINAL_HOPS, next);
      }

      return finalHops.persons[cursor] ?? 0;
    }

    const hops = projection.loadHops(owner, this.view);
    const next = hops.start + cursor + 1;
    if (next < hops.end) {
      this.heap.push((this.distances[owner] ?? 0) * (hops.strengths[next] ?? 0), owner, cursor + 1);
    }

    return hops.targets[hops.start + cursor] ?? 0;
  }

  private settle(
    projection: TrustProjection,
    person: number,
    distance: number,
    expand: boolean,
  ): void {
    this.distances[person] = distance;
    this.settledStamps[person] = this.stamp;
    this.settled++;
    const hops = projection.loadHops(person, this.view);
    if (expand && hops.end > hops.start) {
      this.heap.push(distance * (hops.strengths[hops.start] ?? 0), person, 0);
    }
  }

  private prepare(personSlots: number): void {
    if (this.distances.length < personSlots) {
      const capacity = Math.max(personSlots, this.distances.length * 2);
      this.distances = new Float64Array(capacity);
      this.settledStamps = new Int32Array(capacity);
      this.lastHops = new Float64Array(capacity);
      this.lastHopStamps = new Int32Array(capacity);
      this.stamp = 0;
    }

    if (this.stamp === 0x7fffffff) {
      this.settledStamps.fill(0);
      this.lastHopStamps.fill(0);
      this.stamp = 0;
    }

    this.stamp++;
  }
}
