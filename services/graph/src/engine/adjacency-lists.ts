/**
 * Per-person lists as the projection stores them: a person's outgoing directed ties sorted by
 * target (for lookups), and their usable hops sorted strongest first (so searches can stop
 * scanning a hub's list early). The same shapes serve as slices of the CSR and as overlay copies.
 */

export interface TieList {
  readonly targets: Int32Array;
  readonly strengths: Float32Array;
  readonly times: Float64Array;
  readonly flags: Uint8Array;
  readonly start: number;
  readonly end: number;
}

export interface HopList {
  readonly targets: Int32Array;
  readonly strengths: Float32Array;
  readonly flags: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** A reusable, mutable window onto one person's hops, so hot loops allocate nothing. */
export interface HopView {
  targets: Int32Array;
  strengths: Float32Array;
  flags: Uint8Array;
  start: number;
  end: number;
}

export function createHopView(): HopView {
  return {
    targets: new Int32Array(0),
    strengths: new Float32Array(0),
    flags: new Uint8Array(0),
    start: 0,
    end: 0,
  };
}

export const emptyTieList: TieList = {
  targets: new Int32Array(0),
  strengths: new Float32Array(0),
  times: new Float64Array(0),
  flags: new Uint8Array(0),
  start: 0,
  end: 0,
};

export const emptyHopList: HopList = {
  targets: new Int32Array(0),
  strengths: new Float32Array(0),
  flags: new Uint8Array(0),
  start: 0,
  end: 0,
};

/** The slot of `target` in a tie list, or -1; binary search since ties are sorted by target. */
export function findTie(list: TieList, target: number): number {
  let low = list.start;
  let high = list.end - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = list.targets[middle] ?? 0;
    if (found === target) {
      return middle;
    }

    if (found < target) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }

  return -1;
}

/** The slot of `neighbour` in a hop list, or -1; linear since hops are sorted by strength. */
export function findHop(list: HopList, neighbour: number): number {
  for (let slot = list.start; slot < list.end; slot++) {
    if (list.targets[slot] === neighbour) {
      return slot;
    }
  }

  return -1;
}

/**
 * A copy of `list` with the tie to `target` set (or removed when `strength` is undefined), still
 * sorted by target. O(length), which keeps a change O(degree).
 */
export function withTie(
  list: TieList,
  target: number,
  tie: { strength: number; lastInteractionAtMs: number; flags: number } | undefined,
): TieList {
  const existing = findTie(list, target);
  const length = list.end - list.start - (existing >= 0 ? 1 : 0) + (tie ? 1 : 0);
  const next = {
    targets: new Int32Array(length),
    strengths: new Float32Array(length),
    times: new Float64Array(length),
    flags: new Uint8Array(length),
    start: 0,
    end: length,
  };

  let at = 0;
  let placed = tie === undefined;
  for (let slot = list.start; slot < list.end; slot++) {
    const current = list.targets[slot] ?? 0;
    if (!placed && current > target) {
      placeTie(next, at++, target, tie);
      placed = true;
    }

    if (current !== target) {
      next.targets[at] = current;
      next.strengths[at] = list.strengths[slot] ?? 0;
      next.times[at] = list.times[slot] ?? 0;
      next.flags[at++] = list.flags[slot] ?? 0;
    }
  }

  if (!placed) {
    placeTie(next, at, target, tie);
  }

  return next;
}

function placeTie(
  list: TieList,
  at: number,
  target: number,
  tie: { strength: number; lastInteractionAtMs: number; flags: number } | undefined,
): void {
  list.targets[at] = target;
  list.strengths[at] = tie?.strength ?? 0;
  list.times[at] = tie?.lastInteractionAtMs ?? 0;
  list.flags[at] = tie?.flags ?? 0;
}

/** A copy of `list` with the hop to `neighbour` set (or removed when `strength` is 0). */
export function withHop(
  list: HopList,
  neighbour: number,
  strength: number,
  flags: number,
): HopList {
  const existing = findHop(list, neighbour);
  const length = list.end - list.start - (existing >= 0 ? 1 : 0) + (strength > 0 ? 1 : 0);
  const next = {
    targets: new Int32Array(length),
    strengths: new Float32Array(length),
    flags: new Uint8Array(length),
    start: 0,
    end: length,
  };

  let at = 0;
  let placed = !(strength > 0);
  for (let slot = list.start; slot < list.end; slot++) {
    const current = list.targets[slot] ?? 0;
    if (current === neighbour) {
      continue;
    }

    const currentStrength = list.strengths[slot] ?? 0;
    if (!placed && isStrongerHop(strength, neighbour, currentStrength, current)) {
      placeHop(next, at++, neighbour, strength, flags);
      placed = true;
    }

    placeHop(next, at++, current, currentStrength, list.flags[slot] ?? 0);
  }

  if (!placed) {
    placeHop(next, at, neighbour, strength, flags);
  }

  return next;
}

function isStrongerHop(
  strength: number,
  neighbour: number,
  other: number,
  otherNeighbour: number,
): boolean {
  return strength > other || (strength === other && neighbour < otherNeighbour);
}

function placeHop(
  list: HopList,
  at: number,
  neighbour: number,
  strength: number,
  flags: number,
): void {
  list.targets[at] = neighbour;
  list.strengths[at] = strength;
  list.flags[at] = flags;
}

/** Bytes held by a standalone (overlay) list. */
export function listBytes(list: TieList | HopList): number {
  const times = 'times' in list ? list.times.byteLength : 0;

  return list.targets.byteLength + list.strengths.byteLength + list.flags.byteLength + times + 160;
}
