import type { HopGraph } from './hop-graph.ts';

/**
 * Counts the distinct people within a few usable hops of one person, exactly: the people an
 * intro path of at most `maxHops` hops could reach, so opted-out people are counted when reached
 * but never passed through. The person themselves is not counted. Reuses its scratch arrays, so
 * one counter serves many calls; O(hops scanned).
 */
export class ReachCounter {
  private readonly seen: Int32Array;
  private frontier: Int32Array;
  private next: Int32Array;
  private run = 0;

  constructor(private readonly graph: HopGraph) {
    this.seen = new Int32Array(graph.slots);
    this.frontier = new Int32Array(1024);
    this.next = new Int32Array(1024);
  }

  /** People within `maxHops` (>= 1) usable hops of `person`. */
  count(person: number, maxHops: number): number {
    const { offsets, targets, passable } = this.graph;
    const seen = this.seen;
    const stamp = ++this.run;
    seen[person] = stamp;
    this.frontier[0] = person;
    let frontierSize = 1;
    let reached = 0;
    for (let depth = 1; depth <= maxHops && frontierSize > 0; depth++) {
      let nextSize = 0;
      for (let at = 0; at < frontierSize; at++) {
        const from = this.frontier[at] ?? 0;
        if (from !== person && passable[from] !== 1) {
          continue;
        }

        const end = offsets[from + 1] ?? 0;
        for (let slot = offsets[from] ?? 0; slot < end; slot++) {
          const to = targets[slot] ?? 0;
          if (seen[to] !== stamp) {
            seen[to] = stamp;
            reached++;
            if (depth < maxHops) {
              this.push(nextSize++, to);
            }
          }
        }
      }

      [this.frontier, this.next] = [this.next, this.frontier];
      frontierSize = nextSize;
    }

    return reached;
  }

  private push(at: number, person: number): void {
    if (at === this.next.length) {
      const grown = new Int32Array(this.next.length * 2);
      grown.set(this.next);
      this.next = grown;
    }

    this.next[at] = person;
  }
}
