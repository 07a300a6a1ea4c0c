import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNetwork } from '../generate/generate-network.ts';
import { resolveNetworkSpec } from '../generate/network-spec.ts';
import type { SeedNetwork } from '../network.ts';
import { recordKinds, type SeedSource } from '../seed-source.ts';
import {
  checksumByPrefix,
  connectTestNeo4j,
  countByPrefix,
  createTestPrefix,
  deleteByPrefix,
} from '../testing/neo4j-test-support.ts';
import { applySchema } from './apply-schema.ts';
import { FreshLoadConflictError, LoadInterruptedError } from './load-errors.ts';
import { loadNetwork } from './load-network.ts';
import { loadSource } from './load-source.ts';

const NOW = new Date('2026-01-15T12:00:00Z');
const prefixes: string[] = [];
let driver: Driver;

function smallNetwork(label: string, people = 400) {
  const prefix = createTestPrefix(label);
  prefixes.push(prefix);
  return generateNetwork(resolveNetworkSpec('demo', { people, idPrefix: prefix }), 21);
}

function expectedRelationships(network: SeedNetwork): Record<string, number> {
  const roles = (role: string) => network.roles.filter((r) => r.role === role).length;
  return {
    TRUSTS: network.trust.length,
    OWNS: roles('OWNS'),
    WORKS_AT: roles('WORKS_AT'),
    CUSTOMER_OF: network.customers.length,
    REFERRED: network.referrals.length,
    LEAD_OF: network.leads.length,
  };
}

/** Rows in the first `count` batches a load of `source` writes, in load order. */
function rowsInFirstBatches(source: SeedSource, batchSize: number, count: number): number {
  const sizes = recordKinds.flatMap((kind) =>
    [...source.batches(kind, batchSize)].map((b) => b.length),
  );
  return sizes.slice(0, count).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  driver = connectTestNeo4j();
  await applySchema(driver);
});

afterAll(async () => {
  for (const prefix of prefixes) {
    await deleteByPrefix(driver, prefix);
  }
  await driver.close();
});

describe('loadNetwork', () => {
  it('writes every record once and bumps the graph version', async () => {
    const generated = smallNetwork('load');
    const network = generated.toSeedNetwork();

    const summary = await loadNetwork(driver, network, { batchSize: 500, now: NOW });
    const counts = await countByPrefix(driver, generated.spec.idPrefix);

    expect(summary.total.created).toBe(summary.total.rows);
    expect(summary.graphVersion).toBeGreaterThan(0);
    expect(counts.people).toBe(network.people.length);
    expect(counts.businesses).toBe(network.businesses.length);
    expect(counts.relationships).toEqual(expectedRelationships(network));
  });

  it('creates nothing when the same network is loaded again', async () => {
    const network = smallNetwork('idempotent').toSeedNetwork();
    await loadNetwork(driver, network, { batchSize: 500, now: NOW });

    const second = await loadNetwork(driver, network, { batchSize: 500, now: NOW });

    expect(second.total.created).toBe(0);
    expect(second.total.updated).toBe(0);
    expect(second.total.unchanged).toBe(second.total.rows);
    expect(second.graphVersion).toBeNull();
  });

  it('updates only the records whose properties changed', async () => {
    const network = smallNetwork('update').toSeedNetwork();
    await loadNetwork(driver, network, { batchSize: 500, now: NOW });
    const [first, ...rest] = network.trust;
    const changed: SeedNetwork = {
      ...network,
      people: network.people.map((p, i) => (i === 0 ? { ...p, name: `${p.name} Jr` } : p)),
      trust: [{ ...first!, strength: first!.strength === 1 ? 0.5 : 1, distrust: false }, ...rest],
    };

    const summary = await loadNetwork(driver, changed, { batchSize: 500, now: NOW });

    expect(summary.byKind.people.updated).toBe(1);
    expect(summary.byKind.trust.updated).toBe(1);
    expect(summary.total.created).toBe(0);
    expect(summary.graphVersion).not.toBeNull();
  });
});

describe('loadSource', () => {
  it('resumes an interrupted load and ends with the same graph as an uninterrupted one', async () => {
    const whole = smallNetwork('whole');
    const resumed = smallNetwork('resumed');
    await loadSource(driver, whole, { batchSize: 300, now: NOW });

    const interrupted = loadSource(driver, resumed, {
      batchSize: 300,
      now: NOW,
      failAfterBatches: 7,
    });
    await expect(interrupted).rejects.toBeInstanceOf(LoadInterruptedError);
    const partial = await countByPrefix(driver, resumed.spec.idPrefix);
    const summary = await loadSource(driver, resumed, { batchSize: 300, now: NOW });

    expect(partial.people).toBeGreaterThan(0);
    expect(summary.total.resumed).toBeGreaterThanOrEqual(rowsInFirstBatches(resumed, 300, 7));
    expect(summary.total.created + summary.total.resumed).toBe(summary.total.rows);
    expect(await checksumByPrefix(driver, resumed.spec.idPrefix)).toBe(
      await checksumByPrefix(driver, whole.spec.idPrefix),
    );
  });

  it('resumes an interrupted fresh load with two batches in flight to the same graph', async () => {
    const whole = smallNetwork('fresh-whole');
    const resumed = smallNetwork('fresh-resumed');
    await loadSource(driver, whole, { batchSize: 300, fresh: true, now: NOW });

    const interrupted = loadSource(driver, resumed, {
      batchSize: 300,
      concurrency: 2,
      fresh: true,
      now: NOW,
      failAfterBatches: 9,
    });
    await expect(interrupted).rejects.toBeInstanceOf(LoadInterruptedError);
    const summary = await loadSource(driver, resumed, {
      batchSize: 300,
      concurrency: 2,
      fresh: true,
      now: NOW,
    });

    expect(summary.total.resumed).toBeGreaterThanOrEqual(rowsInFirstBatches(resumed, 300, 9));
    expect(summary.total.created + summary.total.resumed).toBe(summary.total.rows);
    expect(await checksumByPrefix(driver, resumed.spec.idPrefix)).toBe(
      await checksumByPrefix(driver, whole.spec.idPrefix),
    );
  });

  it('removes its checkpoints once the load completes', async () => {
    const network = smallNetwork('checkpoints', 150);

    const summary = await loadSource(driver, network, { batchSize: 200, now: NOW });
    const { records } = await driver.executeQuery(
      'MATCH (c:ImportCheckpoint {key: $key}) RETURN count(c) AS n',
      { key: summary.key },
    );

    expect(Number(records[0]?.get('n'))).toBe(0);
  });

  it('ends without duplicates when two loads of overlapping networks run at once', async () => {
    const network = smallNetwork('overlap', 600);
    const seed = network.toSeedNetwork();
    const firstHalf: SeedNetwork = {
      ...seed,
      trust: seed.trust.slice(0, Math.ceil(seed.trust.length * 0.7)),
    };
    const secondHalf: SeedNetwork = {
      ...seed,
      trust: seed.trust.slice(Math.floor(seed.trust.length * 0.3)),
    };

    const [a, b] = await Promise.all([
      loadNetwork(driver, firstHalf, { batchSize: 400, now: NOW }),
      loadNetwork(driver, secondHalf, { batchSize: 400, now: NOW }),
    ]);
    const counts = await countByPrefix(driver, network.spec.idPrefix);

    expect(counts.people).toBe(seed.people.length);
    expect(counts.relationships).toEqual(expectedRelationships(seed));
    expect(a.byKind.people.created + b.byKind.people.created).toBe(seed.people.length);
    expect(a.byKind.trust.created + b.byKind.trust.created).toBe(seed.trust.length);
  });

  it('creates with --fresh and refuses a second fresh load of the same ids', async () => {
    const network = smallNetwork('fresh');

    const summary = await loadSource(driver, network, { batchSize: 500, fresh: true, now: NOW });
    const again = loadSource(driver, network, { batchSize: 500, fresh: true, now: NOW });

    expect(summary.total.created).toBe(summary.total.rows);
    await expect(again).rejects.toBeInstanceOf(FreshLoadConflictError);
    expect((await countByPrefix(driver, network.spec.idPrefix)).people).toBe(
      network.count('people'),
    );
  });
});
