import neo4j, { type Driver, type Node } from 'neo4j-driver';
import type { Person } from '../domain/person.ts';
import type {
  BusinessRecord,
  PersonRecord,
  ProjectionSource,
  RoleRecord,
  TieRecord,
} from '../engine/projection-source.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import {
  streamBatches,
  toEpochMs,
  readTransaction,
  toNumber,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';
import { toPerson } from './person-store.ts';

/**
 * Influence scores in Neo4j: written back as properties of Person and Business by the scores
 * job (derived data, so no graph version moves and no change is logged), and read back with the
 * counts that are cheap enough to read live.
 */

export interface PersonScoreRow {
  readonly id: string;
  readonly pageRank: number;
  readonly percentile: number;
  readonly reach2: number;
  readonly reach3: number;
}

export interface BusinessScoreRow {
  readonly id: string;
  readonly trustScore: number;
}

export interface PersonInfluence {
  readonly pageRank: number | null;
  readonly percentile: number | null;
  readonly reach2: number | null;
  readonly reach3: number | null;
  readonly referralsMade: number;
  readonly referralsConverted: number;
  readonly businessesVouchedFor: number;
  readonly computedAt: Date | null;
}

export interface BusinessInfluence {
  readonly trustedBy: number;
  readonly trustScore: number | null;
  readonly customersByReferral: number;
  readonly customersOther: number;
  readonly computedAt: Date | null;
}

/** Only nodes whose id starts with `idPrefix`; the empty prefix is the whole graph. */
export interface ScoreScope {
  readonly idPrefix: string;
}

/**
 * Writes person scores in UNWIND batches, with the counts (referrals made and converted,
 * businesses vouched for) taken in the same statement. Returns the people written.
 */
export async function writePersonScores(
  driver: Driver,
  rows: readonly PersonScoreRow[],
  computedAtMs: number,
  options: TransactionOptions & { readonly batchSize: number },
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += options.batchSize) {
    const batch = rows.slice(start, start + options.batchSize);
    written += await writeTransaction(
      driver,
      async (tx) => {
        const result = await tx.run(
          `UNWIND $rows AS row
           MATCH (p:Person {id: row.id})
           SET p.pageRank = row.pageRank, p.pageRankPercentile = row.percentile,
               p.reach2 = row.reach2, p.reach3 = row.reach3,
               p.referralsMade = COUNT { (p)-[:REFERRED]->(:Person) },
               p.referralsConverted = COUNT { (p)-[r:REFERRED]->(:Person) WHERE r.converted = true },
               p.businessesVouchedFor = COUNT { (p)-[t:TRUSTS]->(:Business)
                 WHERE t.strength > 0 AND NOT coalesce(t.distrust, false) },
               p.influenceComputedAt = datetime({epochMillis: $at})
           RETURN count(p) AS written`,
          { rows: batch, at: neo4j.int(computedAtMs) },
        );

        return toNumber(result.records[0]?.get('written') ?? 0);
      },
      options,
    );
  }

  return written;
}

/** Writes business scores in UNWIND batches, with the live counts taken alongside. */
export async function writeBusinessScores(
  driver: Driver,
  rows: readonly BusinessScoreRow[],
  computedAtMs: number,
  options: TransactionOptions & { readonly batchSize: number },
): Promise<number> {
  let written = 0;
  for (let start = 0; start < rows.length; start += options.batchSize) {
    const batch = rows.slice(start, start + options.batchSize);
    written += await writeTransaction(
      driver,
      async (tx) => {
        const result = await tx.run(
          `UNWIND $rows AS row
           MATCH (b:Business {id: row.id})
           SET b.trustScore = row.trustScore,
               b.trustedBy = ${TRUSTED_BY},
               b.customersByReferral = ${CUSTOMERS_BY_REFERRAL},
               b.customersOther = ${CUSTOMERS_OTHER},
               b.influenceComputedAt = datetime({epochMillis: $at})
           RETURN count(b) AS written`,
          { rows: batch, at: neo4j.int(computedAtMs) },
        );

        return toNumber(result.records[0]?.get('written') ?? 0);
      },
      options,
    );
  }

  return written;
}

const TRUSTED_BY = `COUNT { (:Person)-[t:TRUSTS]->(b) WHERE t.strength > 0 AND NOT coalesce(t.distrust, false) }`;
const CUSTOMERS_BY_REFERRAL = `COUNT { (:Person)-[l:LEAD_OF]->(b) WHERE l.convertedAt IS NOT NULL AND l.source = 'REFERRAL' }`;
const CUSTOMERS_OTHER = `COUNT { (:Person)-[l:LEAD_OF]->(b) WHERE l.convertedAt IS NOT NULL AND l.source <> 'REFERRAL' }`;

type Row = { get(key: string): unknown };

/** Runs a query over `$ids` (deduplicated) returning `id` per row, and maps the rows by id. */
async function readById<T>(
  driver: Driver,
  cypher: string,
  ids: readonly string[],
  map: (row: Row) => T,
  options: TransactionOptions,
): Promise<Map<string, T>> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(cypher, { ids: [...new Set(ids)] });

      return new Map(result.records.map((record) => [record.get('id') as string, map(record)]));
    },
    options,
  );
}

/** Stored scores and live counts of people by id; ids with no person are absent. */
export async function readPersonInfluence(
  driver: Driver,
  ids: readonly string[],
  options: TransactionOptions,
): Promise<Map<string, PersonInfluence>> {
  return readById(
    driver,
    `UNWIND $ids AS id
     MATCH (p:Person {id: id})
     RETURN p.id AS id, p.pageRank AS pageRank, p.pageRankPercentile AS percentile,
            p.reach2 AS reach2, p.reach3 AS reach3, p.influenceComputedAt AS computedAt,
            COUNT { (p)-[:REFERRED]->(:Person) } AS referralsMade,
            COUNT { (p)-[r:REFERRED]->(:Person) WHERE r.converted = true } AS referralsConverted,
            COUNT { (p)-[t:TRUSTS]->(:Business)
              WHERE t.strength > 0 AND NOT coalesce(t.distrust, false) } AS businessesVouchedFor`,
    ids,
    (row) => ({
      pageRank: nullableNumber(row.get('pageRank')),
      percentile: nullableNumber(row.get('percentile')),
      reach2: nullableNumber(row.get('reach2')),
      reach3: nullableNumber(row.get('reach3')),
      referralsMade: toNumber(row.get('referralsMade')),
      referralsConverted: toNumber(row.get('referralsConverted')),
      businessesVouchedFor: toNumber(row.get('businessesVouchedFor')),
      computedAt: nullableDate(row.get('computedAt')),
    }),
    options,
  );
}

/** Stored scores and live counts of businesses by id; ids with no business are absent. */
export async function readBusinessInfluence(
  driver: Driver,
  ids: readonly string[],
  options: TransactionOptions,
): Promise<Map<string, BusinessInfluence>> {
  return readById(
    driver,
    `UNWIND $ids AS id
     MATCH (b:Business {id: id})
     RETURN b.id AS id, b.trustScore AS trustScore, b.influenceComputedAt AS computedAt,
            ${TRUSTED_BY} AS trustedBy, ${CUSTOMERS_BY_REFERRAL} AS customersByReferral,
            ${CUSTOMERS_OTHER} AS customersOther`,
    ids,
    (row) => ({
      trustedBy: toNumber(row.get('trustedBy')),
      trustScore: nullableNumber(row.get('trustScore')),
      customersByReferral: toNumber(row.get('customersByReferral')),
      customersOther: toNumber(row.get('customersOther')),
      computedAt: nullableDate(row.get('computedAt')),
    }),
    options,
  );
}

export interface BusinessFilter {
  /** Compared case-insensitively. */
  readonly category: string | null;
  /** Compared case-insensitively. */
  readonly city: string | null;
  readonly near: { readonly lat: number; readonly lon: number; readonly radiusKm: number } | null;
}

export interface InfluencerPageQuery extends BusinessFilter {
  readonly limit: number;
  /** Keyset position: strictly after this rank and id in rank-descending, id-ascending order. */
  readonly after: { readonly pageRank: number; readonly id: string } | null;
}

/**
 * People by stored PageRank, highest first, then id. With a category or city, only people tied
 * to a business of that category and city: owners, staff, customers and people who trust it.
 */
export async function findTopInfluencers(
  driver: Driver,
  query: InfluencerPageQuery,
  options: TransactionOptions,
): Promise<{ person: Person; pageRank: number }[]> {
  const filtered = query.category !== null || query.city !== null;
  const people = filtered
    ? `MATCH (b:Business)
       WHERE ($category IS NULL OR toLower(b.category) = toLower($category))
         AND ($city IS NULL OR toLower(b.city) = toLower($city))
       MATCH (p:Person)-[r:OWNS|WORKS_AT|CUSTOMER_OF|TRUSTS]->(b)
       WHERE type(r) <> 'TRUSTS' OR (r.strength > 0 AND NOT coalesce(r.distrust, false))
       WITH DISTINCT p`
    : 'MATCH (p:Person)';

  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        `${people}
         WHERE p.pageRank IS NOT NULL
           AND ($afterRank IS NULL OR p.pageRank < $afterRank
                OR (p.pageRank = $afterRank AND p.id > $afterId))
         RETURN p, p.pageRank AS pageRank
         ORDER BY p.pageRank DESC, p.id ASC
         LIMIT $limit`,
        {
          category: query.category,
          city: query.city,
          afterRank: query.after?.pageRank ?? null,
          afterId: query.after?.id ?? null,
          limit: neo4j.int(query.limit),
        },
      );

      return result.records.map((record) => ({
        person: toPerson(record.get('p') as Node),
        pageRank: Number(record.get('pageRank')),
      }));
    },
    options,
  );
}

/**
 * Ids of the businesses matching a filter, with their distance from `near` in km (null without
 * `near`). Uses the point index when `near` is given.
 */
export async function findMatchingBusinesses(
  driver: Driver,
  filter: BusinessFilter,
  options: TransactionOptions,
): Promise<Map<string, number | null>> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        `MATCH (b:Business)
         WHERE ($near IS NULL OR point.distance(b.location, $near) <= $radiusM)
           AND ($category IS NULL OR toLower(b.category) = toLower($category))
           AND ($city IS NULL OR toLower(b.city) = toLower($city))
         RETURN b.id AS id,
                CASE WHEN $near IS NULL THEN null ELSE point.distance(b.location, $near) / 1000.0 END AS km`,
        {
          category: filter.category,
          city: filter.city,
          near: filter.near ? new neo4j.types.Point(4326, filter.near.lon, filter.near.lat) : null,
          radiusM: (filter.near?.radiusKm ?? 0) * 1000,
        },
      );

      return new Map(
        result.records.map((record) => [
          record.get('id') as string,
          nullableNumber(record.get('km')),
        ]),
      );
    },
    options,
  );
}

/** When the last whole-graph scores job finished, or null if none has. */
export async function readScoresComputedAt(
  driver: Driver,
  options: TransactionOptions,
): Promise<number | null> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        "MATCH (m:ScoresMeta {key: 'scores'}) RETURN m.computedAt AS computedAt",
      );

      return toEpochMs(result.records[0]?.get('computedAt') ?? null);
    },
    options,
  );
}

/** Records a finished whole-graph scores job, so other processes can skip theirs. */
export async function writeScoresComputedAt(
  driver: Driver,
  summary: { computedAtMs: number; graphVersion: number; people: number; durationMs: number },
  options: TransactionOptions,
): Promise<void> {
  await writeTransaction(
    driver,
    (tx) =>
      tx.run(
        `MERGE (m:ScoresMeta {key: 'scores'})
         SET m.computedAt = datetime({epochMillis: $computedAtMs}), m.graphVersion = $graphVersion,
             m.people = $people, m.durationMs = $durationMs`,
        { ...summary, computedAtMs: neo4j.int(summary.computedAtMs) },
      ),
    options,
  );
}

/** Person-to-business trust that is not distrust, in batches: what business scores read. */
export function streamBusinessTrust(
  driver: Driver,
  scope: ScoreScope,
): AsyncIterable<{ personId: string; businessId: string; strength: number }[]> {
  return streamBatches(
    driver,
    `MATCH (p:Person)-[t:TRUSTS]->(b:Business)
     WHERE p.id STARTS WITH $prefix AND b.id STARTS WITH $prefix
       AND t.strength > 0 AND NOT coalesce(t.distrust, false)
     RETURN p.id AS personId, b.id AS businessId, t.strength AS strength`,
    { prefix: scope.idPrefix },
    (r) => ({
      personId: r.get('personId') as string,
      businessId: r.get('businessId') as string,
      strength: Number(r.get('strength')),
    }),
  );
}

/**
 * The projection source restricted to one id prefix, so a scores job can run over one network
 * in a shared graph (tests, one tenant's import) without the rest changing its ranks.
 */
export function createScopedProjectionSource(driver: Driver, scope: ScoreScope): ProjectionSource {
  const params = { prefix: scope.idPrefix };

  return {
    people: () =>
      streamBatches<PersonRecord>(
        driver,
        `MATCH (p:Person) WHERE p.id STARTS WITH $prefix
         RETURN p.id AS id, coalesce(p.optedOut, false) AS optedOut`,
        params,
        (r) => ({ id: r.get('id') as string, optedOut: r.get('optedOut') === true }),
      ),
    businesses: () =>
      streamBatches<BusinessRecord>(
        driver,
        'MATCH (b:Business) WHERE b.id STARTS WITH $prefix RETURN b.id AS id',
        params,
        (r) => ({ id: r.get('id') as string }),
      ),
    ties: () =>
      streamBatches<TieRecord>(
        driver,
        `MATCH (a:Person)-[t:TRUSTS]->(b) WHERE a.id STARTS WITH $prefix AND b.id STARTS WITH $prefix
         RETURN a.id AS fromId, b.id AS toId,
                CASE WHEN b:Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind,
                t.strength AS strength, coalesce(t.distrust, false) AS distrust,
                t.context AS context, t.lastInteractionAt AS lastInteractionAt`,
        params,
        (r) => ({
          fromId: r.get('fromId') as string,
          toId: r.get('toId') as string,
          toKind: r.get('toKind') as NodeKind,
          strength: Number(r.get('strength') ?? 0),
          distrust: r.get('distrust') === true,
          context: (r.get('context') ?? 'OTHER') as TrustContext,
          lastInteractionAtMs: toEpochMs(r.get('lastInteractionAt')) ?? 0,
        }),
      ),
    roles: () =>
      streamBatches<RoleRecord>(
        driver,
        `MATCH (p:Person)-[r:OWNS|WORKS_AT]->(b:Business)
         WHERE p.id STARTS WITH $prefix AND b.id STARTS WITH $prefix
         RETURN p.id AS personId, b.id AS businessId, type(r) AS role`,
        params,
        (r) => ({
          personId: r.get('personId') as string,
          businessId: r.get('businessId') as string,
          role: r.get('role') as RoleRecord['role'],
        }),
      ),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}

function nullableDate(value: unknown): Date | null {
  const ms = toEpochMs(value ?? null);

  return ms === null ? null : new Date(ms);
}
