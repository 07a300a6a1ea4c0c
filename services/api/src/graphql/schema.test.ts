import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isInputObjectType, isInterfaceType, isObjectType, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../graph/src/index.ts';
import { apiErrorCodes } from './errors.ts';
import { buildSchema, printWarmpathSchema } from './schema.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

describe('GraphQL schema', () => {
  it('equals the committed schema/schema.graphql', async () => {
    const committed = await readFile(path.join(repoRoot, 'schema/schema.graphql'), 'utf8');

    expect(printWarmpathSchema()).toBe(committed);
  });

  it('lists exactly the catalogue codes plus INTERNAL in the ErrorCode enum', () => {
    const enumType = buildSchema().getType('ErrorCode') as GraphQLEnumType;

    expect(
      enumType
        .getValues()
        .map((value) => value.name)
        .sort(),
    ).toEqual([...errorCodes, ...apiErrorCodes, 'INTERNAL'].sort());
  });

  it('documents every error code in the README', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Error codes'),
      readme.indexOf('## How answers'),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);

    expect(documented.sort()).toEqual([...errorCodes, ...apiErrorCodes, 'INTERNAL'].sort());
  });

  it('describes every type and field', () => {
    const schema = buildSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)
      ) {
        continue;
      }
      if (!type.description) {
        undocumented.push(type.name);
      }
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        const fields: readonly { name: string; description?: string | null }[] = Object.values(
          type.getFields(),
        );
        for (const field of fields) {
          if (!field.description) {
            undocumented.push(`${type.name}.${field.name}`);
          }
        }
      }
    }

    expect(undocumented).toEqual([]);
  });
});
