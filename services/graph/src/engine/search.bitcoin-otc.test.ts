import { describe, it } from 'vitest';
import { readBitcoinOtc } from '../../../../tests/fixtures/trust-datasets.ts';
import { expectDatasetMatchesReference } from './test-support/dataset-check.ts';

describe('findIntroPaths on the bitcoin-otc dataset', () => {
  it('matches the exhaustive reference on 1,000 seeded pairs at 3 hops, 4 for one pair in five', () => {
    expectDatasetMatchesReference(readBitcoinOtc(), 20251, 0.2);
  });
});
