import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import {
  ForbiddenError,
  hasScope,
  type GraphService,
  type Identity,
  type PathTokens,
} from '../../../graph/src/index.ts';
import type { Log } from '../../../graph/src/log.ts';

export interface GraphQLContext {
  readonly graph: GraphService;
  /** The request's child logger: ids, counts and durations only. */
  readonly log: Log;
  /** The API key and, when it acts for an owner, the viewer. */
  readonly identity: Identity;
  readonly tokens: PathTokens;
}

/** The viewer a request acts for, or FORBIDDEN when the key acts for nobody. */
export function requireViewer(ctx: GraphQLContext): string {
  if (!ctx.identity.viewerId) {
    throw new ForbiddenError('this query acts for a viewer: send the x-warmpath-viewer header');
  }

  return ctx.identity.viewerId;
}

/** Admin keys act for anyone; other keys only for their viewer. */
export function assertActsFor(ctx: GraphQLContext, personId: string, field: string): void {
  if (hasScope(ctx.identity.key, 'admin') || ctx.identity.viewerId === personId) {
    return;
  }

  throw new ForbiddenError(`${field} must be the viewer for this key`);
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  AuthScopes: {
    pathsRead: boolean;
    graphRead: boolean;
    graphWrite: boolean;
    admin: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
}>({
  plugins: [ErrorsPlugin, ScopeAuthPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  errors: {
    directResult: true,
    defaultUnionOptions: {
      description: 'The field’s value, or an expected error implementing Error.',
    },
    defaultResultOptions: {
      description: 'The field’s value when it is not an error.',
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      pathsRead: hasScope(ctx.identity.key, 'paths:read'),
      graphRead: hasScope(ctx.identity.key, 'graph:read'),
      graphWrite: hasScope(ctx.identity.key, 'graph:write'),
      admin: hasScope(ctx.identity.key, 'admin'),
    }),
    unauthorizedError: (_parent, _ctx, info) =>
      new ForbiddenError(
        `this key’s scopes do not allow ${info.parentType.name}.${info.fieldName}`,
      ),
  },
  // Costs: 1 per field selected, lists not multiplied; expensive fields say what they cost
  // (introPaths grows with first × maxHops).
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 1,
  },
});

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) {
      throw new TypeError('DateTime must be an ISO 8601 string');
    }

    return date;
  },
});

builder.queryType({ description: 'Reads: people, businesses and the intro paths between them.' });
builder.mutationType({
  description: 'Writes to the trust graph. Each moves the graph version on.',
});
