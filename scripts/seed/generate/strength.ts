import type { Random } from '../random.ts';

/**
 * Counts of the positive ratings 1..10 in SNAP's bitcoin-otc trust network (from the dataset's
 * README). Most ties are weak: a rating of 1 is 63% of all positive ratings.
 */
export const bitcoinOtcPositiveRatings = [
  20048, 5562, 2561, 967, 1268, 265, 208, 277, 108, 765,
] as const;

export interface StrengthSampler {
  /** A strength in {0.1, 0.2, ..., 1.0} drawn from ratings at or above `minRating`. */
  sample(random: Random, minRating?: number): number;
}

export function createStrengthSampler(
  counts: readonly number[] = bitcoinOtcPositiveRatings,
): StrengthSampler {
  const tails = counts.map((_, start) => cumulativeFrom(counts, start));

  return {
    sample(random, minRating = 1) {
      const start = Math.min(Math.max(1, minRating), counts.length) - 1;
      const tail = tails[start];
      if (!tail) {
        return 1;
      }

      const x = random.next() * tail.total;
      const offset = tail.cumulative.findIndex((c) => c > x);
      return (start + (offset < 0 ? tail.cumulative.length - 1 : offset) + 1) / 10;
    },
  };
}

function cumulativeFrom(
  counts: readonly number[],
  start: number,
): { cumulative: number[]; total: number } {
  const cumulative: number[] = [];
  let total = 0;
  for (const count of counts.slice(start)) {
    total += count;
    cumulative.push(total);
  }
  return { cumulative, total };
}
