import neo4j, { type Driver, type ManagedTransaction, type Node } from 'neo4j-driver';
import { PersonNotFoundError } from '../domain/errors.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import {
  askedPersonId,
  type IntroRequest,
  type IntroRequestState,
  type IntroResponseOutcome,
} from '../domain/intro-request.ts';
import type { TrustContext } from '../domain/trust.ts';
import { appendChange } from './graph-log.ts';
import {
  readTransaction,
  toEpochMs,
  toNumber,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';

/**
 * IntroRequest nodes. They hold ids, states and times; the message only while the request is in
 * progress. `askedId` is the person whose answer an in-progress request waits for, so an inbox is
 * one property lookup. Requests do not change intro paths, so writing them logs no graph change;
 * only the ties warmed by an introduction do.
 *
 * Inboxes, the expiry sweep and a requester's erasure are index lookups (schema/002-indexes).
 * Limitation: erasing a person who is inside other people's requests still reads every request,
 * since list membership (`nodeIds`) has no index in Neo4j; erasure is rare, and a separate
 * (request)-[:THROUGH]->(person) link would make it a lookup.
 */

/** The queries that must find requests through an index, exported for the test that checks it. */
export const introRequestLookups = {
  /**
   * In-progress, unexpired requests waiting for `$personId`'s answer, oldest first; the hint keeps
   * the planner from reading every in-progress request through the state index instead.
   */
  inbox: `MATCH (r:IntroRequest {askedId: $personId}) USING INDEX r:IntroRequest(askedId)
    WHERE r.state IN ['REQUESTED', 'ACCEPTED'] AND r.expiresAt > datetime({epochMillis: $now})
    RETURN r ORDER BY r.createdAt, r.id`,
  /** Ends up to `$limit` expired requests and drops their message. */
  sweep: `MATCH (r:IntroRequest)
    WHERE r.state IN ['REQUESTED', 'ACCEPTED'] AND r.expiresAt <= datetime({epochMillis: $now})
    WITH r LIMIT $limit
    SET r.state = 'EXPIRED', r.askedId = null, r.message = null`,
  /** Deletes the requests `$personId` made. */
  ofRequester: 'MATCH (r:IntroRequest {requesterId: $personId}) DETACH DELETE r',
} as const;

/** How many expired requests one sweep scrubs of their message. */
const EXPIRED_SWEEP_LIMIT = 100;

export interface IntroResponseWrite {
  readonly request: IntroRequest;
  readonly outcome: IntroResponseOutcome;
  /** The graph version the warmed ties produced; null when no tie changed. */
  readonly version: number | null;
  readonly tiesWarmed: number;
}

export type ApplyIntroResponse = (request: IntroRequest) => {
  request: IntroRequest;
  outcome: IntroResponseOutcome;
};

function toIntroRequest(node: Node): IntroRequest {
  const p = node.properties as Record<string, unknown>;

  return {
    id: p.id as string,
    requesterId: p.requesterId as string,
    keyId: p.keyId as string,
    nodeIds: (p.nodeIds ?? []) as string[],
    hopContexts: ((p.hopContexts ?? []) as string[]).map((context) =>
      context === '' ? null : (context as TrustContext),
    ),
    targetKind: p.targetKind as NodeKind,
    hop: toNumber(p.hop),
    state: p.state as IntroRequestState,
    message: typeof p.message === 'string' ? p.message : null,
    messageLength: toNumber(p.messageLength ?? 0),
    createdAtMs: toEpochMs(p.createdAt) ?? 0,
    expiresAtMs: toEpochMs(p.expiresAt) ?? 0,
  };
}

/** The properties written for a request's current state. */
function stateProperties(request: IntroRequest, nowMs: number) {
  return {
    state: request.state,
    hop: neo4j.int(request.hop),
    askedId: askedPersonId(request, nowMs),
    message: request.message,
  };
}

export class IntroRequestStore {
  constructor(
    private readonly driver: Driver,
    private readonly options: TransactionOptions,
  ) {}

  /** Stores a new request, and scrubs the messages of a few requests that have expired. */
  async create(request: IntroRequest, nowMs: number): Promise<IntroRequest> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        await tx.run(
          `CREATE (r:IntroRequest {id: $id, requesterId: $requesterId, keyId: $keyId,
                     nodeIds: $nodeIds, hopContexts: $hopContexts, targetKind: $targetKind,
                     hop: $hop, state: $state, askedId: $askedId, message: $message,
                     messageLength: $messageLength, createdAt: datetime({epochMillis: $createdAt}),
                     expiresAt: datetime({epochMillis: $expiresAt}),
                     updatedAt: datetime({epochMillis: $createdAt})})`,
          {
            id: request.id,
            requesterId: request.requesterId,
            keyId: request.keyId,
            nodeIds: [...request.nodeIds],
            hopContexts: request.hopContexts.map((context) => context ?? ''),
            targetKind: request.targetKind,
            messageLength: neo4j.int(request.messageLength),
            createdAt: neo4j.int(request.createdAtMs),
            expiresAt: neo4j.int(request.expiresAtMs),
            ...stateProperties(request, nowMs),
          },
        );
        await sweepExpired(tx, nowMs);

        return request;
      },
      this.options,
    );
  }

  async find(id: string): Promise<IntroRequest | null> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run('MATCH (r:IntroRequest {id: $id}) RETURN r', { id });
        const node = result.records[0]?.get('r') as Node | undefined;

        return node ? toIntroRequest(node) : null;
      },
      this.options,
    );
  }

  /** In-progress, unexpired requests waiting for this person's answer, oldest first. */
  async findAskedOf(personId: string, nowMs: number): Promise<IntroRequest[]> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(introRequestLookups.inbox, {
          personId,
          now: neo4j.int(nowMs),
        });

        return result.records.map((record) => toIntroRequest(record.get('r') as Node));
      },
      this.options,
    );
  }

  /**
   * Applies an answer in one transaction: locks the request, lets `apply` (the pure state
   * machine) decide, writes the new state, and on an introduction warms the ties the path used.
   * Throws whatever `apply` throws (ForbiddenError), writing nothing; an unknown id goes to
   * `apply` as null, which must throw.
   */
  async respond(
    id: string,
    apply: (request: IntroRequest | null) => ReturnType<ApplyIntroResponse>,
    nowMs: number,
  ): Promise<IntroResponseWrite> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        // Setting a property first takes the node's write lock, so concurrent answers queue.
        const locked = await tx.run(
          `MATCH (r:IntroRequest {id: $id})
           SET r.updatedAt = datetime({epochMillis: $now}) RETURN r`,
          { id, now: neo4j.int(nowMs) },
        );
        const node = locked.records[0]?.get('r') as Node | undefined;
        const { request, outcome } = apply(node ? toIntroRequest(node) : null);

        await tx.run(
          `MATCH (r:IntroRequest {id: $id})
           SET r.state = $state, r.hop = $hop, r.askedId = $askedId, r.message = $message`,
          { id, ...stateProperties(request, nowMs) },
        );
        const warmed =
          outcome === 'INTRODUCED' ? await warmTies(tx, request.nodeIds, nowMs) : noneWarmed;

        return { request, outcome, ...warmed };
      },
      this.options,
    );
  }

  /**
   * Whether an intro path can still carry an introduction, by the same rules as the path search:
   * every node exists, nobody inside the path opted out, each hop between people has trust in
   * at least one direction and distrust in neither, a business appears only as the target and is
   * reached through a role or the last person's trust. Also returns each hop's context (of the
   * stronger direction; null for a role) and the target's kind.
   */
  async checkPath(nodeIds: readonly string[]): Promise<PathCheck> {
    const rows = await readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(CHECK_PATH, { nodeIds: [...nodeIds] });

        return result.records.map((record) => record.toObject() as unknown as HopRow);
      },
      this.options,
    );
    const last = nodeIds.length - 1;
    const targetKind: NodeKind = rows.at(-1)?.toBusiness === true ? 'BUSINESS' : 'PERSON';
    const usable =
      rows.length === last && last >= 1 && rows.every((row, i) => isHopUsable(row, i, last));

    return { usable, targetKind, hopContexts: rows.map(hopContext) };
  }

  /** Sets whether a person hides their contacts; throws PersonNotFoundError for an unknown id. */
  async setHidesContacts(personId: string, hidden: boolean): Promise<boolean> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `MATCH (p:Person {id: $personId})
           SET p.hidesContacts = $hidden, p.updatedAt = datetime() RETURN p.id`,
          { personId, hidden },
        );
        if (result.records.length === 0) {
          throw new PersonNotFoundError(personId);
        }

        return hidden;
      },
      this.options,
    );
  }

  /** Which of the given people hide their contacts. */
  async findContactHiders(ids: readonly string[]): Promise<Set<string>> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          'MATCH (p:Person) WHERE p.id IN $ids AND p.hidesContacts = true RETURN p.id AS id',
          { ids: [...new Set(ids)] },
        );

        return new Set(result.records.map((record) => record.get('id') as string));
      },
      this.options,
    );
  }
}

export interface PathCheck {
  readonly usable: boolean;
  readonly targetKind: NodeKind;
  readonly hopContexts: readonly (TrustContext | null)[];
}

interface HopRow {
  readonly fromFound: boolean;
  readonly fromOptedOut: boolean;
  readonly toFound: boolean;
  readonly toBusiness: boolean;
  readonly forward: TieRow | null;
  readonly backward: TieRow | null;
  readonly roles: unknown;
}

interface TieRow {
  readonly strength: unknown;
  readonly distrust: boolean | null;
  readonly context: string;
}

// One row per hop, in order. A business has no outgoing trust, so its backward tie is null.
const CHECK_PATH = `
  UNWIND range(0, size($nodeIds) - 2) AS i
  OPTIONAL MATCH (a:Person {id: $nodeIds[i]})
  OPTIONAL MATCH (p:Person {id: $nodeIds[i + 1]})
  OPTIONAL MATCH (z:Business {id: $nodeIds[i + 1]})
  WITH i, a, coalesce(p, z) AS b
  OPTIONAL MATCH (a)-[f:TRUSTS]->(b)
  OPTIONAL MATCH (b)-[r:TRUSTS]->(a)
  OPTIONAL MATCH (a)-[role:OWNS|WORKS_AT]->(b)
  WITH i, a, b, f, r, count(role) AS roles
  RETURN a IS NOT NULL AS fromFound, coalesce(a.optedOut, false) AS fromOptedOut,
         b IS NOT NULL AS toFound, coalesce(b:Business, false) AS toBusiness,
         f {.strength, .distrust, .context} AS forward,
         r {.strength, .distrust, .context} AS backward, roles
  ORDER BY i
`;

function isCarrying(tie: TieRow | null): boolean {
  return tie !== null && tie.distrust !== true && Number(tie.strength) > 0;
}

function isHopUsable(row: HopRow, index: number, last: number): boolean {
  const insidePath = index > 0;
  if (!row.fromFound || !row.toFound || (insidePath && row.fromOptedOut)) {
    return false;
  }

  if (row.toBusiness) {
    return index + 1 === last && (toNumber(row.roles) > 0 || isCarrying(row.forward));
  }

  if (row.forward?.distrust === true || row.backward?.distrust === true) {
    return false;
  }

  return isCarrying(row.forward) || isCarrying(row.backward);
}

/** The context of the stronger direction; null for a role hop. */
function hopContext(row: HopRow): TrustContext | null {
  if (row.toBusiness && toNumber(row.roles) > 0) {
    return null;
  }

  const forward = isCarrying(row.forward) ? Number(row.forward?.strength) : -1;
  const backward = isCarrying(row.backward) ? Number(row.backward?.strength) : -1;
  const stronger = backward > forward ? row.backward : row.forward;

  return (stronger?.context ?? null) as TrustContext | null;
}

const noneWarmed = { version: null, tiesWarmed: 0 } as const;

/**
 * Sets `lastInteractionAt` to now on every TRUSTS tie between consecutive nodes of the path, in
 * both directions where they exist (distrust aside), and logs each as a TRUST_SET change so
 * projections and cached answers move on. Returns the last version produced.
 */
async function warmTies(
  tx: ManagedTransaction,
  nodeIds: readonly string[],
  nowMs: number,
): Promise<{ version: number | null; tiesWarmed: number }> {
  const result = await tx.run(
    `UNWIND range(0, size($nodeIds) - 2) AS i
     MATCH (a:Person {id: $nodeIds[i]})-[t:TRUSTS]-(b {id: $nodeIds[i + 1]})
     WHERE (b:Person OR b:Business) AND NOT coalesce(t.distrust, false)
     SET t.lastInteractionAt = datetime({epochMillis: $now})
     RETURN startNode(t).id AS fromId, endNode(t).id AS toId,
            CASE WHEN endNode(t):Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind,
            t.strength AS strength, t.context AS context`,
    { nodeIds: [...nodeIds], now: neo4j.int(nowMs) },
  );

  let version: number | null = null;
  for (const record of result.records) {
    version = await appendChange(tx, {
      type: 'TRUST_SET',
      fromId: record.get('fromId') as string,
      toId: record.get('toId') as string,
      toKind: record.get('toKind') as NodeKind,
      strength: Number(record.get('strength')),
      distrust: false,
      context: record.get('context') as TrustContext,
      lastInteractionAtMs: nowMs,
    });
  }

  return { version, tiesWarmed: result.records.length };
}

/** Expired requests keep no message: scrubs a bounded batch of them. */
async function sweepExpired(tx: ManagedTransaction, nowMs: number): Promise<void> {
  await tx.run(introRequestLookups.sweep, {
    now: neo4j.int(nowMs),
    limit: neo4j.int(EXPIRED_SWEEP_LIMIT),
  });
}

/**
 * Erasure, inside the transaction that deletes the person: requests they made are deleted, and
 * requests along a path through them end as BROKEN (UNAVAILABLE to the requester, like a
 * decline), without their id, the message, or the path's contexts.
 */
export async function scrubIntroRequestsOf(
  tx: ManagedTransaction,
  personId: string,
): Promise<void> {
  await tx.run(introRequestLookups.ofRequester, { personId });
  await tx.run(
    `MATCH (r:IntroRequest) WHERE $personId IN r.nodeIds
     SET r.state = 'BROKEN', r.askedId = null, r.message = null, r.hopContexts = [],
         r.nodeIds = [id IN r.nodeIds WHERE id <> $personId], r.updatedAt = datetime()`,
    { personId },
  );
}
