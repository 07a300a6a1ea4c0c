/**
 * Directed ties held as parallel typed arrays: ten million ties take about 200 MB here, where as
 * objects they would take gigabytes. At most one tie per ordered pair, enforced by an
 * open-addressing hash set over `from * targetCount + to`.
 */
export class EdgeColumns {
  from: Int32Array;
  to: Int32Array;
  strength: Float32Array;
  /** Index into `trustContexts`. */
  context: Uint8Array;
  distrust: Uint8Array;
  /** Seconds since the epoch; Uint32 lasts until 2106 and halves the memory of milliseconds. */
  sinceSec: Uint32Array;
  lastInteractionSec: Uint32Array;
  length = 0;
  private readonly pairs: PairSet;

  constructor(
    readonly targetCount: number,
    expected: number,
  ) {
    const capacity = Math.max(16, expected);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.strength = new Float32Array(capacity);
    this.context = new Uint8Array(capacity);
    this.distrust = new Uint8Array(capacity);
    this.sinceSec = new Uint32Array(capacity);
    this.lastInteractionSec = new Uint32Array(capacity);
    this.pairs = new PairSet(capacity);
  }

  has(from: number, to: number): boolean {
    return this.pairs.has(from * this.targetCount + to + 1);
  }

  /** Adds the tie unless the pair already has one; returns its index, or -1 when it existed. */
  add(from: number, to: number): number {
    if (!this.pairs.add(from * this.targetCount + to + 1)) {
      return -1;
    }
    if (this.length === this.from.length) {
      this.grow();
    }

    const index = this.length++;
    this.from[index] = from;
    this.to[index] = to;
    return index;
  }

  private grow(): void {
    const capacity = this.from.length * 2;
    this.from = resize(this.from, new Int32Array(capacity));
    this.to = resize(this.to, new Int32Array(capacity));
    this.strength = resize(this.strength, new Float32Array(capacity));
    this.context = resize(this.context, new Uint8Array(capacity));
    this.distrust = resize(this.distrust, new Uint8Array(capacity));
    this.sinceSec = resize(this.sinceSec, new Uint32Array(capacity));
    this.lastInteractionSec = resize(this.lastInteractionSec, new Uint32Array(capacity));
  }
}

function resize<T extends Int32Array | Float32Array | Uint8Array | Uint32Array>(
  old: T,
  next: T,
): T {
  next.set(old);
  return next;
}

/** A set of positive integers below 2^53, stored in a Float64Array with linear probing. */
export class PairSet {
  private keys: Float64Array;
  private size = 0;

  constructor(expected: number) {
    this.keys = new Float64Array(powerOfTwoAtLeast(expected * 2));
  }

  has(key: number): boolean {
    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const found = this.keys[slot];
      if (found === key) {
        return true;
      }
      if (found === 0) {
        return false;
      }
    }
  }

  /** Returns false when the key was already present. */
  add(key: number): boolean {
    if ((this.size + 1) * 2 > this.keys.length) {
      this.rehash();
    }

    const mask = this.keys.length - 1;
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const found = this.keys[slot];
      if (found === key) {
        return false;
      }
      if (found === 0) {
        this.keys[slot] = key;
        this.size++;
        return true;
      }
    }
  }

  private rehash(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    this.size = 0;
    for (const key of old) {
      if (key !== 0) {
        this.add(key);
      }
    }
  }
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = Math.floor(key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

function powerOfTwoAtLeast(n: number): number {
  let size = 16;
  while (size < n) {
    size *= 2;
  }
  return size;
}

/** Out-neighbour lists in compressed sparse row form: `targets[offsets[u]..offsets[u+1])`. */
export interface Adjacency {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Out-adjacency of the first `edges.length` ties, optionally adding every tie reversed too. */
export function buildAdjacency(
  edges: EdgeColumns,
  nodeCount: number,
  undirected: boolean,
): Adjacency {
  const offsets = new Int32Array(nodeCount + 1);
  for (let i = 0; i < edges.length; i++) {
    offsets[(edges.from[i] ?? 0) + 1]!++;
    if (undirected) {
      offsets[(edges.to[i] ?? 0) + 1]!++;
    }
  }
  for (let u = 0; u < nodeCount; u++) {
    offsets[u + 1]! += offsets[u] ?? 0;
  }

  const cursor = offsets.slice(0, nodeCount);
  const targets = new Int32Array(offsets[nodeCount] ?? 0);
  for (let i = 0; i < edges.length; i++) {
    const from = edges.from[i] ?? 0;
    const to = edges.to[i] ?? 0;
    targets[cursor[from]!++] = to;
    if (undirected) {
      targets[cursor[to]!++] = from;
    }
  }
  return { offsets, targets };
}
