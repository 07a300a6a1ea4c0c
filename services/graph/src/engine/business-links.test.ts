import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWarmthModel } from '../domain/warmth.ts';
import { BusinessLinks } from './business-links.ts';
import { KIND_OWNS, KIND_TRUSTS, KIND_WORKS_AT, type StoredTie } from './hop-scoring.ts';

const NOW_MS = Date.parse('2026-12-01');
const DISTRUST = 1;

function tie(strength: number, flags = 0): StoredTie {
  return { strength: Math.fround(strength), flags, lastInteractionAtMs: NOW_MS };
}

/** A business with a tie from each of `persons`, strength falling with position. */
function linksWithTies(persons: readonly number[]): BusinessLinks {
  const links = new BusinessLinks();
  persons.forEach((person, i) => links.setTie(person, tie(1 - i / 1000, (i % 8) << 1)));

  return links;
}

function linkedPersons(links: BusinessLinks): number[] {
  const persons: number[] = [];
  links.forEachPerson((person) => persons.push(person));

  return persons.sort((x, y) => x - y);
}

/** The same links kept in plain maps, to compare with after every change. */
class ReferenceLinks {
  readonly roles = new Map<number, number>();
  readonly ties = new Map<number, StoredTie>();

  setRole(person: number, kind: number, on: boolean): void {
    const bits = (this.roles.get(person) ?? 0) & ~(1 << kind);
    this.roles.set(person, on ? bits | (1 << kind) : bits);
  }

  setTie(person: number, stored: StoredTie | undefined): void {
    if (stored) {
      this.ties.set(person, stored);
    } else {
      this.ties.delete(person);
    }
  }

  removePerson(person: number): void {
    this.roles.delete(person);
    this.ties.delete(person);
  }

  persons(): number[] {
    const linked = new Set(this.ties.keys());
    for (const [person, bits] of this.roles) {
      if (bits !== 0) {
        linked.add(person);
      }
    }

    return [...linked].sort((x, y) => x - y);
  }
}

function expectSameLinks(links: BusinessLinks, reference: ReferenceLinks, probes: number): void {
  expect(linkedPersons(links)).toEqual(reference.persons());
  expect(links.size).toBe(reference.persons().length);
  expect(links.tieCount).toBe(reference.ties.size);
  for (let person = 0; person < probes; person++) {
    expect(links.tieOf(person)).toEqual(reference.ties.get(person));
    expect(links.roleBitsOf(person)).toBe(reference.roles.get(person) ?? 0);
  }
}

describe('BusinessLinks', () => {
  it('finds every person after growing past the slot map threshold', () => {
    const persons = Array.from({ length: 200 }, (_, i) => i * 7 + 3);

    const links = linksWithTies(persons);
    links.setRole(11, KIND_OWNS, true);

    expect(links.size).toBe(201);
    expect(links.tieCount).toBe(200);
    persons.forEach((person, i) => {
      expect(links.tieOf(person)?.strength).toBe(Math.fround(1 - i / 1000));
      expect(links.tieOf(person)?.flags).toBe((i % 8) << 1);
    });
    expect(links.roleBitsOf(11)).toBe(1 << KIND_OWNS);
    expect(links.tieOf(11)).toBeUndefined();
    expect(links.tieOf(4)).toBeUndefined();
  });

  it('keeps lookups right after removals below the slot map threshold', () => {
    const links = linksWithTies([5, 6, 7, 8]);
    links.setRole(9, KIND_WORKS_AT, true);

    links.removePerson(6);
    links.setTie(5, undefined);
    links.setRole(9, KIND_WORKS_AT, false);

    expect(linkedPersons(links)).toEqual([7, 8]);
    expect(links.tieOf(8)).toEqual(tie(1 - 3 / 1000, 3 << 1));
    expect(links.tieOf(7)).toEqual(tie(1 - 2 / 1000, 2 << 1));
    expect(links.tieOf(6)).toBeUndefined();
    expect(links.roleBitsOf(9)).toBe(0);
    expect(links.tieCount).toBe(2);
  });

  it('keeps lookups right after removals above the slot map threshold and back below it', () => {
    const persons = Array.from({ length: 100 }, (_, i) => 1000 - i);
    const links = linksWithTies(persons);

    const removed = persons.filter((_, i) => i % 10 !== 0);
    for (const person of removed.slice(0, 40)) {
      links.removePerson(person);
    }

    expect(links.size).toBe(60);
    expect(links.tieOf(removed[0] ?? 0)).toBeUndefined();
    expect(links.tieOf(persons[99] ?? 0)?.strength).toBe(Math.fround(1 - 99 / 1000));

    for (const person of removed.slice(40)) {
      links.setTie(person, undefined);
    }

    const kept = persons.filter((_, i) => i % 10 === 0);
    expect(linkedPersons(links)).toEqual(kept.sort((x, y) => x - y));
    expect(links.tieOf(persons[90] ?? 0)?.strength).toBe(Math.fround(1 - 90 / 1000));
    expect(links.tieCount).toBe(10);
  });

  it('matches plain maps after any sequence of changes, from up to 40 links', () => {
    const change = fc.record({
      person: fc.integer({ min: 0, max: 59 }),
      action: fc.constantFrom('role', 'tie', 'untie', 'remove'),
      kind: fc.constantFrom(KIND_OWNS, KIND_WORKS_AT),
      on: fc.boolean(),
      strength: fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }),
      flags: fc.integer({ min: 0, max: 15 }),
    });

    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(change, { maxLength: 300 }),
        (start, changes) => {
          const links = new BusinessLinks();
          const reference = new ReferenceLinks();
          for (let person = 0; person < start; person++) {
            links.setTie(person, tie(0.5));
            reference.setTie(person, tie(0.5));
          }

          for (const { person, action, kind, on, strength, flags } of changes) {
            const stored = action === 'tie' ? tie(strength, flags) : undefined;
            for (const target of [links, reference]) {
              if (action === 'role') {
                target.setRole(person, kind, on);
              } else if (action === 'remove') {
                target.removePerson(person);
              } else {
                target.setTie(person, stored);
              }
            }
          }

          expectSameLinks(links, reference, 60);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts distrust ties and a replaced tie once, and roles not at all', () => {
    const links = new BusinessLinks();

    links.setTie(1, tie(0.5));
    links.setTie(1, tie(0.7));
    links.setTie(2, tie(0, DISTRUST));
    links.setRole(3, KIND_OWNS, true);
    links.setRole(1, KIND_WORKS_AT, true);

    expect(links.tieCount).toBe(2);
    links.setTie(1, undefined);
    expect(links.tieCount).toBe(1);
    expect(links.size).toBe(3);
    links.removePerson(2);
    expect(links.tieCount).toBe(0);
  });

  it('orders final hops strongest first, ties by person index, without distrust', () => {
    const links = new BusinessLinks();
    links.setTie(4, tie(0.5));
    links.setTie(2, tie(0.5));
    links.setTie(3, tie(0.9, DISTRUST));
    links.setRole(7, KIND_WORKS_AT, true);
    links.setTie(7, tie(0.3));

    const hops = links.finalHops(NOW_MS, defaultWarmthModel);

    expect([...hops.persons]).toEqual([7, 2, 4]);
    expect([...hops.strengths]).toEqual([1, 0.5, 0.5]);
    expect([...hops.kinds]).toEqual([KIND_WORKS_AT, KIND_TRUSTS, KIND_TRUSTS]);
  });

  it('caches final hops until a change and recomputes them after one', () => {
    const links = linksWithTies([1, 2, 3]);
    const first = links.finalHops(NOW_MS, defaultWarmthModel);

    const cached = links.finalHops(NOW_MS, defaultWarmthModel);
    links.setTie(3, tie(1));
    const afterTie = links.finalHops(NOW_MS, defaultWarmthModel);
    links.removePerson(3);
    const afterRemoval = links.finalHops(NOW_MS, defaultWarmthModel);

    expect(cached).toBe(first);
    expect([...first.persons]).toEqual([1, 2, 3]);
    expect([...afterTie.persons]).toEqual([1, 3, 2]);
    expect([...afterRemoval.persons]).toEqual([1, 2]);
  });

  it('keeps every link when trimmed, and holds fewer bytes afterwards', () => {
    const persons = Array.from({ length: 50 }, (_, i) => i);
    const links = linksWithTies(persons);
    const untrimmedBytes = links.memoryBytes();

    links.trim();
    const trimmedBytes = links.memoryBytes();
    links.setTie(50, tie(0.2));

    expect(trimmedBytes).toBeLessThan(untrimmedBytes);
    expect(links.size).toBe(51);
    expect(links.tieOf(0)).toEqual(tie(1, 0));
    expect(links.tieOf(50)).toEqual(tie(0.2));
  });
});
