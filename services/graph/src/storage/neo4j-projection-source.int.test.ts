import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNetwork } from '../../../../scripts/seed/generate/generate-network.ts';
import { resolveNetworkSpec } from '../../../../scripts/seed/generate/network-spec.ts';
import { applySchema } from '../../../../scripts/seed/load/apply-schema.ts';
import { loadNetwork } from '../../../../scripts/seed/load/load-network.ts';
import type { SeedNetwork } from '../../../../scripts/seed/network.ts';
import {
  connectTestNeo4j,
  createTestPrefix,
  deleteByPrefix,
} from '../../../../scripts/seed/testing/neo4j-test-support.ts';
import { TrustProjection } from '../engine/projection.ts';
import { findIntroPaths } from '../engine/search.ts';
import { Neo4jProjectionSource } from './neo4j-projection-source.ts';

const NOW_MS = Date.UTC(2026, 0, 1);

/** A person's usable hops as comparable text: neighbour id, float32 strength, direction/context. */
function describeHops(projection: TrustProjection, id: string): string[] {
  const person = projection.personIndex(id);
  const hops = projection.hopsOf(person);
  const described: string[] = [];
  for (let slot = hops.start; slot < hops.end; slot++) {
    const neighbour = projection.personId(hops.targets[slot] ?? 0);
    described.push(`${neighbour}:${hops.strengths[slot]}:${hops.flags[slot]}`);
  }

  return described.sort();
}

function describeFinalHops(projection: TrustProjection, id: string): string[] {
  const finalHops = projection.finalHopsOf(projection.businessIndex(id));

  return Array.from(finalHops.persons, (person, i) => {
    return `${projection.personId(person)}:${finalHops.strengths[i]}:${finalHops.kinds[i]}`;
  }).sort();
}

describe('Neo4jProjectionSource', () => {
  const prefix = createTestPrefix('projection-source');
  let driver: Driver;
  let network: SeedNetwork;

  beforeAll(async () => {
    driver = connectTestNeo4j();
    await applySchema(driver);
    const spec = resolveNetworkSpec('demo', { people: 400, idPrefix: prefix });
    network = generateNetwork(spec, 7).toSeedNetwork();
    await loadNetwork(driver, network);
  });

  afterAll(async () => {
    await deleteByPrefix(driver, prefix);
    await driver.close();
  });

  it('builds the same hops, final hops and answers as the records it was loaded from', async () => {
    const expected = TrustProjection.fromNetwork(network, { nowMs: NOW_MS });

    const built = await TrustProjection.build(new Neo4jProjectionSource(driver), {
      nowMs: NOW_MS,
    });

    for (const person of network.people) {
      expect(built.isOptedOut(built.personIndex(person.id)), person.id).toBe(
        expected.isOptedOut(expected.personIndex(person.id)),
      );
      expect(describeHops(built, person.id), person.id).toEqual(describeHops(expected, person.id));
    }

    for (const business of network.businesses) {
      expect(describeFinalHops(built, business.id), business.id).toEqual(
        describeFinalHops(expected, business.id),
      );
    }

    for (let i = 0; i < 40; i++) {
      const fromId = network.people[(i * 37) % network.people.length]?.id ?? '';
      const targets = i % 4 === 0 ? network.businesses : network.people;
      const toId = targets[(i * 101 + 13) % targets.length]?.id ?? '';
      const query = { fromId, toId, maxHops: 4, first: 3, diverse: true };
      expect(findIntroPaths(built, query), JSON.stringify(query)).toEqual(
        findIntroPaths(expected, query),
      );
    }
  });
});
