import { describe, it } from 'vitest';
import { readAdvogato } from '../../../../tests/fixtures/trust-datasets.ts';
import { expectDatasetMatchesReference, NOW_MS } from './test-support/dataset-check.ts';

describe('findIntroPaths on the advogato dataset', () => {
  it('matches the exhaustive reference on 1,000 seeded pairs at 3 hops, 4 for one pair in ten', () => {
    expectDatasetMatchesReference(readAdvogato(NOW_MS), 20252, 0.1);
  });
});
