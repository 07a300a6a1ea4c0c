import path from 'node:path';
import { Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readPersistedOperations } from './persisted-operations.ts';
import { buildSchema } from './schema.ts';

describe('persisted operations', () => {
  it('are all valid against the schema, one named operation each', async () => {
    const operations = await readPersistedOperations(
      path.resolve(import.meta.dirname, '../../../../schema/operations'),
    );
    const schema = buildSchema();

    const problems = [...operations.values()].flatMap((text) => {
      const document = parse(text);
      const named = document.definitions.filter(
        (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name,
      );

      return [
        ...validate(schema, document).map((error) => error.message),
        ...(named.length === 1 ? [] : ['not one named operation']),
      ];
    });

    expect(operations.size).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });
});
