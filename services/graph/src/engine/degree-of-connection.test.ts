import { describe, expect, it } from 'vitest';
import { HopLimitExceededError, NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import { findDegreeOfConnection } from './degree-of-connection.ts';
import { projectSmallNetwork } from './test-support/small-networks.ts';

const people = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
const chain = projectSmallNetwork({
  people: [...people, 'x-', 'y'],
  businesses: ['shop'],
  ties: [
    ...people.slice(1).map((id, i) => ({ from: people[i] ?? '', to: id, strength: 0.1 })),
    { from: 'p0', to: 'x' },
    { from: 'x', to: 'p6' },
    { from: 'y', to: 'p3', distrust: true, strength: 0 },
  ],
  roles: [['p3', 'shop', 'OWNS']],
});

describe('findDegreeOfConnection', () => {
  it('counts the fewest usable hops regardless of warmth', () => {
    expect(findDegreeOfConnection(chain, 'p0', 'p6', 6)).toBe(6);
    expect(findDegreeOfConnection(chain, 'p0', 'p2', 6)).toBe(2);
    expect(findDegreeOfConnection(chain, 'p0', 'p0', 1)).toBe(0);
  });

  it('never passes through an opted-out person, but reaches one at the end', () => {
    expect(findDegreeOfConnection(chain, 'p0', 'x', 6)).toBe(1);
    expect(findDegreeOfConnection(chain, 'x', 'p1', 6)).toBe(2);
    expect(findDegreeOfConnection(chain, 'p0', 'p6', 5)).toBeNull();
  });

  it('reaches a business through the last person before it and ignores distrust', () => {
    expect(findDegreeOfConnection(chain, 'p0', 'shop', 6)).toBe(4);
    expect(findDegreeOfConnection(chain, 'p3', 'shop', 1)).toBe(1);
    expect(findDegreeOfConnection(chain, 'y', 'p3', 6)).toBeNull();
    expect(findDegreeOfConnection(chain, 'p0', 'shop', 3)).toBeNull();
  });

  it('rejects bad arguments', () => {
    expect(() => findDegreeOfConnection(chain, 'p0', 'p1', 7)).toThrow(HopLimitExceededError);
    expect(() => findDegreeOfConnection(chain, 'shop', 'p1', 3)).toThrow(PersonNotFoundError);
    expect(() => findDegreeOfConnection(chain, 'p0', 'nobody', 3)).toThrow(NodeNotFoundError);
  });
});
