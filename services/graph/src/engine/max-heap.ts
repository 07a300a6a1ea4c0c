/**
 * A binary max-heap of (key, a, b) triples in growable typed arrays, reused across searches so a
 * query allocates nothing per entry. Equal keys are ordered by `isBefore` when given.
 */
export class MaxHeap {
  private keys = new Float64Array(1024);
  private as = new Int32Array(1024);
  private bs = new Int32Array(1024);
  private count = 0;

  /** Fields of the entry the last `pop` removed. */
  poppedKey = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(
    private readonly isBefore?: (a1: number, b1: number, a2: number, b2: number) => boolean,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The largest key, or -Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? (this.keys[0] ?? 0) : -Infinity;
  }

  clear(): void {
    this.count = 0;
  }

  push(key: number, a: number, b: number): void {
    if (this.count === this.keys.length) {
      this.grow();
    }

    let at = this.count++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.precedes(key, a, b, parent)) {
        break;
      }

      this.move(parent, at);
      at = parent;
    }

    this.place(at, key, a, b);
  }

  /** Removes the top entry into `poppedKey`, `poppedA`, `poppedB`; the heap must not be empty. */
  pop(): void {
    this.poppedKey = this.keys[0] ?? 0;
    this.poppedA = this.as[0] ?? 0;
    this.poppedB = this.bs[0] ?? 0;
    const last = --this.count;
    if (last === 0) {
      return;
    }

    const key = this.keys[last] ?? 0;
    const a = this.as[last] ?? 0;
    const b = this.bs[last] ?? 0;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= last) {
        break;
      }

      const right = child + 1;
      if (
        right < last &&
        this.precedes(this.keys[right] ?? 0, this.as[right] ?? 0, this.bs[right] ?? 0, child)
      ) {
        child = right;
      }

      if (!this.entryPrecedes(child, key, a, b)) {
        break;
      }

      this.move(child, at);
      at = child;
    }

    this.place(at, key, a, b);
  }

  /** Whether (key, a, b) goes before the entry at `slot`. */
  private precedes(key: number, a: number, b: number, slot: number): boolean {
    const other = this.keys[slot] ?? 0;
    if (key !== other) {
      return key > other;
    }

    return this.isBefore ? this.isBefore(a, b, this.as[slot] ?? 0, this.bs[slot] ?? 0) : false;
  }

  /** Whether the entry at `slot` goes before (key, a, b). */
  private entryPrecedes(slot: number, key: number, a: number, b: number): boolean {
    const own = this.keys[slot] ?? 0;
    if (own !== key) {
      return own > key;
    }

    return this.isBefore ? this.isBefore(this.as[slot] ?? 0, this.bs[slot] ?? 0, a, b) : false;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from] ?? 0;
    this.as[to] = this.as[from] ?? 0;
    this.bs[to] = this.bs[from] ?? 0;
  }

  private place(at: number, key: number, a: number, b: number): void {
    this.keys[at] = key;
    this.as[at] = a;
    this.bs[at] = b;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const as = new Int32Array(this.as.length * 2);
    as.set(this.as);
    this.as = as;
    const bs = new Int32Array(this.bs.length * 2);
    bs.set(this.bs);
    this.bs = bs;
  }
}
