import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { Log } from '../../../graph/src/log.ts';
import type { GraphService } from '../../../graph/src/index.ts';

export interface GraphQLContext {
  readonly graph: GraphService;
  /** The request's child logger: ids, counts and durations only. */
  readonly log: Log;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
}>({
  plugins: [ErrorsPlugin],
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
