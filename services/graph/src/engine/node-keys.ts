/** Keys up to this go in a flat array; sparser keys fall back to a Map. */
const MAX_DENSE_KEY = 1 << 26;

/**
 * Maps a source's node keys to projection indices: people as index + 1, businesses as
 * -(index + 1), unknown keys as 0. Neo4j's internal ids are dense, so a growable Int32Array
 * (4 bytes per key, no per-entry allocation) serves them; any key past MAX_DENSE_KEY uses a Map.
 */
export class NodeKeys {
  private dense = new Int32Array(1024);
  private readonly sparse = new Map<number, number>();

  setPerson(key: number, person: number): void {
    this.set(key, person + 1);
  }

  setBusiness(key: number, business: number): void {
    this.set(key, -(business + 1));
  }

  /** The person index for `key`, or -1. */
  person(key: number): number {
    const value = this.get(key);

    return value > 0 ? value - 1 : -1;
  }

  /** The business index for `key`, or -1. */
  business(key: number): number {
    const value = this.get(key);

    return value < 0 ? -value - 1 : -1;
  }

  private get(key: number): number {
    if (key >= 0 && key < this.dense.length) {
      return this.dense[key] ?? 0;
    }

    return this.sparse.get(key) ?? 0;
  }

  private set(key: number, value: number): void {
    if (!Number.isInteger(key) || key < 0 || key >= MAX_DENSE_KEY) {
      this.sparse.set(key, value);
      return;
    }

    if (key >= this.dense.length) {
      let length = this.dense.length * 2;
      while (length <= key) {
        length *= 2;
      }

      const grown = new Int32Array(length);
      grown.set(this.dense);
      this.dense = grown;
    }

    this.dense[key] = value;
  }
}
