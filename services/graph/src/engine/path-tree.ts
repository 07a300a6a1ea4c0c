/**
 * Partial intro paths as a tree in growable typed arrays: each entry is a node index, its parent
 * entry, its depth (hops so far), its warmth so far (multiplied from the asking end) and the
 * first contact it goes through. Reset per query, reused across queries.
 */
export class PathTree {
  nodes = new Int32Array(4096);
  parents = new Int32Array(4096);
  depths = new Uint8Array(4096);
  warmths = new Float64Array(4096);
  firsts = new Int32Array(4096);
  size = 0;

  reset(): void {
    this.size = 0;
  }

  add(node: number, parent: number, depth: number, warmth: number, first: number): number {
    if (this.size === this.nodes.length) {
      this.grow();
    }

    const entry = this.size++;
    this.nodes[entry] = node;
    this.parents[entry] = parent;
    this.depths[entry] = depth;
    this.warmths[entry] = warmth;
    this.firsts[entry] = first;

    return entry;
  }

  /** Whether `node` is already on the path ending at `entry`; at most seven steps. */
  contains(entry: number, node: number): boolean {
    for (let at = entry; at >= 0; at = this.parents[at] ?? -1) {
      if (this.nodes[at] === node) {
        return true;
      }
    }

    return false;
  }

  /** The node indices from the root to `entry`. */
  pathTo(entry: number): number[] {
    const path: number[] = [];
    for (let at = entry; at >= 0; at = this.parents[at] ?? -1) {
      path.push(this.nodes[at] ?? 0);
    }

    return path.reverse();
  }

  private grow(): void {
    const capacity = this.nodes.length * 2;
    const nodes = new Int32Array(capacity);
    nodes.set(this.nodes);
    this.nodes = nodes;
    const parents = new Int32Array(capacity);
    parents.set(this.parents);
    this.parents = parents;
    const depths = new Uint8Array(capacity);
    depths.set(this.depths);
    this.depths = depths;
    const warmths = new Float64Array(capacity);
    warmths.set(this.warmths);
    this.warmths = warmths;
    const firsts = new Int32Array(capacity);
    firsts.set(this.firsts);
    this.firsts = firsts;
  }
}
