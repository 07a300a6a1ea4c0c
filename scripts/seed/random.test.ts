import { describe, expect, it } from 'vitest';
import { createRandom, createWeightedSampler } from './random.ts';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);

    const first = Array.from({ length: 5 }, () => a.next());
    const second = Array.from({ length: 5 }, () => b.next());

    expect(first).toEqual(second);
  });

  it('gives a different sequence for a different seed', () => {
    const a = createRandom(1);
    const b = createRandom(2);

    expect(a.next()).not.toEqual(b.next());
  });

  it('stays within [0, 1) and spreads evenly', () => {
    const random = createRandom(7);

    const draws = Array.from({ length: 20_000 }, () => random.next());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;

    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe('createWeightedSampler', () => {
  it('samples indices in proportion to their weights and never a zero weight', () => {
    const sample = createWeightedSampler([1, 0, 3]);
    const random = createRandom(3);

    const counts = [0, 0, 0];
    for (let i = 0; i < 8_000; i++) {
      counts[sample(random)]!++;
    }

    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4);
  });
});
