import { NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import type { TrustProjection } from './projection.ts';
import { assertQueryLimits } from './query-limits.ts';

type Side = 0 | 1;
const FORWARD: Side = 0;
const BACKWARD: Side = 1;

/** Per-person level on each side, valid when the stamp matches; reused across calls. */
let stamps: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
let levels: [Int32Array, Int32Array] = [new Int32Array(0), new Int32Array(0)];
let stamp = 0;

/**
 * The fewest hops from a person to a person or business over usable hops, passing only through
 * people who have not opted out (the ends may have), or null when more than `maxHops` (1..6)
 * are needed. Bidirectional BFS, always growing the smaller frontier by one whole level. Throws
 * HopLimitExceededError, PersonNotFoundError (unknown from) or NodeNotFoundError (unknown to).
 */
export function findDegreeOfConnection(
  projection: TrustProjection,
  fromId: string,
  toId: string,
  maxHops: number,
): number | null {
  assertQueryLimits({ fromId, toId, maxHops, first: 1, diverse: false });
  const from = projection.personIndex(fromId);
  if (from < 0) {
    throw new PersonNotFoundError(fromId);
  }

  const to = projection.personIndex(toId);
  const business = to < 0 ? projection.businessIndex(toId) : -1;
  if (to < 0 && business < 0) {
    throw new NodeNotFoundError(toId);
  }

  if (to === from) {
    return 0;
  }

  prepare(projection.personSlots);

  return searchLevels(projection, from, to, business, maxHops);
}

function searchLevels(
  projection: TrustProjection,
  from: number,
  to: number,
  business: number,
  maxHops: number,
): number | null {
  const frontiers: [number[], number[]] = [[from], []];
  const depths = [0, 0];
  visit(FORWARD, from, 0);
  if (to >= 0) {
    visit(BACKWARD, to, 0);
    frontiers[BACKWARD].push(to);
  } else {
    const finalHops = projection.finalHopsOf(business);
    for (const person of finalHops.persons) {
      if (person === from) {
        return 1;
      }

      if (!projection.isOptedOut(person)) {
        visit(BACKWARD, person, 1);
        frontiers[BACKWARD].push(person);
      }
    }

    depths[BACKWARD] = 1;
  }

  while ((depths[FORWARD] ?? 0) + (depths[BACKWARD] ?? 0) < maxHops) {
    const side: Side = frontiers[FORWARD].length <= frontiers[BACKWARD].length ? FORWARD : BACKWARD;
    if (frontiers[side].length === 0) {
      return null;
    }

    const { next, best } = expandLevel(projection, side, frontiers[side], from, to);
    if (best <= maxHops) {
      return best;
    }

    frontiers[side] = next;
    depths[side] = (depths[side] ?? 0) + 1;
  }

  return null;
}

/** Grows one side by a level; `best` is the shortest meeting found, or Infinity. */
function expandLevel(
  projection: TrustProjection,
  side: Side,
  frontier: readonly number[],
  from: number,
  to: number,
): { next: number[]; best: number } {
  const other: Side = side === FORWARD ? BACKWARD : FORWARD;
  const next: number[] = [];
  let best = Infinity;
  for (const person of frontier) {
    const level = levels[side][person] ?? 0;
    const hops = projection.hopsOf(person);
    for (let slot = hops.start; slot < hops.end; slot++) {
      const neighbour = hops.targets[slot] ?? 0;
      const isEnd = neighbour === from || neighbour === to;
      if (!isEnd && projection.isOptedOut(neighbour)) {
        continue;
      }

      if (stamps[other][neighbour] === stamp) {
        best = Math.min(best, level + 1 + (levels[other][neighbour] ?? 0));
      } else if (stamps[side][neighbour] !== stamp && !isEnd) {
        visit(side, neighbour, level + 1);
        next.push(neighbour);
      }
    }
  }

  return { next, best };
}

function visit(side: Side, person: number, level: number): void {
  stamps[side][person] = stamp;
  levels[side][person] = level;
}

function prepare(personSlots: number): void {
  if (stamps[FORWARD].length < personSlots || stamp === 0x7fffffff) {
    const capacity = Math.max(personSlots, stamps[FORWARD].length * 2);
    stamps = [new Int32Array(capacity), new Int32Array(capacity)];
    levels = [new Int32Array(capacity), new Int32Array(capacity)];
    stamp = 0;
  }

  stamp++;
}
