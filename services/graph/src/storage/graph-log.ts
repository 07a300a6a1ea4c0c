import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { GraphChange } from '../domain/graph-change.ts';
import {
  readTransaction,
  toNumber,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';

/** Entries `pruneChangeLog` deletes per transaction. */
const PRUNE_BATCH = 10_000;

/**
 * The graph version and the change log live in Neo4j, written in the same transaction as the
 * change itself, so versions are gap-free and totally ordered by commit. Every process applies
 * the log to its projection in version order; Redis only tells processes that there is news.
 *
 * Entries older than a retention are pruned (`pruneChangeLog`): a process whose projection is
 * older than the oldest entry left finds the log incomplete and rebuilds, so the retention only
 * has to outlast ordinary catch-up.
 */

type ChangeBody = GraphChange extends infer C
  ? C extends GraphChange
    ? Omit<C, 'version'>
    : never
  : never;

// A missing GraphMeta (a store restored without it) continues after the log's last entry, so
// versions never repeat.
const APPEND_CHANGE = `
  OPTIONAL CALL () {
    MATCH (c:GraphChange) WHERE c.version IS NOT NULL
    RETURN c.version AS logged ORDER BY c.version DESC LIMIT 1
  }
  MERGE (m:GraphMeta {key: 'graph'})
  ON CREATE SET m.version = coalesce(logged, 0)
  SET m.version = m.version + 1
  CREATE (c:GraphChange {version: m.version, at: datetime(), type: $type, payload: $payload, ids: $ids})
  RETURN m.version AS version
`;

/** Appends a change inside the caller's write transaction; returns the version it produced. */
export async function appendChange(tx: ManagedTransaction, change: ChangeBody): Promise<number> {
  const result = await tx.run(APPEND_CHANGE, {
    type: change.type,
    payload: JSON.stringify(change),
    ids: idsOf(change),
  });

  return toNumber(result.records[0]?.get('version'));
}

/** Deletes the entries written more than `retentionMs` ago; returns how many. */
export async function pruneChangeLog(
  driver: Driver,
  retentionMs: number,
  options: TransactionOptions,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await writeTransaction(
      driver,
      async (tx) => {
        const result = await tx.run(
          `MATCH (c:GraphChange) WHERE c.at < datetime() - duration({milliseconds: $retentionMs})
           WITH c LIMIT $limit
           DELETE c
           RETURN count(*) AS deleted`,
          { retentionMs: neo4j.int(retentionMs), limit: neo4j.int(PRUNE_BATCH) },
        );

        return toNumber(result.records[0]?.get('deleted'));
      },
      options,
    );
    deleted += batch;
    if (batch < PRUNE_BATCH) {
      return deleted;
    }
  }
}

export async function readGraphVersion(
  driver: Driver,
  options: TransactionOptions,
): Promise<number> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        `OPTIONAL MATCH (m:GraphMeta {key: 'graph'}) RETURN m.version AS version`,
      );
      const version: unknown = result.records[0]?.get('version');

      return version === null || version === undefined ? 0 : toNumber(version);
    },
    options,
  );
}

export interface ChangesSince {
  /** The log entries after the version asked for, in order. */
  readonly changes: readonly GraphChange[];
  /** The current graph version, at least the last change's. */
  readonly version: number;
  /** True when entries are missing (pruned, or a bulk load without entries): rebuild instead. */
  readonly incomplete: boolean;
}

/** Reads up to `limit` log entries after `version`. */
export async function readChangesSince(
  driver: Driver,
  version: number,
  limit: number,
  options: TransactionOptions,
): Promise<ChangesSince> {
  return readTransaction(
    driver,
    async (tx) => {
      const result = await tx.run(
        `OPTIONAL MATCH (m:GraphMeta {key: 'graph'})
         OPTIONAL CALL () {
           MATCH (c:GraphChange) WHERE c.version > $version
           RETURN c ORDER BY c.version ASC LIMIT $limit
         }
         RETURN coalesce(m.version, 0) AS current, collect(c {.version, .payload}) AS changes`,
        { version: neo4j.int(version), limit: neo4j.int(limit) },
      );
      const record = result.records[0];
      const current = toNumber(record?.get('current') ?? 0);
      const rows = (record?.get('changes') ?? []) as { version: unknown; payload: string }[];
      const versions = rows.map((row) => toNumber(row.version));
      const changes = rows.flatMap((row, i) => parseChange(versions[i] ?? 0, row.payload));

      return {
        changes,
        version: current,
        incomplete: !isContiguous(version, versions, current, limit),
      };
    },
    options,
  );
}

function isContiguous(
  from: number,
  versions: readonly number[],
  current: number,
  limit: number,
): boolean {
  let expected = from + 1;
  for (const version of versions) {
    if (version !== expected) {
      return false;
    }
    expected++;
  }

  return versions.length === limit || expected === current + 1;
}

/** Entries scrubbed by an erasure parse to nothing: the PERSON_DELETED entry after them suffices. */
function parseChange(version: number, payload: string): GraphChange[] {
  const body = JSON.parse(payload) as ChangeBody | { type: 'REDACTED' };
  if (body.type === 'REDACTED') {
    return [];
  }

  return [{ ...body, version }];
}

/** Ids a change mentions, so erasure can scrub the log of a person. */
function idsOf(change: ChangeBody): string[] {
  switch (change.type) {
    case 'PERSON_UPSERTED':
    case 'PERSON_DELETED':
      return [change.personId];
    case 'BUSINESS_UPSERTED':
      return [change.businessId];
    case 'TRUST_SET':
    case 'TRUST_REMOVED':
      return [change.fromId, change.toId];
    case 'ROLE_SET':
    case 'ROLE_REMOVED':
      return [change.personId, change.businessId];
    case 'GRAPH_RELOADED':
      return [];
  }
}

/**
 * Marks the whole graph as changed outside the log (a bulk load). Processes rebuild their
 * projection when they reach this entry.
 */
export async function appendGraphReloaded(tx: ManagedTransaction): Promise<number> {
  return appendChange(tx, { type: 'GRAPH_RELOADED' });
}
