/**
 * The error catalogue of the graph service. Each code is stable: once shipped, a code is never
 * renamed or reused. Messages name ids and limits, never personal data.
 */

export interface ErrorDefinition {
  readonly code: string;
  /** Expected errors are the client's to handle; unexpected ones mean someone must look. */
  readonly expected: boolean;
}

export abstract class WarmpathError extends Error {
  abstract readonly code: string;
  abstract readonly expected: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends WarmpathError {
  readonly code = 'INVALID_ARGUMENT';
  readonly expected = true;

  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export class PersonNotFoundError extends WarmpathError {
  readonly code = 'PERSON_NOT_FOUND';
  readonly expected = true;

  constructor(readonly personId: string) {
    super(`no person with id ${personId}`);
  }
}

export class BusinessNotFoundError extends WarmpathError {
  readonly code = 'BUSINESS_NOT_FOUND';
  readonly expected = true;

  constructor(readonly businessId: string) {
    super(`no business with id ${businessId}`);
  }
}

export class NodeNotFoundError extends WarmpathError {
  readonly code = 'NODE_NOT_FOUND';
  readonly expected = true;

  constructor(readonly nodeId: string) {
    super(`no person or business with id ${nodeId}`);
  }
}

export class HopLimitExceededError extends WarmpathError {
  readonly code = 'HOP_LIMIT_EXCEEDED';
  readonly expected = true;

  constructor(
    readonly maxHops: number,
    readonly limit: number,
  ) {
    super(`maxHops must be between 1 and ${limit}, got ${maxHops}`);
  }
}

export class SelfTrustError extends WarmpathError {
  readonly code = 'SELF_TRUST';
  readonly expected = true;

  constructor(readonly personId: string) {
    super(`person ${personId} cannot trust themselves`);
  }
}

export class ErasedIdError extends WarmpathError {
  readonly code = 'ID_ERASED';
  readonly expected = true;

  constructor(readonly personId: string) {
    super(`id ${personId} belongs to an erased person and cannot be reused`);
  }
}

export class ForbiddenError extends WarmpathError {
  readonly code = 'FORBIDDEN';
  readonly expected = true;
}

export class SearchTimeoutError extends WarmpathError {
  readonly code = 'SEARCH_TIMEOUT';
  readonly expected = false;

  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`intro path search exceeded ${timeoutMs} ms`, options);
  }
}

export class QueryTimeoutError extends WarmpathError {
  readonly code = 'QUERY_TIMEOUT';
  readonly expected = false;

  constructor(options?: { cause?: unknown }) {
    super('a graph store query exceeded its timeout', options);
  }
}

export class StorageUnavailableError extends WarmpathError {
  readonly code = 'STORAGE_UNAVAILABLE';
  readonly expected = false;

  constructor(options?: { cause?: unknown }) {
    super('the graph store did not answer', options);
  }
}

export class SchemaMissingError extends WarmpathError {
  readonly code = 'SCHEMA_MISSING';
  readonly expected = false;

  constructor(readonly missing: readonly string[]) {
    super(`the Neo4j schema is missing: ${missing.join(', ')}; run npm run migrate`);
  }
}

/** Every code the graph service can raise; the GraphQL ErrorCode enum and README list the same. */
export const errorCodes = [
  'INVALID_ARGUMENT',
  'PERSON_NOT_FOUND',
  'BUSINESS_NOT_FOUND',
  'NODE_NOT_FOUND',
  'HOP_LIMIT_EXCEEDED',
  'SELF_TRUST',
  'ID_ERASED',
  'FORBIDDEN',
  'SEARCH_TIMEOUT',
  'QUERY_TIMEOUT',
  'STORAGE_UNAVAILABLE',
  'SCHEMA_MISSING',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function isWarmpathError(value: unknown): value is WarmpathError {
  return value instanceof WarmpathError;
}
