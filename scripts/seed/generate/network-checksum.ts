import { createHash } from 'node:crypto';
import { recordKinds, type SeedSource } from '../seed-source.ts';

/** A sha256 over every record of a source, in order: equal checksums mean equal networks. */
export function computeNetworkChecksum(source: SeedSource, batchSize = 10_000): string {
  const hash = createHash('sha256');
  for (const kind of recordKinds) {
    hash.update(`${kind}\n`);
    for (const batch of source.batches(kind, batchSize)) {
      for (const record of batch) {
        hash.update(JSON.stringify(record)).update('\n');
      }
    }
  }
  return hash.digest('hex');
}
