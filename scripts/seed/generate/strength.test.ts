import { describe, expect, it } from 'vitest';
import { createRandom } from '../random.ts';
import { bitcoinOtcPositiveRatings, createStrengthSampler } from './strength.ts';

describe('createStrengthSampler', () => {
  it('follows the bitcoin-otc rating histogram', () => {
    const sampler = createStrengthSampler();
    const random = createRandom(9);
    const total = bitcoinOtcPositiveRatings.reduce((a, b) => a + b, 0);

    const draws = Array.from({ length: 50_000 }, () => sampler.sample(random));
    const weakShare = draws.filter((s) => s === 0.1).length / draws.length;

    expect(weakShare).toBeCloseTo(bitcoinOtcPositiveRatings[0] / total, 1);
  });

  it('draws only from ratings at or above the minimum', () => {
    const sampler = createStrengthSampler();
    const random = createRandom(9);

    const draws = Array.from({ length: 2_000 }, () => sampler.sample(random, 5));

    expect(Math.min(...draws)).toBe(0.5);
    expect(Math.max(...draws)).toBe(1);
  });
});
