import type { Driver, ManagedTransaction, Node } from 'neo4j-driver';
import { ErasedIdError, PersonNotFoundError } from '../domain/errors.ts';
import type { Person, PersonInput } from '../domain/person.ts';
import { appendChange } from './graph-log.ts';
import { scrubIntroRequestsOf } from './intro-request-store.ts';
import {
  readTransaction,
  toDate,
  toNumber,
  writeTransaction,
  type TransactionOptions,
} from './neo4j-values.ts';

export interface WriteResult<T> {
  readonly value: T;
  /** The graph version the write produced. */
  readonly version: number;
}

export function toPerson(node: Node): Person {
  const p = node.properties as Record<string, unknown>;

  return {
    id: p.id as string,
    name: p.name as string,
    optedOut: p.optedOut === true,
    createdAt: toDate(p.createdAt),
    updatedAt: toDate(p.updatedAt),
  };
}

/** Reads and writes Person nodes. Every write appends to the change log in the same transaction. */
export class PersonStore {
  constructor(
    private readonly driver: Driver,
    private readonly options: TransactionOptions,
  ) {}

  /** People by id, in no particular order; unknown ids are left out. */
  async findPeople(ids: readonly string[]): Promise<Person[]> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run('MATCH (p:Person) WHERE p.id IN $ids RETURN p', { ids });

        return result.records.map((record) => toPerson(record.get('p') as Node));
      },
      this.options,
    );
  }

  async findPerson(id: string): Promise<Person | null> {
    const [person] = await this.findPeople([id]);

    return person ?? null;
  }

  /** Whether some trust joins the two people, in either direction, with no distrust either way. */
  async areContacts(personId: string, otherId: string): Promise<boolean> {
    return readTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `MATCH (a:Person {id: $personId})-[t:TRUSTS]-(b:Person {id: $otherId})
           RETURN count(t) > 0 AND all(tie IN collect(t) WHERE NOT coalesce(tie.distrust, false))
                  AND any(tie IN collect(t) WHERE tie.strength > 0) AS contacts`,
          { personId, otherId },
        );

        return result.records[0]?.get('contacts') === true;
      },
      this.options,
    );
  }

  async upsertPerson(input: PersonInput): Promise<WriteResult<Person>> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const erased = await tx.run('MATCH (e:ErasedId {id: $id}) RETURN e.id', { id: input.id });
        if (erased.records.length > 0) {
          throw new ErasedIdError(input.id);
        }

        const result = await tx.run(
          `MERGE (p:Person {id: $id})
           ON CREATE SET p.createdAt = datetime(), p.optedOut = coalesce($optedOut, false)
           SET p.name = $name, p.updatedAt = datetime(),
               p.optedOut = coalesce($optedOut, p.optedOut)
           RETURN p`,
          { id: input.id, name: input.name, optedOut: input.optedOut ?? null },
        );
        const person = toPerson(result.records[0]?.get('p') as Node);
        const version = await appendChange(tx, {
          type: 'PERSON_UPSERTED',
          personId: person.id,
          optedOut: person.optedOut,
        });

        return { value: person, version };
      },
      this.options,
    );
  }

  async setOptOut(id: string, optedOut: boolean): Promise<WriteResult<Person>> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          'MATCH (p:Person {id: $id}) SET p.optedOut = $optedOut, p.updatedAt = datetime() RETURN p',
          { id, optedOut },
        );
        const node = result.records[0]?.get('p') as Node | undefined;
        if (!node) {
          throw new PersonNotFoundError(id);
        }

        const version = await appendChange(tx, { type: 'PERSON_UPSERTED', personId: id, optedOut });

        return { value: toPerson(node), version };
      },
      this.options,
    );
  }

  /**
   * Removes the person and every tie, records the erasure (an id and a time, nothing personal)
   * so imports refuse the id, and scrubs the id from the change log.
   */
  async deletePerson(
    id: string,
    actorKeyId: string | null = null,
  ): Promise<WriteResult<{ relationshipsRemoved: number }>> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          `MATCH (p:Person {id: $id})
           OPTIONAL MATCH (p)-[r]-()
           WITH p, count(r) AS relationships
           DETACH DELETE p
           MERGE (e:ErasedId {id: $id}) ON CREATE SET e.erasedAt = datetime()
           RETURN relationships`,
          { id },
        );
        const record = result.records[0];
        if (!record) {
          throw new PersonNotFoundError(id);
        }

        await scrubIntroRequestsOf(tx, id);
        await tx.run(
          `MATCH (c:GraphChange) WHERE $id IN c.ids
           SET c.type = 'REDACTED', c.payload = '{"type":"REDACTED"}', c.ids = []`,
          { id },
        );
        const version = await appendChange(tx, { type: 'PERSON_DELETED', personId: id });
        const relationshipsRemoved = toNumber(record.get('relationships'));
        await recordAudit(tx, 'PERSON_ERASED', actorKeyId, { relationshipsRemoved, version });

        return { value: { relationshipsRemoved }, version };
      },
      this.options,
    );
  }

  /**
   * Lets an erased id be used again (an admin decision, e.g. the person came back and asked);
   * returns false when the id was not erased.
   */
  async liftErasure(id: string, actorKeyId: string | null = null): Promise<boolean> {
    return writeTransaction(
      this.driver,
      async (tx) => {
        const result = await tx.run(
          'MATCH (e:ErasedId {id: $id}) DELETE e RETURN count(*) AS lifted',
          { id },
        );
        const lifted = toNumber(result.records[0]?.get('lifted') ?? 0) > 0;
        if (lifted) {
          await recordAudit(tx, 'ERASURE_LIFTED', actorKeyId, {});
        }

        return lifted;
      },
      this.options,
    );
  }
}

/**
 * An audit entry: what happened, when, by which key, with counts. Never the person's id, name or
 * ties (ErasedId keeps the bare id only so imports can refuse it).
 */
async function recordAudit(
  tx: ManagedTransaction,
  action: 'PERSON_ERASED' | 'ERASURE_LIFTED',
  actorKeyId: string | null,
  counts: Record<string, number>,
): Promise<void> {
  await tx.run(
    'CREATE (:AuditEntry {at: datetime(), action: $action, keyId: $keyId, counts: $counts})',
    {
      action,
      keyId: actorKeyId,
      counts: JSON.stringify(counts),
    },
  );
}
