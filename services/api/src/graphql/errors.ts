import { GraphQLError } from 'graphql';
import {
  BusinessNotFoundError,
  ErasedIdError,
  errorCodes,
  HopLimitExceededError,
  InvalidArgumentError,
  NodeNotFoundError,
  PersonNotFoundError,
  SelfTrustError,
  WarmpathError,
} from '../../../graph/src/index.ts';
import { builder } from './builder.ts';

/**
 * Codes the HTTP and GraphQL layers raise themselves, before any resolver runs: authentication,
 * document limits, cost and rate limits, persisted operations.
 */
export const apiErrorCodes = [
  'UNAUTHENTICATED',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'PERSISTED_QUERY_ONLY',
  'PERSISTED_QUERY_NOT_FOUND',
] as const;

/** Codes a client can see: the graph service's catalogue, the API's own, and INTERNAL. */
export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable codes of every error Warmpath reports. A code is never renamed or reused.',
  values: [...errorCodes, ...apiErrorCodes, 'INTERNAL'] as const,
});

// graphql-armor reports its limits as validation errors with these messages.
const armorCodes: readonly [RegExp, (typeof apiErrorCodes)[number]][] = [
  [/depth limit/i, 'QUERY_TOO_DEEP'],
  [/aliases limit/i, 'TOO_MANY_ALIASES'],
  [/directives limit/i, 'TOO_MANY_DIRECTIVES'],
  [/token limit/i, 'TOO_MANY_TOKENS'],
];

const ErrorInterface = builder.interfaceRef<WarmpathError>('Error').implement({
  description: 'An expected failure the client should handle.',
  fields: (t) => ({
    code: t.field({
      type: ErrorCodeEnum,
      description: 'Stable error code.',
      resolve: (error) => error.code as (typeof errorCodes)[number],
    }),
    message: t.exposeString('message', {
      description: 'What was wrong, by id; never personal data.',
    }),
  }),
});

// Each expected error class becomes an object type; the errors plugin maps thrown instances to it.
const expectedErrors = [
  [PersonNotFoundError, 'PersonNotFound', 'No person has the given id.'],
  [BusinessNotFoundError, 'BusinessNotFound', 'No business has the given id.'],
  [NodeNotFoundError, 'NodeNotFound', 'No person or business has the given id.'],
  [HopLimitExceededError, 'HopLimitExceeded', 'maxHops is outside 1..6.'],
  [SelfTrustError, 'SelfTrust', 'A person cannot trust themselves.'],
  [ErasedIdError, 'IdErased', 'The id belonged to an erased person and cannot be reused.'],
] as const;

for (const [errorClass, name, description] of expectedErrors) {
  builder.objectType(errorClass, {
    name,
    description,
    interfaces: [ErrorInterface],
    isTypeOf: (value) => value instanceof errorClass,
    fields: () => ({}),
  });
}

builder.objectType(InvalidArgumentError, {
  name: 'InvalidArgument',
  description: 'An argument failed validation.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidArgumentError,
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The argument or input field that was wrong.' }),
  }),
});

/** Error classes any field that takes ids or validated input may return as results. */
export const inputErrors = [InvalidArgumentError, PersonNotFoundError, NodeNotFoundError] as const;
export { BusinessNotFoundError, ErasedIdError, HopLimitExceededError, SelfTrustError };

/**
 * Turns an error that escaped the result unions into what the client sees: catalogue errors keep
 * their code and safe message, anything else becomes INTERNAL with a generic message. The full
 * error stays in the log.
 */
export function maskError(error: unknown): GraphQLError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof WarmpathError) {
    const message = original.expected
      ? original.message
      : 'The service could not answer in time; try again.';

    return new GraphQLError(message, { extensions: { code: original.code } });
  }

  if (error instanceof GraphQLError && !error.originalError) {
    const armorCode = armorCodes.find(([pattern]) => pattern.test(error.message))?.[1];

    return armorCode
      ? new GraphQLError(error.message, {
          nodes: error.nodes,
          extensions: { ...error.extensions, code: armorCode },
        })
      : error;
  }

  return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL' } });
}
