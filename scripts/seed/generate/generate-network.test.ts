import { describe, expect, it } from 'vitest';
import { isValidId } from '../../../services/graph/src/domain/ids.ts';
import { generateNetwork } from './generate-network.ts';
import { computeNetworkChecksum } from './network-checksum.ts';
import { resolveNetworkSpec } from './network-spec.ts';
import { summariseNetwork } from './structure-summary.ts';

const small = resolveNetworkSpec('demo', { people: 1_500 });

describe('generateNetwork', () => {
  it('generates the same network for the same seed', () => {
    const first = computeNetworkChecksum(generateNetwork(small, 11));
    const second = computeNetworkChecksum(generateNetwork(small, 11));

    expect(first).toBe(second);
  });

  it('generates a different network for a different seed', () => {
    const first = computeNetworkChecksum(generateNetwork(small, 11));
    const second = computeNetworkChecksum(generateNetwork(small, 12));

    expect(first).not.toBe(second);
  });

  it('streams the same records in batches of any size as it materialises', () => {
    const network = generateNetwork(small, 5);

    const materialised = network.toSeedNetwork();
    const streamed = [...network.batches('trust', 777)].flat();

    expect(streamed).toEqual(materialised.trust);
    expect(materialised.people).toHaveLength(1_500);
  });

  it('sizes the demo town at about 3,000 people and 300 businesses across categories', () => {
    const network = generateNetwork(resolveNetworkSpec('demo'), 1).toSeedNetwork();

    const categories = new Set(network.businesses.map((b) => b.category));

    expect(network.people).toHaveLength(3_000);
    expect(network.businesses).toHaveLength(300);
    expect(categories.size).toBeGreaterThanOrEqual(10);
    expect(network.people.some((p) => p.optedOut)).toBe(true);
  });

  it('writes valid ids, one tie per ordered pair and no self-trust', () => {
    const network = generateNetwork(small, 2).toSeedNetwork();

    const pairs = new Set(network.trust.map((t) => `${t.fromId}>${t.toId}`));

    expect(pairs.size).toBe(network.trust.length);
    expect(network.trust.every((t) => t.fromId !== t.toId)).toBe(true);
    expect(network.people.every((p) => isValidId(p.id))).toBe(true);
    expect(network.trust.every((t) => t.strength >= 0 && t.strength <= 1)).toBe(true);
    expect(network.trust.filter((t) => t.distrust).every((t) => t.strength === 0)).toBe(true);
  });

  it('prefixes every id when asked', () => {
    const network = generateNetwork(
      resolveNetworkSpec('demo', { people: 200, idPrefix: 'demo-' }),
      1,
    );

    const people = network.toSeedNetwork().people;

    expect(people.every((p) => p.id.startsWith('demo-p'))).toBe(true);
    expect(network.isBusinessId('demo-b3')).toBe(true);
    expect(network.isBusinessId('demo-p3')).toBe(false);
  });

  it('chains referrals: someone referred goes on to refer someone else', () => {
    const network = generateNetwork(resolveNetworkSpec('demo'), 1).toSeedNetwork();

    const referred = new Set(network.referrals.map((r) => `${r.referredId}@${r.businessId}`));
    const chained = network.referrals.filter((r) =>
      referred.has(`${r.referrerId}@${r.businessId}`),
    );

    expect(chained.length).toBeGreaterThan(0);
  });
});

describe('summariseNetwork', () => {
  const summary = summariseNetwork(generateNetwork(resolveNetworkSpec('demo'), 1));

  it('shows a heavy tail: the best-connected person has many times the mean degree', () => {
    expect(summary.inDegree.max).toBeGreaterThan(10 * summary.inDegree.mean);
    expect(summary.outDegree.p50).toBeLessThan(summary.outDegree.mean * 1.2);
  });

  it('keeps reciprocity, distrust and clustering in realistic ranges', () => {
    expect(summary.reciprocity).toBeGreaterThan(0.3);
    expect(summary.reciprocity).toBeLessThan(0.5);
    expect(summary.distrustShare).toBeGreaterThan(0.02);
    expect(summary.distrustShare).toBeLessThan(0.05);
    expect(summary.clustering.coefficient).toBeGreaterThan(0.05);
  });

  it('draws mostly weak ties, like bitcoin-otc positive ratings', () => {
    const histogram = summary.strengthHistogram;

    expect(histogram['0.1']).toBeGreaterThan(histogram['0.2']!);
    expect(histogram['0.2']).toBeGreaterThan(histogram['0.4']!);
    expect(histogram['1.0']).toBeGreaterThan(histogram['0.9']!);
  });

  it('spreads interaction dates over years', () => {
    const years =
      Number(summary.trustDateSpan.to.slice(0, 4)) - Number(summary.trustDateSpan.from.slice(0, 4));

    expect(years).toBeGreaterThanOrEqual(10);
  });
});
