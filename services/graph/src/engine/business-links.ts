import type { WarmthModel } from '../domain/warmth.ts';
import { scoreFinalHop, type StoredTie } from './hop-scoring.ts';

/** Tie flags use four bits (distrust and context), so a byte above them marks "no tie". */
const NO_TIE = 0xff;
/** Above this many links a person-to-slot map beats scanning for the person. */
const SLOT_MAP_MIN_LINKS = 32;
/** Below this many the map goes again; the gap keeps a business near the bound from churning. */
const SLOT_MAP_DROP_LINKS = 16;
const MIN_CAPACITY = 4;

/** One link's row: last interaction time, person, strength, role bits, tie flags. */
const TIME_AT = 0;
const PERSON_AT = 8;
const STRENGTH_AT = 12;
const ROLES_AT = 16;
const FLAGS_AT = 17;
const LINK_BYTES = 18;

/**
 * Fixed costs measured on Node 24 (V8 13.6): the links object and its slot in the projection,
 * a buffer with its one view, a hash map, and the cached final hops (an object and three typed
 * arrays).
 */
const OBJECT_BYTES = 72;
const BUFFER_BYTES = 190;
const MAP_BYTES = 80;
/** A V8 hash map holds 3 words per entry and 1 bucket word per 2 entries, at power-of-2 sizes. */
const MAP_BYTES_PER_ENTRY = 28;
const FINAL_HOPS_BYTES = 700;

/** The final hops into one business, strongest first; what the search reads. */
export interface FinalHops {
  readonly persons: Int32Array;
  readonly strengths: Float32Array;
  readonly kinds: Uint8Array;
}

/** Shared by every business without links; never written, as `append` grows it first. */
const noLinks = new DataView(new ArrayBuffer(0));

const emptyFinalHops: FinalHops = {
  persons: new Int32Array(0),
  strengths: new Float32Array(0),
  kinds: new Uint8Array(0),
};

/**
 * Everything tying people to one business: roles as bits (1 << KIND_OWNS, 1 << KIND_WORKS_AT) and
 * each person's own trust tie, one 18-byte row per link in a single buffer, since each typed
 * array costs about 250 bytes of its own and most businesses hold only a few dozen links. Rows
 * `[0, size)` are live; removal moves the last row into the gap. A business with few links finds
 * a person by scanning; past `SLOT_MAP_MIN_LINKS` a map keeps each change O(1).
 */
export class BusinessLinks {
  private rows = noLinks;
  private count = 0;
  private ties = 0;
  private slots: Map<number, number> | null = null;
  private final: FinalHops | null = null;

  get size(): number {
    return this.count;
  }

  /** Trust ties (distrust included) from people to this business. */
  get tieCount(): number {
    return this.ties;
  }

  /** Sets or clears one role bit of a person's link. */
  setRole(person: number, roleKind: number, on: boolean): void {
    const at = this.slotOf(person, on);
    if (at < 0) {
      return;
    }

    const bit = 1 << roleKind;
    const bits = this.rows.getUint8(at * LINK_BYTES + ROLES_AT);
    this.rows.setUint8(at * LINK_BYTES + ROLES_AT, on ? bits | bit : bits & ~bit);
    this.dropIfEmpty(at);
  }

  /** Sets a person's trust tie to the business, or removes it when `tie` is undefined. */
  setTie(person: number, tie: StoredTie | undefined): void {
    const at = this.slotOf(person, tie !== undefined);
    if (at < 0) {
      return;
    }

    const row = at * LINK_BYTES;
    const flags = tie ? tie.flags : NO_TIE;
    const had = this.rows.getUint8(row + FLAGS_AT) !== NO_TIE;
    this.ties += (tie ? 1 : 0) - (had ? 1 : 0);
    this.rows.setFloat64(row + TIME_AT, tie ? tie.lastInteractionAtMs : 0, true);
    this.rows.setFloat32(row + STRENGTH_AT, tie ? tie.strength : 0, true);
    this.rows.setUint8(row + FLAGS_AT, flags);
    this.dropIfEmpty(at);
  }

  /** Drops every link of the person; returns whether there was one. */
  removePerson(person: number): boolean {
    const at = this.find(person);
    if (at >= 0) {
      this.removeAt(at);
    }

    return at >= 0;
  }

  /** The person's trust tie to the business, if any. */
  tieOf(person: number): StoredTie | undefined {
    const at = this.find(person);

    return at >= 0 ? this.tieAt(at) : undefined;
  }

  roleBitsOf(person: number): number {
    const at = this.find(person);

    return at >= 0 ? this.rows.getUint8(at * LINK_BYTES + ROLES_AT) : 0;
  }

  /** Calls `visit` for every linked person (roles or a tie of any kind). */
  forEachPerson(visit: (person: number) => void): void {
    for (let at = 0; at < this.count; at++) {
      visit(this.personAt(at));
    }
  }

  /** Usable final hops, strongest first; recomputed only after a change. */
  finalHops(nowMs: number, model: WarmthModel): FinalHops {
    if (this.final) {
      return this.final;
    }

    this.final = this.computeFinalHops(nowMs, model);

    return this.final;
  }

  /** Shrinks the buffer to the links held, once a bulk load has added them all. */
  trim(): void {
    if (this.rows.byteLength !== this.count * LINK_BYTES) {
      this.resize(this.count);
    }
  }

  /**
   * Approximate heap bytes: the buffer's byteLength, the slot map when there is one, the cached
   * final hops, and a measured fixed cost per object (V8 does not expose their exact size).
   */
  memoryBytes(): number {
    let bytes = OBJECT_BYTES;
    if (this.rows.byteLength > 0) {
      bytes += BUFFER_BYTES + this.rows.byteLength;
    }

    if (this.slots) {
      bytes += MAP_BYTES + MAP_BYTES_PER_ENTRY * 2 ** Math.ceil(Math.log2(this.slots.size + 1));
    }

    if (this.final && this.final !== emptyFinalHops) {
      bytes += FINAL_HOPS_BYTES + this.final.persons.length * 9;
    }

    return bytes;
  }

  private computeFinalHops(nowMs: number, model: WarmthModel): FinalHops {
    const persons = new Int32Array(this.count);
    const strengths = new Float32Array(this.count);
    const kinds = new Uint8Array(this.count);
    const out = { strength: 0 };
    let usable = 0;
    for (let at = 0; at < this.count; at++) {
      const roleBits = this.rows.getUint8(at * LINK_BYTES + ROLES_AT);
      const kind = scoreFinalHop(roleBits, this.tieAt(at), nowMs, model, out);
      if (kind >= 0 && out.strength > 0) {
        persons[usable] = this.personAt(at);
        strengths[usable] = out.strength;
        kinds[usable] = kind;
        usable++;
      }
    }

    if (usable === 0) {
      return emptyFinalHops;
    }

    return sortFinalHops(persons, strengths, kinds, usable);
  }

  private personAt(at: number): number {
    return this.rows.getInt32(at * LINK_BYTES + PERSON_AT, true);
  }

  private tieAt(at: number): StoredTie | undefined {
    const row = at * LINK_BYTES;
    const flags = this.rows.getUint8(row + FLAGS_AT);
    if (flags === NO_TIE) {
      return undefined;
    }

    return {
      strength: this.rows.getFloat32(row + STRENGTH_AT, true),
      flags,
      lastInteractionAtMs: this.rows.getFloat64(row + TIME_AT, true),
    };
  }

  /** The person's row, or -1. */
  private find(person: number): number {
    if (this.slots) {
      return this.slots.get(person) ?? -1;
    }

    for (let at = 0; at < this.count; at++) {
      if (this.personAt(at) === person) {
        return at;
      }
    }

    return -1;
  }

  private slotOf(person: number, create: boolean): number {
    this.final = null;
    const at = this.find(person);
    if (at >= 0 || !create) {
      return at;
    }

    return this.append(person);
  }

  private append(person: number): number {
    if (this.count * LINK_BYTES === this.rows.byteLength) {
      this.resize(Math.max(MIN_CAPACITY, Math.ceil(this.count * 1.5)));
    }

    const at = this.count++;
    const row = at * LINK_BYTES;
    this.rows.setFloat64(row + TIME_AT, 0, true);
    this.rows.setInt32(row + PERSON_AT, person, true);
    this.rows.setFloat32(row + STRENGTH_AT, 0, true);
    this.rows.setUint8(row + ROLES_AT, 0);
    this.rows.setUint8(row + FLAGS_AT, NO_TIE);
    if (this.slots) {
      this.slots.set(person, at);
    } else if (this.count > SLOT_MAP_MIN_LINKS) {
      this.slots = this.buildSlotMap();
    }

    return at;
  }

  private dropIfEmpty(at: number): void {
    const row = at * LINK_BYTES;
    if (this.rows.getUint8(row + ROLES_AT) === 0 && this.rows.getUint8(row + FLAGS_AT) === NO_TIE) {
      this.removeAt(at);
    }
  }

  private removeAt(at: number): void {
    this.final = null;
    const last = --this.count;
    this.ties -= this.rows.getUint8(at * LINK_BYTES + FLAGS_AT) === NO_TIE ? 0 : 1;
    this.slots?.delete(this.personAt(at));
    if (at !== last) {
      this.moveRow(last, at);
    }

    if (this.slots && this.count < SLOT_MAP_DROP_LINKS) {
      this.slots = null;
    }

    const capacity = this.rows.byteLength / LINK_BYTES;
    if (this.count * 3 < capacity && capacity > MIN_CAPACITY) {
      this.resize(Math.ceil(this.count * 1.5));
    }
  }

  private moveRow(from: number, to: number): void {
    const person = this.personAt(from);
    new Uint8Array(this.rows.buffer).copyWithin(
      to * LINK_BYTES,
      from * LINK_BYTES,
      (from + 1) * LINK_BYTES,
    );
    this.slots?.set(person, to);
  }

  private buildSlotMap(): Map<number, number> {
    const slots = new Map<number, number>();
    for (let at = 0; at < this.count; at++) {
      slots.set(this.personAt(at), at);
    }

    return slots;
  }

  /** Moves the live rows into a buffer of `capacity` rows; the shared empty one is never moved. */
  private resize(capacity: number): void {
    const bytes = capacity * LINK_BYTES;
    if (bytes === 0) {
      this.rows = noLinks;
    } else if (this.rows === noLinks) {
      this.rows = new DataView(new ArrayBuffer(bytes));
    } else {
      this.rows = new DataView(this.rows.buffer.transfer(bytes));
    }
  }
}

/** Orders the first `count` hops strongest first, ties by person index. */
function sortFinalHops(
  persons: Int32Array,
  strengths: Float32Array,
  kinds: Uint8Array,
  count: number,
): FinalHops {
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort(
    (x, y) => (strengths[y] ?? 0) - (strengths[x] ?? 0) || (persons[x] ?? 0) - (persons[y] ?? 0),
  );

  return {
    persons: Int32Array.from(order, (i) => persons[i] ?? 0),
    strengths: Float32Array.from(order, (i) => strengths[i] ?? 0),
    kinds: Uint8Array.from(order, (i) => kinds[i] ?? 0),
  };
}
