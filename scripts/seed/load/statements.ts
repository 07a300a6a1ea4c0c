import type { RecordKind, RecordOf } from '../seed-source.ts';
import type { NodeRefs } from './node-refs.ts';
import { nodeStatementBuilders } from './node-statements.ts';
import { relationshipStatementBuilders } from './relationship-statements.ts';

/**
 * The Cypher that writes one batch. Rows travel as parallel arrays (one list per field) rather
 * than a list of maps, so Bolt sends each field name once per batch instead of once per row.
 * Every statement returns `matched` (rows whose nodes were found) and `updated` (existing
 * records whose properties changed); creations come from the query summary counters. Node
 * statements also return `refs`, pairs of id and elementId, so relationship statements can find
 * their ends without an index lookup.
 */
export interface Statement {
  readonly query: string;
  readonly params: Record<string, unknown>;
}

/** `merge` is idempotent; `create` is only for fresh loads whose ids are known not to exist. */
export type WriteMode = 'merge' | 'create';

export interface StatementContext {
  readonly mode: WriteMode;
  readonly isBusinessId: (id: string) => boolean;
  /** The elementIds of the nodes this load wrote or found. */
  readonly nodeRefs: NodeRefs;
}

export type StatementBuilder<K extends RecordKind> = (
  rows: readonly RecordOf[K][],
  context: StatementContext,
) => Statement[];

export const statementBuilders: { [K in RecordKind]: StatementBuilder<K> } = {
  ...nodeStatementBuilders,
  ...relationshipStatementBuilders,
};

export const nodeKinds: readonly RecordKind[] = ['people', 'businesses'];
