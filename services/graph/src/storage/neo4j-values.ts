import neo4j from 'neo4j-driver';
import type { Driver, ManagedTransaction, Session, SessionMode } from 'neo4j-driver';
import { QueryTimeoutError, StorageUnavailableError, WarmpathError } from '../domain/errors.ts';

/** Converts a driver temporal value (or null) into milliseconds since the epoch. */
export function toEpochMs(value: unknown): number | null {
  if (value === null || value === undefined) {
    return null;
  }

  if (neo4j.isDateTime(value) || neo4j.isDate(value) || neo4j.isLocalDateTime(value)) {
    return value.toStandardDate().getTime();
  }

  if (typeof value === 'number') {
    return value;
  }

  throw new TypeError(`expected a temporal value, got ${typeof value}`);
}

export function toDate(value: unknown): Date {
  return new Date(toEpochMs(value) ?? 0);
}

/** Converts a driver integer (or a plain number) into a number. */
export function toNumber(value: unknown): number {
  if (neo4j.isInt(value)) {
    return value.toNumber();
  }

  if (typeof value === 'number') {
    return value;
  }

  if (typeof value === 'bigint') {
    return Number(value);
  }

  throw new TypeError(`expected a number, got ${typeof value}`);
}

export interface TransactionOptions {
  readonly timeoutMs: number;
}

type Work<T> = (tx: ManagedTransaction) => Promise<T>;

/**
 * Runs read work in a managed transaction (which retries transient errors within the driver's
 * maxTransactionRetryTime) with a server-side timeout, turning driver failures into catalogue
 * errors. The session is always closed.
 */
export async function readTransaction<T>(
  driver: Driver,
  work: Work<T>,
  options: TransactionOptions,
): Promise<T> {
  return runInSession(driver, neo4j.session.READ, (session) =>
    session.executeRead(work, { timeout: options.timeoutMs }),
  );
}

export async function writeTransaction<T>(
  driver: Driver,
  work: Work<T>,
  options: TransactionOptions,
): Promise<T> {
  return runInSession(driver, neo4j.session.WRITE, (session) =>
    session.executeWrite(work, { timeout: options.timeoutMs }),
  );
}

async function runInSession<T>(
  driver: Driver,
  accessMode: SessionMode,
  run: (session: Session) => Promise<T>,
): Promise<T> {
  const session = driver.session({ defaultAccessMode: accessMode });
  try {
    return await run(session);
  } catch (error) {
    throw translateDriverError(error);
  } finally {
    await session.close();
  }
}

/** Leaves catalogue errors alone; maps timeouts and connection failures; keeps the cause. */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof WarmpathError) {
    return error;
  }

  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.includes('TransactionTimedOut')) {
    return new QueryTimeoutError({ cause: error });
  }

  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new StorageUnavailableError({ cause: error });
  }

  return error;
}

/**
 * Streams a read query's records in batches of `batchSize`, record by record from the driver, so
 * memory stays flat however many rows there are. The session is always closed.
 */
export async function* streamBatches<T>(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown>,
  map: (record: { get(key: string): unknown }) => T,
  batchSize = 10_000,
): AsyncGenerator<T[]> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ, fetchSize: batchSize });
  try {
    let batch: T[] = [];
    for await (const record of session.run(cypher, params)) {
      batch.push(map(record));
      if (batch.length === batchSize) {
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
