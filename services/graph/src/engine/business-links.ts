import type { WarmthModel } from '../domain/warmth.ts';
import { scoreFinalHop, type StoredTie } from './hop-scoring.ts';

const NO_TIE = -1;

/** The final hops into one business, strongest first; what the search reads. */
export interface FinalHops {
  readonly persons: Int32Array;
  readonly strengths: Float32Array;
  readonly kinds: Uint8Array;
}

const emptyFinalHops: FinalHops = {
  persons: new Int32Array(0),
  strengths: new Float32Array(0),
  kinds: new Uint8Array(0),
};

/**
 * Everything tying people to one business: roles as bits (1 << KIND_OWNS, 1 << KIND_WORKS_AT) and
 * each person's own trust tie, in parallel arrays so a link costs a few numbers, not an object.
 */
export class BusinessLinks {
  private readonly persons: number[] = [];
  private readonly roleBits: number[] = [];
  private readonly tieStrength: number[] = [];
  private readonly tieTime: number[] = [];
  private readonly tieFlags: number[] = [];
  /** Person index to link slot, so a change costs O(1) even for a business with many customers. */
  private readonly slots = new Map<number, number>();
  private final: FinalHops | null = null;

  get size(): number {
    return this.persons.length;
  }

  /** Trust ties (distrust included) from people to this business. */
  get tieCount(): number {
    let count = 0;
    for (const flags of this.tieFlags) {
      count += flags === NO_TIE ? 0 : 1;
    }

    return count;
  }

  /** Sets or clears one role bit of a person's link. */
  setRole(person: number, roleKind: number, on: boolean): void {
    const at = this.slotOf(person, on);
    if (at < 0) {
      return;
    }

    const bit = 1 << roleKind;
    this.roleBits[at] = on ? (this.roleBits[at] ?? 0) | bit : (this.roleBits[at] ?? 0) & ~bit;
    this.dropIfEmpty(at);
  }

  /** Sets a person's trust tie to the business, or removes it when `tie` is undefined. */
  setTie(person: number, tie: StoredTie | undefined): void {
    const at = this.slotOf(person, tie !== undefined);
    if (at < 0) {
      return;
    }

    this.tieStrength[at] = tie ? tie.strength : 0;
    this.tieTime[at] = tie ? tie.lastInteractionAtMs : 0;
    this.tieFlags[at] = tie ? tie.flags : NO_TIE;
    this.dropIfEmpty(at);
  }

  removePerson(person: number): void {
    const at = this.slots.get(person);
    if (at !== undefined) {
      this.removeAt(at);
    }
  }

  /** The person's trust tie to the business, if any. */
  tieOf(person: number): StoredTie | undefined {
    const at = this.slots.get(person) ?? -1;
    const flags = at >= 0 ? (this.tieFlags[at] ?? NO_TIE) : NO_TIE;
    if (flags === NO_TIE) {
      return undefined;
    }

    return {
      strength: this.tieStrength[at] ?? 0,
      flags,
      lastInteractionAtMs: this.tieTime[at] ?? 0,
    };
  }

  roleBitsOf(person: number): number {
    const at = this.slots.get(person) ?? -1;

    return at >= 0 ? (this.roleBits[at] ?? 0) : 0;
  }

  /** Calls `visit` for every linked person (roles or a tie of any kind). */
  forEachPerson(visit: (person: number) => void): void {
    for (const person of this.persons) {
      visit(person);
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

  /** Approximate heap bytes: five numbers and a map entry per link, plus the final-hop arrays. */
  memoryBytes(): number {
    const final = this.final ? this.final.persons.length * 9 : 0;

    return this.persons.length * (5 * 8 + 40) + final + 200;
  }

  private computeFinalHops(nowMs: number, model: WarmthModel): FinalHops {
    const entries: { person: number; strength: number; kind: number }[] = [];
    const out = { strength: 0 };
    for (let i = 0; i < this.persons.length; i++) {
      const kind = scoreFinalHop(this.roleBits[i] ?? 0, this.tieAt(i), nowMs, model, out);
      if (kind >= 0 && out.strength > 0) {
        entries.push({ person: this.persons[i] ?? 0, strength: out.strength, kind });
      }
    }

    if (entries.length === 0) {
      return emptyFinalHops;
    }

    entries.sort((x, y) => y.strength - x.strength || x.person - y.person);

    return {
      persons: Int32Array.from(entries, (entry) => entry.person),
      strengths: Float32Array.from(entries, (entry) => entry.strength),
      kinds: Uint8Array.from(entries, (entry) => entry.kind),
    };
  }

  private tieAt(at: number): StoredTie | undefined {
    const flags = this.tieFlags[at] ?? NO_TIE;

    return flags === NO_TIE
      ? undefined
      : { strength: this.tieStrength[at] ?? 0, flags, lastInteractionAtMs: this.tieTime[at] ?? 0 };
  }

  private slotOf(person: number, create: boolean): number {
    this.final = null;
    const at = this.slots.get(person) ?? -1;
    if (at >= 0 || !create) {
      return at;
    }

    this.slots.set(person, this.persons.length);
    this.persons.push(person);
    this.roleBits.push(0);
    this.tieStrength.push(0);
    this.tieTime.push(0);
    this.tieFlags.push(NO_TIE);

    return this.persons.length - 1;
  }

  private dropIfEmpty(at: number): void {
    if ((this.roleBits[at] ?? 0) === 0 && (this.tieFlags[at] ?? NO_TIE) === NO_TIE) {
      this.removeAt(at);
    }
  }

  private removeAt(at: number): void {
    this.final = null;
    const last = this.persons.length - 1;
    const moved = this.persons[last] ?? 0;
    this.slots.delete(this.persons[at] ?? 0);
    if (at !== last) {
      this.slots.set(moved, at);
    }

    for (const column of [
      this.persons,
      this.roleBits,
      this.tieStrength,
      this.tieTime,
      this.tieFlags,
    ]) {
      column[at] = column[last] ?? 0;
      column.pop();
    }
  }
}
