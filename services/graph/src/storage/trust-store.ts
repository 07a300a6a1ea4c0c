import neo4j, { type Driver } from 'neo4j-driver';
import { BusinessNotFoundError, NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import type { Referral } from '../domain/referral.ts';
import { assertValidTrust, type Trust, type TrustInput } from '../domain/trust.ts';
import { appendChange } from './graph-log.ts';
import { toEpochMs, writeTransaction, type TransactionOptions } from './neo4j-values.ts';
import type { WriteResult } from './person-store.ts';

export interface ReferralInput {
  readonly referrerId: string;
  readonly referredId: string;
  readonly businessId: string;
  readonly at?: Date;
  readonly converted: boolean;
}

/** Writes TRUSTS and REFERRED relationships. */
export class TrustStore {
  constructor(
    private readonly driver: Driver,
    private readonly options: TransactionOptions,
  ) {}

  /** Creates or replaces the tie from a person to a person or business. */
  async setTrust(input: TrustInput, nowMs: number = Date.now()): Promise<WriteResult<Trust>> {
    assertValidTrust(input);
    const distrust = input.distrust ?? false;
    const lastInteractionAtMs = input.lastInteractionAt?.getTime() ?? nowMs;

    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `OPTIONAL MATCH (a:Person {id: $fromId})
           OPTIONAL MATCH (b) WHERE (b:Person OR b:Business) AND b.id = $toId
           OPTIONAL CALL (a, b) {
             WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
             MERGE (a)-[r:TRUSTS]->(b)
             ON CREATE SET r.since = coalesce($since, datetime({epochMillis: $lastInteractionAt}))
             SET r.strength = $strength, r.distrust = $distrust, r.context = $context,
                 r.lastInteractionAt = datetime({epochMillis: $lastInteractionAt}),
                 r.since = coalesce($since, r.since)
             RETURN r
           }
           RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound,
                  CASE WHEN b:Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind,
                  r.since AS since`,
          {
            fromId: input.fromId,
            toId: input.toId,
            strength: distrust ? 0 : input.strength,
            distrust,
            context: input.context,
            since: input.since ? input.since.toISOString() : null,
            lastInteractionAt: neo4j.int(lastInteractionAtMs),
          },
        );
        const record = result.records[0];
        if (record?.get('fromFound') !== true) {
          throw new PersonNotFoundError(input.fromId);
        }
        if (record.get('toFound') !== true) {
          throw new NodeNotFoundError(input.toId);
        }

        const toKind = record.get('toKind') as NodeKind;
        const version = await appendChange(tx, {
          type: 'TRUST_SET',
          fromId: input.fromId,
          toId: input.toId,
          toKind,
          strength: distrust ? 0 : input.strength,
          distrust,
          context: input.context,
          lastInteractionAtMs,
        });
        const trust: Trust = {
          fromId: input.fromId,
          toId: input.toId,
          strength: distrust ? 0 : input.strength,
          distrust,
          context: input.context,
          since: new Date(toEpochMs(record.get('since')) ?? lastInteractionAtMs),
          lastInteractionAt: new Date(lastInteractionAtMs),
        };

        return { value: trust, version };
      },
      this.options,
    );
  }

  /** Removes the tie; returns false (and writes nothing) when there was none. */
  async removeTrust(
    fromId: string,
    toId: string,
  ): Promise<WriteResult<boolean> | { value: false; version: null }> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `MATCH (:Person {id: $fromId})-[r:TRUSTS]->(b {id: $toId}) WHERE b:Person OR b:Business
           DELETE r RETURN count(*) AS removed`,
          { fromId, toId },
        );
        const removed = Number(result.records[0]?.get('removed') ?? 0);
        if (removed === 0) {
          return { value: false as const, version: null };
        }

        const version = await appendChange(tx, { type: 'TRUST_REMOVED', fromId, toId });

        return { value: true, version };
      },
      this.options,
    );
  }

  /** Records a past introduction. Referrals do not change intro paths, so no change is logged. */
  async recordReferral(input: ReferralInput): Promise<Referral> {
    const atMs = input.at?.getTime() ?? Date.now();

    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `OPTIONAL MATCH (a:Person {id: $referrerId})
           OPTIONAL MATCH (b:Person {id: $referredId})
           OPTIONAL MATCH (biz:Business {id: $businessId})
           OPTIONAL CALL (a, b, biz) {
             WITH a, b, biz WHERE a IS NOT NULL AND b IS NOT NULL AND biz IS NOT NULL
             CREATE (a)-[r:REFERRED {id: randomUUID(), businessId: biz.id,
                     at: datetime({epochMillis: $at}), converted: $converted}]->(b)
             RETURN r.id AS id
           }
           RETURN a IS NOT NULL AS referrer, b IS NOT NULL AS referred, biz IS NOT NULL AS business, id`,
          { ...input, at: neo4j.int(atMs) },
        );
        const record = result.records[0];
        if (record?.get('referrer') !== true) {
          throw new PersonNotFoundError(input.referrerId);
        }
        if (record.get('referred') !== true) {
          throw new PersonNotFoundError(input.referredId);
        }
        if (record.get('business') !== true) {
          throw new BusinessNotFoundError(input.businessId);
        }

        return {
          referrerId: input.referrerId,
          referredId: input.referredId,
          businessId: input.businessId,
          at: new Date(atMs),
          converted: input.converted,
        };
      },
      this.options,
    );
  }
}
