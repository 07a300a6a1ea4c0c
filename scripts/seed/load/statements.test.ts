import { describe, expect, it } from 'vitest';
import type { SeedTrust } from '../network.ts';
import { statementBuilders, type StatementContext } from './statements.ts';

const tie = (fromId: string, toId: string): SeedTrust => ({
  fromId,
  toId,
  strength: 0.4,
  context: 'FRIEND',
  since: 1_600_000_000_000,
});

describe('relationship statements', () => {
  it('matches ends by elementId when the load knows them, else by label and id', () => {
    const refs = new Map([
      ['p1', '4:x:1'],
      ['p2', '4:x:2'],
    ]);
    const context: StatementContext = {
      mode: 'merge',
      isBusinessId: (id) => id.startsWith('b'),
      refOf: (id) => refs.get(id),
    };

    const statements = statementBuilders.trust(
      [tie('p1', 'p2'), tie('p1', 'p9'), tie('p2', 'b1')],
      context,
    );

    expect(statements).toHaveLength(3);
    expect(statements[0]?.query).toContain('elementId(a) = fromRef AND a.id = fromId');
    expect(statements[0]?.params).toMatchObject({
      from: ['p1'],
      to: ['p2'],
      fromRef: ['4:x:1'],
      toRef: ['4:x:2'],
    });
    expect(statements[1]?.query).toContain('MATCH (b:Person {id: toId})');
    expect(statements[1]?.params).toMatchObject({
      from: ['p1'],
      to: ['p9'],
      strength: [0.4],
      last: [null],
    });
    expect(statements[2]?.query).toContain('MATCH (b:Business {id: toId})');
  });

  it('writes distrust with strength 0 and uses CREATE only in create mode', () => {
    const context: StatementContext = {
      mode: 'create',
      isBusinessId: () => false,
      refOf: () => undefined,
    };

    const [statement] = statementBuilders.trust([{ ...tie('p1', 'p2'), distrust: true }], context);

    expect(statement?.params).toMatchObject({ strength: [0], distrust: [true] });
    expect(statement?.query).toContain('CREATE (a)-[:TRUSTS');
    expect(statement?.query).not.toContain('MERGE');
  });

  it('splits roles by relationship type', () => {
    const context: StatementContext = {
      mode: 'merge',
      isBusinessId: () => true,
      refOf: () => undefined,
    };

    const statements = statementBuilders.roles(
      [
        { personId: 'p1', businessId: 'b1', role: 'OWNS' },
        { personId: 'p2', businessId: 'b1', role: 'WORKS_AT' },
      ],
      context,
    );

    expect(statements.map((s) => /\[:(\w+)\]/.exec(s.query)?.[1])).toEqual(['OWNS', 'WORKS_AT']);
  });
});
