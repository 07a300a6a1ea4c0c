import type { WarmthModel } from '../domain/warmth.ts';
import { type ScoredHop, type StoredTie, scoreStoredHop } from './hop-scoring.ts';

/** Directed person-to-person ties in the order they were loaded, as growable columns. */
export class TieBuffer {
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  strengths = new Float32Array(1024);
  times = new Float64Array(1024);
  flags = new Uint8Array(1024);
  count = 0;

  push(from: number, to: number, strength: number, time: number, flags: number): void {
    if (this.count === this.from.length) {
      this.grow();
    }

    this.from[this.count] = from;
    this.to[this.count] = to;
    this.strengths[this.count] = strength;
    this.times[this.count] = time;
    this.flags[this.count++] = flags;
  }

  private grow(): void {
    const capacity = this.from.length * 2;
    this.from = copyInto(new Int32Array(capacity), this.from);
    this.to = copyInto(new Int32Array(capacity), this.to);
    this.strengths = copyInto(new Float32Array(capacity), this.strengths);
    this.times = copyInto(new Float64Array(capacity), this.times);
    this.flags = copyInto(new Uint8Array(capacity), this.flags);
  }
}

/** Adds one to `array[at]` and returns the new value. */
function increment(array: Int32Array, at: number): number {
  const next = (array[at] ?? 0) + 1;
  array[at] = next;

  return next;
}

function copyInto<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(
  target: T,
  source: T,
): T {
  target.set(source);

  return target;
}

/**
 * The two CSR structures: every person's outgoing ties sorted by target (offsets over persons),
 * and every person's usable hops, both directions of each pair, sorted strongest first.
 */
export interface Csr {
  readonly tieOffsets: Int32Array;
  readonly tieTargets: Int32Array;
  readonly tieStrengths: Float32Array;
  readonly tieTimes: Float64Array;
  readonly tieFlags: Uint8Array;
  readonly hopOffsets: Int32Array;
  readonly hopTargets: Int32Array;
  readonly hopStrengths: Float32Array;
  readonly hopFlags: Uint8Array;
}

/**
 * Builds both CSR structures in O(ties) plus per-list sorts. Duplicate ties keep the one loaded
 * last. Temporary columns are released before the hops are sorted.
 */
export function buildCsr(
  personCount: number,
  buffer: TieBuffer,
  nowMs: number,
  model: WarmthModel,
): Csr {
  const ties = sortTies(personCount, buffer);
  const hops = buildHops(personCount, ties, nowMs, model);
  sortHopLists(personCount, hops.hopOffsets, hops.hopTargets, hops.hopStrengths, hops.hopFlags);

  return { ...ties, ...hops };
}

type TieCsr = Pick<Csr, 'tieOffsets' | 'tieTargets' | 'tieStrengths' | 'tieTimes' | 'tieFlags'>;

/** Two stable counting sorts (by target, then by source) give ties sorted by (source, target). */
function sortTies(personCount: number, buffer: TieBuffer): TieCsr {
  const byTarget = countingOrder(personCount, buffer.to, buffer.count, null);
  const order = countingOrder(personCount, buffer.from, buffer.count, byTarget);

  let kept = 0;
  for (let i = 0; i < order.length; i++) {
    if (!isShadowed(buffer, order, i)) {
      kept++;
    }
  }

  const tieOffsets = new Int32Array(personCount + 1);
  const tieTargets = new Int32Array(kept);
  const tieStrengths = new Float32Array(kept);
  const tieTimes = new Float64Array(kept);
  const tieFlags = new Uint8Array(kept);
  let at = 0;
  for (let i = 0; i < order.length; i++) {
    const tie = order[i] ?? 0;
    if (isShadowed(buffer, order, i)) {
      continue;
    }

    increment(tieOffsets, (buffer.from[tie] ?? 0) + 1);
    tieTargets[at] = buffer.to[tie] ?? 0;
    tieStrengths[at] = buffer.strengths[tie] ?? 0;
    tieTimes[at] = buffer.times[tie] ?? 0;
    tieFlags[at++] = buffer.flags[tie] ?? 0;
  }

  for (let person = 0; person < personCount; person++) {
    tieOffsets[person + 1] = (tieOffsets[person + 1] ?? 0) + (tieOffsets[person] ?? 0);
  }

  return { tieOffsets, tieTargets, tieStrengths, tieTimes, tieFlags };
}

/** A tie is shadowed by a later duplicate of the same (source, target), which sorts after it. */
function isShadowed(buffer: TieBuffer, order: Int32Array, i: number): boolean {
  const tie = order[i] ?? 0;
  const next = order[i + 1];

  return (
    next !== undefined &&
    buffer.from[next] === buffer.from[tie] &&
    buffer.to[next] === buffer.to[tie]
  );
}

function countingOrder(
  keyCount: number,
  keys: Int32Array,
  count: number,
  input: Int32Array | null,
): Int32Array {
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < count; i++) {
    increment(starts, (keys[i] ?? 0) + 1);
  }

  for (let key = 0; key < keyCount; key++) {
    starts[key + 1] = (starts[key + 1] ?? 0) + (starts[key] ?? 0);
  }

  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const tie = input ? (input[i] ?? 0) : i;
    const key = keys[tie] ?? 0;
    order[starts[key] ?? 0] = tie;
    increment(starts, key);
  }

  return order;
}

type HopCsr = Pick<Csr, 'hopOffsets' | 'hopTargets' | 'hopStrengths' | 'hopFlags'>;

/**
 * Scores each pair once, from the tie leaving the smaller index when both directions exist,
 * and writes the hop into both ends' lists.
 */
function buildHops(personCount: number, ties: TieCsr, nowMs: number, model: WarmthModel): HopCsr {
  const tieCount = ties.tieTargets.length;
  const pairStrength = new Float32Array(tieCount);
  const pairFlags = new Uint8Array(tieCount);
  const pairMirrorFlags = new Uint8Array(tieCount);
  const degrees = new Int32Array(personCount + 1);
  const forward: StoredTie = { strength: 0, flags: 0, lastInteractionAtMs: 0 };
  const backward: StoredTie = { strength: 0, flags: 0, lastInteractionAtMs: 0 };
  const scored: ScoredHop = { strength: 0, flags: 0, mirrorFlags: 0 };
  const reverses = reverseSlots(personCount, ties);
  for (let person = 0; person < personCount; person++) {
    const end = ties.tieOffsets[person + 1] ?? 0;
    for (let slot = ties.tieOffsets[person] ?? 0; slot < end; slot++) {
      const neighbour = ties.tieTargets[slot] ?? 0;
      const reverse = reverses[slot] ?? -1;
      if (reverse >= 0 && neighbour < person) {
        continue;
      }

      readTie(ties, slot, forward);
      const hop = scoreStoredHop(
        forward,
        reverse >= 0 ? readTie(ties, reverse, backward) : undefined,
        nowMs,
        model,
        scored,
      );
      if (hop.strength > 0) {
        pairStrength[slot] = hop.strength;
        pairFlags[slot] = hop.flags;
        pairMirrorFlags[slot] = hop.mirrorFlags;
        increment(degrees, person + 1);
        increment(degrees, neighbour + 1);
      }
    }
  }

  for (let person = 0; person < personCount; person++) {
    degrees[person + 1] = (degrees[person + 1] ?? 0) + (degrees[person] ?? 0);
  }

  const slotCount = degrees[personCount] ?? 0;
  const hopOffsets = degrees.slice();
  const hopTargets = new Int32Array(slotCount);
  const hopStrengths = new Float32Array(slotCount);
  const hopFlags = new Uint8Array(slotCount);
  for (let person = 0; person < personCount; person++) {
    const end = ties.tieOffsets[person + 1] ?? 0;
    for (let slot = ties.tieOffsets[person] ?? 0; slot < end; slot++) {
      const strength = pairStrength[slot] ?? 0;
      if (strength > 0) {
        const neighbour = ties.tieTargets[slot] ?? 0;
        const here = increment(degrees, person) - 1;
        hopTargets[here] = neighbour;
        hopStrengths[here] = strength;
        hopFlags[here] = pairFlags[slot] ?? 0;
        const there = increment(degrees, neighbour) - 1;
        hopTargets[there] = person;
        hopStrengths[there] = strength;
        hopFlags[there] = pairMirrorFlags[slot] ?? 0;
      }
    }
  }

  return { hopOffsets, hopTargets, hopStrengths, hopFlags };
}

/**
 * For every tie slot (p → q), the slot of the tie q → p, or -1: the ties into each person are
 * gathered in source order (a counting pass) and merged with that person's own ties, which are
 * sorted by target. O(ties), with one scattered write per tie instead of a binary search.
 */
function reverseSlots(personCount: number, ties: TieCsr): Int32Array {
  const { tieOffsets, tieTargets } = ties;
  const tieCount = tieTargets.length;
  const inOffsets = new Int32Array(personCount + 1);
  for (let slot = 0; slot < tieCount; slot++) {
    increment(inOffsets, (tieTargets[slot] ?? 0) + 1);
  }

  for (let person = 0; person < personCount; person++) {
    inOffsets[person + 1] = (inOffsets[person + 1] ?? 0) + (inOffsets[person] ?? 0);
  }

  const next = inOffsets.slice(0, personCount);
  const inSources = new Int32Array(tieCount);
  const inSlots = new Int32Array(tieCount);
  for (let person = 0; person < personCount; person++) {
    const end = tieOffsets[person + 1] ?? 0;
    for (let slot = tieOffsets[person] ?? 0; slot < end; slot++) {
      const at = increment(next, tieTargets[slot] ?? 0) - 1;
      inSources[at] = person;
      inSlots[at] = slot;
    }
  }

  const reverses = new Int32Array(tieCount).fill(-1);
  for (let person = 0; person < personCount; person++) {
    let out = tieOffsets[person] ?? 0;
    const outEnd = tieOffsets[person + 1] ?? 0;
    let into = inOffsets[person] ?? 0;
    const inEnd = inOffsets[person + 1] ?? 0;
    while (out < outEnd && into < inEnd) {
      const target = tieTargets[out] ?? 0;
      const source = inSources[into] ?? 0;
      if (target < source) {
        out++;
      } else if (target > source) {
        into++;
      } else {
        reverses[inSlots[into] ?? 0] = out;
        out++;
        into++;
      }
    }
  }

  return reverses;
}

function readTie(ties: TieCsr, slot: number, out: StoredTie): StoredTie {
  out.strength = ties.tieStrengths[slot] ?? 0;
  out.flags = ties.tieFlags[slot] ?? 0;
  out.lastInteractionAtMs = ties.tieTimes[slot] ?? 0;

  return out;
}

/** Float64 keys pack (inverted float32 bits, position) so a native sort orders each list. */
const POSITION_BITS = 2 ** 22;
const FLOAT32_INFINITY_BITS = 0x7f800000;

/**
 * Sorts every hop list strongest first. A key packs the inverted float32 bit pattern (31 bits,
 * monotone for positive floats) above the slot's position in its list (22 bits), which stays
 * within float64's 53 exact bits, so one typed-array sort per list needs no comparator.
 */
export function sortHopLists(
  personCount: number,
  offsets: Int32Array,
  targets: Int32Array,
  strengths: Float32Array,
  flags: Uint8Array,
): void {
  const bits = new Uint32Array(strengths.buffer, strengths.byteOffset, strengths.length);
  let keys = new Float64Array(64);
  let scratchTargets = new Int32Array(64);
  let scratchFlags = new Uint8Array(64);
  for (let person = 0; person < personCount; person++) {
    const start = offsets[person] ?? 0;
    const length = (offsets[person + 1] ?? 0) - start;
    if (length < 2) {
      continue;
    }

    if (length > keys.length) {
      keys = new Float64Array(length * 2);
      scratchTargets = new Int32Array(length * 2);
      scratchFlags = new Uint8Array(length * 2);
    }

    sortOneList(start, length, bits, keys, targets, flags, scratchTargets, scratchFlags);
  }
}

function sortOneList(
  start: number,
  length: number,
  bits: Uint32Array,
  keys: Float64Array,
  targets: Int32Array,
  flags: Uint8Array,
  scratchTargets: Int32Array,
  scratchFlags: Uint8Array,
): void {
  if (length >= POSITION_BITS) {
    sortLongList(start, length, bits, targets, flags);
    return;
  }

  for (let i = 0; i < length; i++) {
    keys[i] = (FLOAT32_INFINITY_BITS - (bits[start + i] ?? 0)) * POSITION_BITS + i;
    scratchTargets[i] = targets[start + i] ?? 0;
    scratchFlags[i] = flags[start + i] ?? 0;
  }

  const sorted = keys.subarray(0, length).sort();
  for (let i = 0; i < length; i++) {
    const key = sorted[i] ?? 0;
    const from = key % POSITION_BITS;
    bits[start + i] = FLOAT32_INFINITY_BITS - (key - from) / POSITION_BITS;
    targets[start + i] = scratchTargets[from] ?? 0;
    flags[start + i] = scratchFlags[from] ?? 0;
  }
}

/** Lists too long for packed keys (over four million hops) sort with a comparator instead. */
function sortLongList(
  start: number,
  length: number,
  bits: Uint32Array,
  targets: Int32Array,
  flags: Uint8Array,
): void {
  const order = Array.from({ length }, (_, i) => start + i);
  order.sort((x, y) => (bits[y] ?? 0) - (bits[x] ?? 0) || x - y);
  const sortedBits = Uint32Array.from(order, (slot) => bits[slot] ?? 0);
  const sortedTargets = Int32Array.from(order, (slot) => targets[slot] ?? 0);
  const sortedFlags = Uint8Array.from(order, (slot) => flags[slot] ?? 0);
  bits.set(sortedBits, start);
  targets.set(sortedTargets, start);
  flags.set(sortedFlags, start);
}
