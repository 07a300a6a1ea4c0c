import { MaxHeap } from '../../../services/graph/src/engine/max-heap.ts';
import type { TrustProjection } from '../../../services/graph/src/engine/projection.ts';

export interface YenResult {
  /** Warmths of the accepted paths, warmest first. */
  readonly warmths: number[];
  readonly relationshipsScanned: number;
  readonly timedOut: boolean;
}

interface Candidate {
  readonly nodes: number[];
  readonly cost: number;
}

/**
 * The naive weighted top-k baseline: Yen's k shortest simple paths over Dijkstra on
 * -log(strength), knowing nothing of the hop limit. Paths come out in warmth order; those over
 * `maxHops` are generated and then dropped, and with `diverse` so are paths through a first
 * contact already taken, until `first` are accepted. A business target is a virtual node
 * reached through the business's final hops. Opted-out people are never inner nodes.
 */
export function findTopPathsByYen(
  projection: TrustProjection,
  from: number,
  target: number,
  business: number,
  maxHops: number,
  first: number,
  diverse: boolean,
  timeoutMs: number,
): YenResult {
  const graph = new YenGraph(projection, target, business, performance.now() + timeoutMs);
  const accepted: number[] = [];
  const contacts = new Set<number>();
  const found: Candidate[] = [];
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  let next = graph.shortest(from, new Set(), new Set());
  while (next && accepted.length < first && !graph.timedOut) {
    found.push(next);
    const contact = next.nodes[1] ?? -1;
    if (next.nodes.length - 1 <= maxHops && !(diverse && contacts.has(contact))) {
      accepted.push(Math.exp(-next.cost));
      contacts.add(contact);
    }

    addDeviations(graph, next, found, candidates, seen);
    candidates.sort((a, b) => b.cost - a.cost);
    next = candidates.pop() ?? null;
  }

  return { warmths: accepted, relationshipsScanned: graph.scanned, timedOut: graph.timedOut };
}

/** Yen's spur step: for each node of the last path, the best deviation from it. */
function addDeviations(
  graph: YenGraph,
  last: Candidate,
  found: readonly Candidate[],
  candidates: Candidate[],
  seen: Set<string>,
): void {
  for (let i = 0; i + 1 < last.nodes.length && !graph.timedOut; i++) {
    const root = last.nodes.slice(0, i + 1);
    const removedEdges = new Set<string>();
    for (const path of found) {
      if (path.nodes.length > i + 1 && root.every((node, j) => path.nodes[j] === node)) {
        removedEdges.add(`${path.nodes[i]}>${path.nodes[i + 1]}`);
      }
    }

    const spur = graph.shortest(root[i] ?? 0, new Set(root.slice(0, i)), removedEdges);
    if (!spur) {
      continue;
    }

    const nodes = [...root.slice(0, i), ...spur.nodes];
    const key = nodes.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      candidates.push({ nodes, cost: graph.costOf(nodes) });
    }
  }
}

class YenGraph {
  scanned = 0;
  timedOut = false;
  private readonly virtual: number;
  private readonly finalStrength: Map<number, number>;
  private readonly distances: Float64Array;
  private readonly parents: Int32Array;
  private readonly stamps: Int32Array;
  private stamp = 0;
  private readonly heap = new MaxHeap();

  constructor(
    private readonly projection: TrustProjection,
    target: number,
    business: number,
    private readonly deadline: number,
  ) {
    const slots = projection.personSlots + 1;
    this.virtual = target >= 0 ? target : projection.personSlots;
    this.finalStrength = new Map();
    if (target < 0) {
      const finalHops = projection.finalHopsOf(business);
      finalHops.persons.forEach((person, i) => {
        this.finalStrength.set(person, finalHops.strengths[i] ?? 0);
      });
    }

    this.distances = new Float64Array(slots);
    this.parents = new Int32Array(slots);
    this.stamps = new Int32Array(slots);
  }

  /** Dijkstra from `source` to the target avoiding `blocked` nodes and `removed` edges. */
  shortest(source: number, blocked: Set<number>, removed: Set<string>): Candidate | null {
    this.stamp++;
    this.heap.clear();
    this.reach(source, 0, -1);
    let checks = 0;
    while (this.heap.size > 0) {
      if ((++checks & 1023) === 0 && performance.now() > this.deadline) {
        this.timedOut = true;
        return null;
      }

      this.heap.pop();
      const node = this.heap.poppedA;
      const cost = -this.heap.poppedKey;
      if (cost > (this.distances[node] ?? Infinity)) {
        continue;
      }

      if (node === this.virtual) {
        return { nodes: this.pathTo(node), cost };
      }

      if (node !== source && this.projection.isOptedOut(node)) {
        continue;
      }

      this.relax(node, cost, blocked, removed);
    }

    return null;
  }

  costOf(nodes: readonly number[]): number {
    let cost = 0;
    for (let i = 0; i + 1 < nodes.length; i++) {
      cost += -Math.log(this.strength(nodes[i] ?? 0, nodes[i + 1] ?? 0));
    }

    return cost;
  }

  private relax(node: number, cost: number, blocked: Set<number>, removed: Set<string>): void {
    const hops = this.projection.hopsOf(node);
    const hasRemovals = removed.size > 0;
    for (let slot = hops.start; slot < hops.end; slot++) {
      this.scanned++;
      const neighbour = hops.targets[slot] ?? 0;
      if (blocked.has(neighbour) || (hasRemovals && removed.has(`${node}>${neighbour}`))) {
        continue;
      }

      this.offer(neighbour, cost - Math.log(hops.strengths[slot] ?? 0), node);
    }

    const final = this.finalStrength.get(node);
    if (final !== undefined && !(hasRemovals && removed.has(`${node}>${this.virtual}`))) {
      this.offer(this.virtual, cost - Math.log(final), node);
    }
  }

  private offer(node: number, cost: number, parent: number): void {
    if (this.stamps[node] !== this.stamp || cost < (this.distances[node] ?? Infinity)) {
      this.reach(node, cost, parent);
    }
  }

  private reach(node: number, cost: number, parent: number): void {
    this.stamps[node] = this.stamp;
    this.distances[node] = cost;
    this.parents[node] = parent;
    this.heap.push(-cost, node, 0);
  }

  private pathTo(node: number): number[] {
    const path: number[] = [];
    for (let at = node; at >= 0; at = this.parents[at] ?? -1) {
      path.push(at);
    }

    return path.reverse();
  }

  private strength(from: number, to: number): number {
    if (to === this.virtual && this.finalStrength.size > 0) {
      return this.finalStrength.get(from) ?? 0;
    }

    return this.projection.describeHop(from, to)?.strength ?? 0;
  }
}
