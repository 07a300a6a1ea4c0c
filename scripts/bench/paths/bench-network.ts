import type { Driver } from 'neo4j-driver';
import { generateNetwork, type GeneratedNetwork } from '../../seed/generate/generate-network.ts';
import { resolveNetworkSpec } from '../../seed/generate/network-spec.ts';
import { applySchema } from '../../seed/load/apply-schema.ts';
import { loadSource } from '../../seed/load/load-source.ts';

/** Fixed, so every run of the benchmark measures the same graph. */
export const BENCH_SEED = 1;

export interface BenchNetwork {
  readonly network: GeneratedNetwork;
  /** Whether this run loaded the network (false when Neo4j already held it). */
  readonly loaded: boolean;
  readonly loadMs: number;
}

/**
 * Generates the `large` spec resized to `people`, deterministically. Other sizes get an id prefix
 * so they can share a database with the full-size network without clashing ids.
 */
export function generateBenchNetwork(people: number): GeneratedNetwork {
  const idPrefix = people === 1_000_000 ? '' : `bench${people}-`;
  const spec = resolveNetworkSpec('large', { people, idPrefix });

  return generateNetwork(spec, BENCH_SEED);
}

/**
 * Loads the network into Neo4j with the seed loader's fresh (CREATE) mode unless a
 * `(:BenchNetwork {fingerprint})` marker says this exact network is already there, so reruns
 * skip the load. The marker is written only after a complete load.
 */
export async function ensureLoaded(
  driver: Driver,
  network: GeneratedNetwork,
  log: (line: string) => void,
): Promise<BenchNetwork> {
  const marker = await driver.executeQuery(
    'MATCH (m:BenchNetwork {fingerprint: $fingerprint}) RETURN count(m) AS n',
    { fingerprint: network.fingerprint },
  );
  if (Number(marker.records[0]?.get('n') ?? 0) > 0) {
    log(`neo4j already holds network ${network.fingerprint.slice(0, 12)}`);
    return { network, loaded: false, loadMs: 0 };
  }

  const startedMs = performance.now();
  await applySchema(driver);
  let lastLogMs = startedMs;
  await loadSource(driver, network, {
    batchSize: 20_000,
    fresh: true,
    onProgress: (progress) => {
      if (performance.now() - lastLogMs > 15_000) {
        lastLogMs = performance.now();
        log(`  loading ${progress.kind}: ${progress.rowsDone}/${progress.rowsTotal} rows`);
      }
    },
  });
  await driver.executeQuery('CREATE (:BenchNetwork {fingerprint: $fingerprint, people: $people})', {
    fingerprint: network.fingerprint,
    people: network.spec.people,
  });
  const loadMs = performance.now() - startedMs;
  log(`loaded network into neo4j in ${Math.round(loadMs / 1000)} s`);

  return { network, loaded: true, loadMs };
}
