import type { Driver } from 'neo4j-driver';
import type { BusinessRole } from '../domain/business.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import { trustContexts, type TrustContext } from '../domain/trust.ts';
import type {
  BusinessColumns,
  BusinessRecord,
  ColumnarProjectionSource,
  PersonColumns,
  PersonRecord,
  ProjectionSource,
  RoleColumns,
  RoleRecord,
  TieColumns,
  TieRecord,
} from '../engine/projection-source.ts';
import { streamBatches, toEpochMs } from './neo4j-values.ts';

/**
 * Reads the graph out of Neo4j for building the in-memory projection. `TrustProjection.build`
 * takes the columnar streams: each record carries whole lists (node keys, strengths, times) for a
 * bucket of nodes, with internal node ids as keys and numbers sent as floats (which the driver
 * decodes to plain numbers, where integers would each become an object). The record streams
 * remain for callers that want one object per record.
 */

/** Internal ids per people query. */
const NODE_BUCKET = 50_000;
/** Trusting people per tie query; with about ten ties each, some 200,000 ties per query. */
const TRUSTERS_PER_QUERY = 20_000;
/**
 * Internal ids per returned record. The driver reassembles a record from 64 KB chunks and reads
 * it byte by byte through a chunk list, which costs time in proportion to the chunk count, so
 * records are kept to some 5,000 ties (a few hundred kilobytes): ten times larger measured
 * five times slower per tie. The driver sends JavaScript numbers as floats, so the queries divide
 * by `toInteger($keysPerRecord)`: a float divisor would give every key a group of its own.
 */
const KEYS_PER_RECORD = 512;
/** Queries in flight: one keeps Neo4j reading while this process decodes the other. */
const QUERY_CONCURRENCY = 2;
const OTHER_CONTEXT = trustContexts.indexOf('OTHER');

const MAX_PERSON_KEY = 'MATCH (p:Person) RETURN max(id(p)) AS maxKey';

/**
 * People whose internal id falls in [lo, hi), sought one id at a time (ids are dense). Nodes
 * without an id are skipped, as `collect` would drop the null and misalign the lists.
 */
const PEOPLE_COLUMNS = `
  UNWIND range(toInteger($lo), toInteger($hi) - 1) AS key
  MATCH (p:Person) WHERE id(p) = key AND p.id IS NOT NULL
  RETURN key / toInteger($keysPerRecord) AS part, collect(toFloat(key)) AS keys, collect(p.id) AS ids,
         collect(CASE WHEN p.optedOut = true THEN 1.0 ELSE 0.0 END) AS optedOut`;

const BUSINESS_COLUMNS = `
  MATCH (b:Business) WHERE b.id IS NOT NULL
  WITH b, id(b) AS key
  RETURN key / toInteger($bucket) AS bucket, collect(toFloat(key)) AS keys, collect(b.id) AS ids`;

/** Flags pack distrust (bit 0) above the context's index, so one float carries both. */
const TIE_COLUMNS = `
  UNWIND $keys AS key
  MATCH (a) WHERE id(a) = key
  MATCH (a)-[t:TRUSTS]->(b)
  RETURN toInteger(key) / toInteger($keysPerRecord) AS part, collect(toFloat(key)) AS fromKeys, collect(toFloat(id(b))) AS toKeys,
         collect(toFloat(coalesce(t.strength, 0))) AS strengths,
         collect(toFloat(coalesce($contextIndex[t.context], $otherContext) * 2 +
           CASE WHEN t.distrust = true THEN 1 ELSE 0 END)) AS flags,
         collect(toFloat(coalesce(t.lastInteractionAt.epochMillis, 0))) AS times`;

const ROLE_COLUMNS = `
  MATCH (p:Person)-[r:OWNS|WORKS_AT]->(b:Business)
  RETURN id(p) / toInteger($keysPerRecord) AS part, collect(toFloat(id(p))) AS personKeys, collect(toFloat(id(b))) AS businessKeys,
         collect(CASE type(r) WHEN 'OWNS' THEN 0.0 ELSE 1.0 END) AS roles`;

export class Neo4jProjectionSource implements ProjectionSource, ColumnarProjectionSource {
  /** Person keys seen by `personColumns`, so the tie queries can seek people by id. */
  private personKeys: number[] = [];

  constructor(private readonly driver: Driver) {}

  /** People by ranges of `NODE_BUCKET` internal ids, `QUERY_CONCURRENCY` queries in flight. */
  async *personColumns(): AsyncIterable<PersonColumns> {
    this.personKeys = [];
    const { records } = await this.driver.executeQuery(MAX_PERSON_KEY, {}, { routing: 'READ' });
    const maxKey = Number(records[0]?.get('maxKey') ?? -1);
    const reads: (() => Promise<PersonColumns[]>)[] = [];
    for (let lo = 0; lo <= maxKey; lo += NODE_BUCKET) {
      reads.push(() => this.readPeopleChunk(lo, lo + NODE_BUCKET));
    }

    for await (const batches of inFlight(reads, QUERY_CONCURRENCY)) {
      for (const batch of batches) {
        for (let i = 0; i < batch.keys.length; i++) {
          this.personKeys.push(batch.keys[i] ?? 0);
        }

        yield batch;
      }
    }
  }

  async *businessColumns(): AsyncIterable<BusinessColumns> {
    for await (const record of this.records(BUSINESS_COLUMNS, { bucket: KEYS_PER_RECORD })) {
      yield { keys: record.get('keys') as number[], ids: record.get('ids') as string[] };
    }
  }

  /**
   * Ties of `TRUSTERS_PER_QUERY` people at a time, sought by internal id, `QUERY_CONCURRENCY`
   * queries in flight; batches come out in query order. Reads the person keys first when
   * `personColumns` has not run.
   */
  async *tieColumns(): AsyncIterable<TieColumns> {
    if (this.personKeys.length === 0) {
      for await (const batch of this.personColumns()) {
        void batch;
      }
    }

    const chunks: number[][] = [];
    for (let start = 0; start < this.personKeys.length; start += TRUSTERS_PER_QUERY) {
      chunks.push(this.personKeys.slice(start, start + TRUSTERS_PER_QUERY));
    }

    const contextIndex = Object.fromEntries(trustContexts.map((context, i) => [context, i]));
    const reads = chunks.map((keys) => () => this.readTieChunk(keys, contextIndex));
    for await (const batches of inFlight(reads, QUERY_CONCURRENCY)) {
      yield* batches;
    }
  }

  async *roleColumns(): AsyncIterable<RoleColumns> {
    for await (const record of this.records(ROLE_COLUMNS, { keysPerRecord: KEYS_PER_RECORD })) {
      const roles = record.get('roles') as number[];
      yield {
        count: roles.length,
        personKeys: record.get('personKeys') as number[],
        businessKeys: record.get('businessKeys') as number[],
        roles,
      };
    }
  }

  people(): AsyncIterable<readonly PersonRecord[]> {
    return streamBatches(
      this.driver,
      'MATCH (p:Person) WHERE p.id IS NOT NULL RETURN p.id AS id, coalesce(p.optedOut, false) AS optedOut',
      {},
      (r) => ({
        id: r.get('id') as string,
        optedOut: r.get('optedOut') === true,
      }),
    );
  }

  businesses(): AsyncIterable<readonly BusinessRecord[]> {
    return streamBatches(
      this.driver,
      'MATCH (b:Business) WHERE b.id IS NOT NULL RETURN b.id AS id',
      {},
      (r) => ({
        id: r.get('id') as string,
      }),
    );
  }

  ties(): AsyncIterable<readonly TieRecord[]> {
    return streamBatches(
      this.driver,
      `MATCH (a:Person)-[t:TRUSTS]->(b)
       RETURN a.id AS fromId, b.id AS toId, CASE WHEN b:Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind,
              t.strength AS strength, coalesce(t.distrust, false) AS distrust, t.context AS context,
              t.lastInteractionAt AS lastInteractionAt`,
      {},
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
    return streamBatches(
      this.driver,
      `MATCH (p:Person)-[r:OWNS|WORKS_AT]->(b:Business) RETURN p.id AS personId, b.id AS businessId, type(r) AS role`,
      {},
      (r) => ({
        personId: r.get('personId') as string,
        businessId: r.get('businessId') as string,
        role: r.get('role') as BusinessRole,
      }),
    );
  }

  private async readPeopleChunk(lo: number, hi: number): Promise<PersonColumns[]> {
    const { records } = await this.driver.executeQuery(
      PEOPLE_COLUMNS,
      { lo, hi, keysPerRecord: KEYS_PER_RECORD },
      { routing: 'READ' },
    );

    return records.map((record) => ({
      keys: record.get('keys') as number[],
      ids: record.get('ids') as string[],
      optedOut: record.get('optedOut') as number[],
    }));
  }

  private async readTieChunk(
    keys: number[],
    contextIndex: Record<string, number>,
  ): Promise<TieColumns[]> {
    const parameters = {
      keys: keys.map((key) => Math.trunc(key)),
      contextIndex,
      otherContext: OTHER_CONTEXT,
      keysPerRecord: KEYS_PER_RECORD,
    };
    const { records } = await this.driver.executeQuery(TIE_COLUMNS, parameters, {
      routing: 'READ',
    });

    return records.map((record) => toTieColumns(record));
  }

  /** One auto-commit read query, its records streamed as they arrive. */
  private async *records(
    cypher: string,
    parameters: Record<string, unknown>,
  ): AsyncGenerator<{ get(key: string): unknown }> {
    const session = this.driver.session({ defaultAccessMode: 'READ', fetchSize: 10 });
    try {
      for await (const record of session.run(cypher, parameters)) {
        yield record;
      }
    } finally {
      await session.close();
    }
  }
}

/** Splits the packed flags back into distrust and context columns. */
function toTieColumns(record: { get(key: string): unknown }): TieColumns {
  const flags = record.get('flags') as number[];
  const distrust = new Uint8Array(flags.length);
  const contexts = new Uint8Array(flags.length);
  for (let i = 0; i < flags.length; i++) {
    const packed = flags[i] ?? 0;
    distrust[i] = packed % 2;
    contexts[i] = Math.floor(packed / 2);
  }

  return {
    count: flags.length,
    fromKeys: record.get('fromKeys') as number[],
    toKeys: record.get('toKeys') as number[],
    strengths: record.get('strengths') as number[],
    distrust,
    contexts,
    lastInteractionAtMs: record.get('times') as number[],
  };
}

/** Runs `reads` with at most `concurrency` in flight and yields their results in order. */
async function* inFlight<T>(
  reads: readonly (() => Promise<T>)[],
  concurrency: number,
): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  while (next < reads.length || pending.length > 0) {
    while (pending.length < concurrency && next < reads.length) {
      const read = reads[next++] as () => Promise<T>;
      const started = read();
      // Handled when its turn comes; this keeps an early failure from going unobserved.
      started.catch(() => undefined);
      pending.push(started);
    }

    yield await (pending.shift() as Promise<T>);
  }
}
