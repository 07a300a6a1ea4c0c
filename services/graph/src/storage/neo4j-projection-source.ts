import type { Driver } from 'neo4j-driver';
import type { BusinessRole } from '../domain/business.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import type {
  BusinessRecord,
  PersonRecord,
  ProjectionSource,
  RoleRecord,
  TieRecord,
} from '../engine/projection-source.ts';
import { toEpochMs } from './neo4j-values.ts';

/**
 * Streams the graph out of Neo4j in batches for building the in-memory projection. Each stream
 * runs in its own auto-commit query and is consumed record by record, so memory stays flat.
 */

const BATCH_SIZE = 10_000;

export class Neo4jProjectionSource implements ProjectionSource {
  constructor(private readonly driver: Driver) {}

  people(): AsyncIterable<readonly PersonRecord[]> {
    return this.stream(
      'MATCH (p:Person) WHERE p.id IS NOT NULL RETURN p.id AS id, coalesce(p.optedOut, false) AS optedOut',
      (r) => ({
        id: r.get('id') as string,
        optedOut: r.get('optedOut') === true,
      }),
    );
  }

  businesses(): AsyncIterable<readonly BusinessRecord[]> {
    return this.stream('MATCH (b:Business) WHERE b.id IS NOT NULL RETURN b.id AS id', (r) => ({
      id: r.get('id') as string,
    }));
  }

  ties(): AsyncIterable<readonly TieRecord[]> {
    return this.stream(
      `MATCH (a:Person)-[t:TRUSTS]->(b)
       RETURN a.id AS fromId, b.id AS toId, CASE WHEN b:Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind,
              t.strength AS strength, coalesce(t.distrust, false) AS distrust, t.context AS context,
              t.lastInteractionAt AS lastInteractionAt`,
      (r) => ({
        fromId: r.get('fromId') as string,
        toId: r.get('toId') as string,
        toKind: r.get('toKind') as NodeKind,
        strength: Number(r.get('strength') ?? 0),
        distrust: r.get('distrust') === true,
        context: (r.get('context') ?? 'OTHER') as TrustContext,
        lastInteractionAtMs: toEpochMs(r.get('lastInteractionAt')) ?? 0,
      }),
    );
  }

  roles(): AsyncIterable<readonly RoleRecord[]> {
    return this.stream(
      `MATCH (p:Person)-[r:OWNS|WORKS_AT]->(b:Business) RETURN p.id AS personId, b.id AS businessId, type(r) AS role`,
      (r) => ({
        personId: r.get('personId') as string,
        businessId: r.get('businessId') as string,
        role: r.get('role') as BusinessRole,
      }),
    );
  }

  private async *stream<T>(
    cypher: string,
    map: (record: { get(key: string): unknown }) => T,
  ): AsyncGenerator<T[]> {
    const session = this.driver.session({ defaultAccessMode: 'READ', fetchSize: BATCH_SIZE });
    try {
      let batch: T[] = [];
      for await (const record of session.run(cypher)) {
        batch.push(map(record));
        if (batch.length === BATCH_SIZE) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) {
        yield batch;
      }
    } finally {
      await session.close();
    }
  }
}
