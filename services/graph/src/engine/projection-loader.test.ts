import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trustContexts } from '../domain/trust.ts';
import type { ColumnarProjectionSource, NetworkRecords } from './projection-source.ts';
import { TrustProjection } from './projection.ts';
import {
  buildNetwork,
  networkArbitrary,
  NOW_MS,
  toRecords,
} from './test-support/random-networks.ts';

async function* once<T>(item: T): AsyncGenerator<T> {
  yield await Promise.resolve(item);
}

/** The records as one columnar batch each, with sparse keys and a tie naming an unknown node. */
function toColumns(records: NetworkRecords): ColumnarProjectionSource {
  const keyOf = new Map<string, number>();
  records.people.forEach((person, i) => keyOf.set(person.id, 7 + i * 3));
  records.businesses.forEach((business, i) => keyOf.set(business.id, 2 ** 40 + i));
  const unknown: NetworkRecords['trust'][number] = {
    fromId: 'nobody',
    toId: 'p0',
    strength: 1,
    context: 'FAMILY',
  };
  const trust = [...records.trust, unknown];

  return {
    personColumns: () =>
      once({
        keys: records.people.map((person) => keyOf.get(person.id) ?? -1),
        ids: records.people.map((person) => person.id),
        optedOut: records.people.map((person) => person.optedOut ?? false),
      }),
    businessColumns: () =>
      once({
        keys: records.businesses.map((business) => keyOf.get(business.id) ?? -1),
        ids: records.businesses.map((business) => business.id),
      }),
    tieColumns: () =>
      once({
        count: trust.length,
        fromKeys: trust.map((tie) => keyOf.get(tie.fromId) ?? 1),
        toKeys: trust.map((tie) => keyOf.get(tie.toId) ?? 1),
        strengths: trust.map((tie) => tie.strength),
        distrust: trust.map((tie) => (tie.distrust ? 1 : 0)),
        contexts: trust.map((tie) => trustContexts.indexOf(tie.context)),
        lastInteractionAtMs: trust.map((tie) => tie.lastInteractionAt ?? tie.since ?? NOW_MS),
      }),
    roleColumns: () =>
      once({
        count: records.roles.length,
        personKeys: records.roles.map((role) => keyOf.get(role.personId) ?? 1),
        businessKeys: records.roles.map((role) => keyOf.get(role.businessId) ?? 1),
        roles: records.roles.map((role) => (role.role === 'OWNS' ? 0 : 1)),
      }),
  };
}

describe('TrustProjection.build from columnar batches', () => {
  it('builds the projection fromNetwork builds, skipping ties to unknown keys', async () => {
    await fc.assert(
      fc.asyncProperty(networkArbitrary, async (spec) => {
        const records = toRecords(buildNetwork(spec));
        const expected = TrustProjection.fromNetwork(records, { nowMs: NOW_MS });
        let skipped = 0;

        const built = await TrustProjection.build(toColumns(records), {
          nowMs: NOW_MS,
          onProgress: (progress) => {
            skipped = progress.skipped;
          },
        });

        expect(built.checksum()).toBe(expected.checksum());
        expect(built.counts()).toEqual(expected.counts());
        expect(skipped).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});
