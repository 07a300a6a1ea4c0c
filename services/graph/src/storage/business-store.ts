import type { Driver, ManagedTransaction, Node } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { Business, BusinessInput, BusinessRole } from '../domain/business.ts';
import { BusinessNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import { appendChange } from './graph-log.ts';
import {
  readTransaction,
  toDate,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';
import type { WriteResult } from './person-store.ts';

export function toBusiness(node: Node): Business {
  const p = node.properties as Record<string, unknown>;
  const location = p.location;

  return {
    id: p.id as string,
    name: p.name as string,
    category: p.category as string,
    city: p.city as string,
    location: neo4j.isPoint(location) ? { lat: location.y, lon: location.x } : null,
    createdAt: toDate(p.createdAt),
    updatedAt: toDate(p.updatedAt),
  };
}

/** Businesses by id, inside a transaction the caller runs other reads in. */
export async function readBusinesses(
  tx: ManagedTransaction,
  ids: readonly string[],
): Promise<Business[]> {
  const result = await tx.run('MATCH (b:Business) WHERE b.id IN $ids RETURN b', { ids });

  return result.records.map((record) => toBusiness(record.get('b') as Node));
}

export interface BusinessSearch {
  readonly text: string;
  readonly city?: string | null;
  readonly limit: number;
}

/** Lucene treats these characters as syntax; user text is matched literally. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

export class BusinessStore {
  constructor(
    private readonly driver: Driver,
    private readonly options: TransactionOptions,
  ) {}

  async findBusinesses(ids: readonly string[]): Promise<Business[]> {
    return readTransaction(this.driver, (tx) => readBusinesses(tx, ids), this.options);
  }

  async findBusiness(id: string): Promise<Business | null> {
    const [business] = await this.findBusinesses([id]);

    return business ?? null;
  }

  /** Full-text search over name and category, best match first, optionally within one city. */
  async searchBusinesses(search: BusinessSearch): Promise<Business[]> {
    const terms = search.text.replace(LUCENE_SPECIAL, ' ').trim().split(/\s+/).filter(Boolean);
    if (terms.length === 0) {
      return [];
    }

    const query = terms.map((term) => `${term}~`).join(' AND ');

    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `CALL db.index.fulltext.queryNodes('business_search', $query) YIELD node, score
           WHERE $city IS NULL OR toLower(node.city) = toLower($city)
           RETURN node ORDER BY score DESC, node.id ASC LIMIT $limit`,
          { query, city: search.city ?? null, limit: neo4j.int(search.limit) },
        );

        return result.records.map((record) => toBusiness(record.get('node') as Node));
      },
      this.options,
    );
  }

  async upsertBusiness(input: BusinessInput): Promise<WriteResult<Business>> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `MERGE (b:Business {id: $id})
           ON CREATE SET b.createdAt = datetime()
           SET b.name = $name, b.category = $category, b.city = $city, b.updatedAt = datetime(),
               b.location = CASE WHEN $lat IS NULL THEN null
                                 ELSE point({latitude: $lat, longitude: $lon}) END
           RETURN b`,
          {
            id: input.id,
            name: input.name,
            category: input.category,
            city: input.city,
            lat: input.location?.lat ?? null,
            lon: input.location?.lon ?? null,
          },
        );
        const business = toBusiness(result.records[0]?.get('b') as Node);
        const version = await appendChange(tx, {
          type: 'BUSINESS_UPSERTED',
          businessId: business.id,
        });

        return { value: business, version };
      },
      this.options,
    );
  }

  /** Whether the person owns or works at the business. */
  async isOwnerOrStaff(personId: string, businessId: string): Promise<boolean> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `RETURN EXISTS { (:Person {id: $personId})-[:OWNS|WORKS_AT]->(:Business {id: $businessId}) } AS member`,
          { personId, businessId },
        );

        return result.records[0]?.get('member') === true;
      },
      this.options,
    );
  }

  /** Records that a person owns or works at a business. */
  async setRole(
    personId: string,
    businessId: string,
    role: BusinessRole,
    present: boolean,
  ): Promise<WriteResult<boolean>> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const ends = await tx.run(
          `OPTIONAL MATCH (p:Person {id: $personId}) OPTIONAL MATCH (b:Business {id: $businessId})
           RETURN p IS NOT NULL AS person, b IS NOT NULL AS business`,
          { personId, businessId },
        );
        if (ends.records[0]?.get('person') !== true) {
          throw new PersonNotFoundError(personId);
        }
        if (ends.records[0]?.get('business') !== true) {
          throw new BusinessNotFoundError(businessId);
        }

        // The role is one of two fixed relationship types, chosen in code, never from input text.
        const type = role === 'OWNS' ? 'OWNS' : 'WORKS_AT';
        const cypher = present
          ? `MATCH (p:Person {id: $personId}), (b:Business {id: $businessId})
             MERGE (p)-[r:${type}]->(b) ON CREATE SET r.since = datetime()`
          : `MATCH (:Person {id: $personId})-[r:${type}]->(:Business {id: $businessId}) DELETE r`;
        await tx.run(cypher, { personId, businessId });
        const version = await appendChange(tx, {
          type: present ? 'ROLE_SET' : 'ROLE_REMOVED',
          personId,
          businessId,
          role,
        });

        return { value: present, version };
      },
      this.options,
    );
  }
}
