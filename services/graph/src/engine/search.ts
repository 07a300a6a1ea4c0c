import { NodeNotFoundError, PersonNotFoundError, SearchTimeoutError } from '../domain/errors.ts';
import {
  compareIntroPaths,
  type Hop,
  type IntroPath,
  type IntroPathQuery,
} from '../domain/intro-path.ts';
import { createHopView } from './adjacency-lists.ts';
import { BackwardBound } from './backward-bound.ts';
import { MaxHeap } from './max-heap.ts';
import { PathTree } from './path-tree.ts';
import type { TrustProjection } from './projection.ts';
import { assertQueryLimits } from './query-limits.ts';

export interface SearchOptions {
  /** Throw SearchTimeoutError once the search has run this long. Default: no deadline. */
  readonly timeoutMs?: number;
  /** Throw SearchTimeoutError past this many heap pops or partial paths. Default 5,000,000. */
  readonly maxExpansions?: number;
  /**
   * Labels the backward bounds settle, after their two- and three-hop layers, before the forward
   * search starts. Default 2,048.
   */
  readonly backwardBudget?: number;
  /**
   * Relationships the backward bounds may read settling their two-hop layer first, then (once
   * that is complete) their three-hop layer. Default [LAYER_TWO_BUDGET, LAYER_THREE_BUDGET].
   */
  readonly layerBudgets?: readonly [number, number];
  /** Receives this query's counters, for benchmarks and debug logs. */
  readonly stats?: SearchStats;
}

export interface SearchStats {
  /** Heap pops of the forward search. */
  expansions: number;
  /** Relationships read, forward and backward. */
  relationshipsScanned: number;
  /** Labels (person, hops left) the backward bounds settled. */
  backwardSettled: number;
  /** Partial and complete paths created. */
  pathsGenerated: number;
}

/**
 * Partial-path keys are inflated by this factor so rounding can never make a bound fall below
 * the warmth of a completion multiplied in another order (errors are ~1e-15 relative).
 */
const INFLATE = 1 + 1e-12;
const COMPLETE = -1;
const DEADLINE_CHECK_MASK = 255;
/**
 * Backward steps taken per relationship the forward search scans (at least one per expansion),
 * so the bounds keep tightening while a hard query runs. With layers 2 and 3 settled first, little
 * more backward work pays. On the 1M-person network 0.05 measured best with 2,048 eager labels:
 * 0.25, 0.5 and 1 were slower. Taking no steps at all was faster there but slower on a
 * 200K-person network, and it leaves a query the eager work did not bound without progress.
 */
const BACKWARD_STEPS_PER_HOP = 0.05;
/** Labels settled eagerly by default: 1,024 gave a worse p99, 4,096 and 8,192 slower totals. */
const BACKWARD_BUDGET = 2048;

const tree = new PathTree();
const view = createHopView();
const bound = new BackwardBound();
const heap = new MaxHeap(isCompleteEntryBefore);
let emittedStamps = new Int32Array(0);
let emittedStamp = 0;
let tieBreakProjection: TrustProjection | null = null;

/**
 * The `first` warmest intro paths from a person to a person or business, ordered by
 * `compareIntroPaths`; with `diverse`, the best path through each first contact, then the best
 * `first` of those. Exact: equal to enumerating every simple path of at most `maxHops` hops whose
 * inner people have not opted out. Returns [] when from equals to or nothing is in reach.
 *
 * Throws HopLimitExceededError (maxHops outside 1..6), InvalidArgumentError (first outside
 * 1..10), PersonNotFoundError (unknown from), NodeNotFoundError (unknown to), SearchTimeoutError
 * (deadline or expansion limit reached). Synchronous: it shares scratch space across calls.
 */
export function findIntroPaths(
  projection: TrustProjection,
  query: IntroPathQuery,
  options: SearchOptions = {},
): IntroPath[] {
  assertQueryLimits(query);
  const from = projection.personIndex(query.fromId);
  if (from < 0) {
    throw new PersonNotFoundError(query.fromId);
  }

  const targetPerson = projection.personIndex(query.toId);
  const business = targetPerson < 0 ? projection.businessIndex(query.toId) : -1;
  if (targetPerson < 0 && business < 0) {
    throw new NodeNotFoundError(query.toId);
  }

  if (targetPerson === from) {
    return [];
  }

  let found: number[];
  try {
    found = searchTopPaths(projection, query, from, targetPerson, business, options);
  } finally {
    tieBreakProjection = null;
    bound.release();
  }

  return found
    .map((entry) => hydratePath(projection, tree.pathTo(entry), business))
    .sort(compareIntroPaths);
}

function searchTopPaths(
  projection: TrustProjection,
  query: IntroPathQuery,
  from: number,
  targetPerson: number,
  business: number,
  options: SearchOptions,
): number[] {
  const startedMs = performance.now();
  const maxExpansions = options.maxExpansions ?? 5_000_000;
  const budget = options.backwardBudget ?? BACKWARD_BUDGET;
  bound.compute(
    projection,
    from,
    targetPerson,
    business,
    query.maxHops,
    budget,
    options.layerBudgets,
  );
  prepareEmitted(projection.personSlots + 1);
  tieBreakProjection = projection;
  tree.reset();
  heap.clear();

  const targetNode = targetPerson >= 0 ? targetPerson : -1;
  const targetContact = targetPerson >= 0 ? targetPerson : projection.personSlots;
  const hopLimit = query.maxHops;
  const maxLastHop = bound.maxLastHop;
  const found: number[] = [];
  let pops = 0;
  let scanned = 0;
  heap.push(2, tree.add(from, -1, 0, 1, -1), 0);
  while (heap.size > 0 && found.length < query.first) {
    heap.pop();
    const entry = heap.poppedA;
    const cursor = heap.poppedB;
    if ((++pops & DEADLINE_CHECK_MASK) === 0 || pops + tree.size > maxExpansions) {
      assertWithinLimits(startedMs, pops + tree.size, options.timeoutMs, maxExpansions);
    }

    const first = tree.firsts[entry] ?? -1;
    if (query.diverse && first >= 0 && emittedStamps[first] === emittedStamp) {
      continue;
    }

    if (cursor === COMPLETE) {
      found.push(entry);
      if (query.diverse) {
        emittedStamps[first] = emittedStamp;
      }

      continue;
    }

    const node = tree.nodes[entry] ?? 0;
    const depth = tree.depths[entry] ?? 0;
    const warmth = tree.warmths[entry] ?? 0;
    if (cursor === 0 && depth > 0 && isStale(entry, hopLimit - depth, heap.poppedKey)) {
      continue;
    }

    if (cursor === 0) {
      const lastHop = bound.lastHop(node);
      const contact = depth === 0 ? targetContact : first;
      if (lastHop > 0 && !(query.diverse && emittedStamps[contact] === emittedStamp)) {
        const complete = warmth * lastHop;
        heap.push(complete, tree.add(targetNode, entry, depth + 1, complete, contact), COMPLETE);
      }
    }

    const hopsLeft = hopLimit - depth - 1;
    if (hopsLeft < 1) {
      continue;
    }

    const hops = projection.loadHops(node, view);
    let slot = hops.start + cursor;
    let processed = 0;
    while (slot < hops.end) {
      const strength = hops.strengths[slot] ?? 0;
      if (processed > 0) {
        const rest = warmth * strength * maxLastHop * INFLATE;
        if (rest < heap.peekKey()) {
          heap.push(rest, entry, slot - hops.start);
          break;
        }
      }

      const neighbour = hops.targets[slot] ?? 0;
      slot++;
      processed++;
      if (
        neighbour === targetNode ||
        projection.isOptedOut(neighbour) ||
        tree.contains(entry, neighbour)
      ) {
        continue;
      }

      const remaining = bound.bound(neighbour, hopsLeft);
      if (remaining > 0) {
        const partial = warmth * strength;
        const child = tree.add(
          neighbour,
          entry,
          depth + 1,
          partial,
          depth === 0 ? neighbour : first,
        );
        heap.push(partial * remaining * INFLATE, child, 0);
      }
    }

    scanned += processed;
    bound.extend(Math.ceil(processed * BACKWARD_STEPS_PER_HOP));
  }

  recordStats(options.stats, pops, scanned + bound.scanned);

  return found;
}

/**
 * Re-queues a partial path popped under a key its person's bound no longer supports: the
 * backward layers have grown since it was pushed, and under today's bound its key falls below
 * the next entry's. Bounds only ever shrink, so a re-queued key is still an upper bound on every
 * completion and the pop order stays exact; a bound of 0 drops the path.
 */
function isStale(entry: number, hopsLeft: number, key: number): boolean {
  const rekeyed =
    (tree.warmths[entry] ?? 0) * bound.bound(tree.nodes[entry] ?? 0, hopsLeft) * INFLATE;
  if (!(rekeyed < key) || !(rekeyed < heap.peekKey())) {
    return false;
  }

  if (rekeyed > 0) {
    heap.push(rekeyed, entry, 0);
  }

  return true;
}

function assertWithinLimits(
  startedMs: number,
  work: number,
  timeoutMs: number | undefined,
  maxWork: number,
): void {
  const elapsedMs = performance.now() - startedMs;
  if ((timeoutMs !== undefined && elapsedMs > timeoutMs) || work > maxWork) {
    throw new SearchTimeoutError(timeoutMs ?? Math.round(elapsedMs));
  }
}

function recordStats(stats: SearchStats | undefined, pops: number, scanned: number): void {
  if (!stats) {
    return;
  }

  stats.expansions = pops;
  stats.relationshipsScanned = scanned;
  stats.backwardSettled = bound.settled;
  stats.pathsGenerated = tree.size;
}

function prepareEmitted(slots: number): void {
  if (emittedStamps.length < slots) {
    emittedStamps = new Int32Array(Math.max(slots, emittedStamps.length * 2));
    emittedStamp = 0;
  }

  if (emittedStamp === 0x7fffffff) {
    emittedStamps.fill(0);
    emittedStamp = 0;
  }

  emittedStamp++;
}

/**
 * Orders heap entries with equal keys. Complete paths go before partial ones (a partial key is
 * inflated, so a partial path tied with a complete one can only complete colder). Complete paths
 * of equal warmth go by hop count, then by their people's ids, as `compareIntroPaths` does; that
 * is what makes the pop order the answer order.
 */
function isCompleteEntryBefore(
  entry: number,
  cursor: number,
  other: number,
  otherCursor: number,
): boolean {
  if (cursor !== COMPLETE || otherCursor !== COMPLETE) {
    return cursor === COMPLETE && otherCursor !== COMPLETE;
  }

  const depth = tree.depths[entry] ?? 0;
  const otherDepth = tree.depths[other] ?? 0;
  if (depth !== otherDepth) {
    return depth < otherDepth;
  }

  return compareInnerIds(tree.pathTo(entry), tree.pathTo(other)) < 0;
}

/** Compares two equally long paths to the same target by their people's ids, from the start. */
function compareInnerIds(path: readonly number[], other: readonly number[]): number {
  const projection = tieBreakProjection;
  for (let i = 0; i < path.length - 1 && projection; i++) {
    const a = path[i] ?? 0;
    const b = other[i] ?? 0;
    if (a !== b) {
      const aId = projection.personId(a);
      const bId = projection.personId(b);

      return aId < bId ? -1 : aId > bId ? 1 : 0;
    }
  }

  return 0;
}

/**
 * Turns node indices into an IntroPath, describing every hop from the projection; the warmth is
 * the product of the stored float32 strengths multiplied from the asking end.
 */
function hydratePath(
  projection: TrustProjection,
  nodes: readonly number[],
  business: number,
): IntroPath {
  const hops: Hop[] = [];
  let warmth = 1;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const from = nodes[i] ?? 0;
    const isFinal = business >= 0 && i + 2 === nodes.length;
    const to = isFinal ? business : (nodes[i + 1] ?? 0);
    const detail = isFinal
      ? projection.describeFinalHop(from, to)
      : projection.describeHop(from, to);
    if (!detail) {
      throw new NodeNotFoundError(isFinal ? projection.businessId(to) : projection.personId(to));
    }

    warmth *= detail.strength;
    hops.push({
      fromId: projection.personId(from),
      toId: isFinal ? projection.businessId(to) : projection.personId(to),
      toKind: isFinal ? 'BUSINESS' : 'PERSON',
      ...detail,
    });
  }

  return { warmth, hops };
}
