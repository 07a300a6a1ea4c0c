import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { NodeKind } from '../domain/intro-path.ts';
import { readTransaction, type TransactionOptions } from './neo4j-values.ts';

export interface NodeSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: NodeKind;
}

/** Names and kinds of people and businesses by id, for explaining the hops of intro paths. */
export async function findNodeSummaries(
  driver: Driver,
  ids: readonly string[],
  options: TransactionOptions,
): Promise<Map<string, NodeSummary>> {
  if (ids.length === 0) {
    return new Map();
  }

  return readTransaction(driver, (tx) => readNodeSummaries(tx, ids), options);
}

/** As `findNodeSummaries`, inside a transaction the caller runs other reads in. */
export async function readNodeSummaries(
  tx: ManagedTransaction,
  ids: readonly string[],
): Promise<Map<string, NodeSummary>> {
  const result = await tx.run(
    `CALL () {
       MATCH (p:Person) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name, 'PERSON' AS kind
       UNION ALL
       MATCH (b:Business) WHERE b.id IN $ids RETURN b.id AS id, b.name AS name, 'BUSINESS' AS kind
     }
     RETURN id, name, kind`,
    { ids: [...new Set(ids)] },
  );

  return new Map(
    result.records.map((record) => {
      const summary: NodeSummary = {
        id: record.get('id') as string,
        name: record.get('name') as string,
        kind: record.get('kind') as NodeKind,
      };

      return [summary.id, summary];
    }),
  );
}
