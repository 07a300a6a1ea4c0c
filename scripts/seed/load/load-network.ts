import type { Driver } from 'neo4j-driver';
import { hashText } from '../generate/generate-network.ts';
import type { SeedNetwork } from '../network.ts';
import { createNetworkSource } from '../seed-source.ts';
import { loadSource, type LoadOptions } from './load-source.ts';
import type { LoadSummary } from './load-summary.ts';

/**
 * Loads a small in-memory network (the demo town, the hand-built test networks) with MERGE, so
 * loading it twice changes nothing. For large networks stream a SeedSource to loadSource.
 */
export async function loadNetwork(
  driver: Driver,
  network: SeedNetwork,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  const source = createNetworkSource(network, hashText(JSON.stringify(network)));
  return loadSource(driver, source, options);
}
