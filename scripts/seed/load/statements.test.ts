import { describe, expect, it } from 'vitest';
import type { SeedTrust } from '../network.ts';
import { createNodeRefs } from './node-refs.ts';
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
    const nodeRefs = createNodeRefs();
    nodeRefs.add('p1', '4:x:1');
    nodeRefs.add('p2', '4:x:2');
    const context: StatementContext = {
      mode: 'merge',
      isBusinessId: (id) => id.startsWith('b'),
      nodeRefs,
    };

    const statements = statementBuilders.trust(
      [tie('p1', 'p2'), tie('p1', 'p9'), tie('p2', 'b1')],
      context,
    );

    expect(statements).toHaveLength(3);
    expect(statements[0]?.query).toContain('elementId(b) = $refPrefix + toRef AND b.id = toId');
    expect(statements[0]?.params).toMatchObject({
      from: ['p1'],
      to: ['p2'],
      refPrefix: '4:x:',
      fromRef: ['1'],
      toRef: ['2'],
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

  it('sends each start node once per run of its rows', () => {
    const nodeRefs = createNodeRefs();
    for (const id of ['p1', 'p2', 'p3']) {
      nodeRefs.add(id, `4:x:${id.slice(1)}`);
    }
    const context: StatementContext = { mode: 'create', isBusinessId: () => false, nodeRefs };

    const [statement] = statementBuilders.trust(
      [tie('p1', 'p2'), tie('p1', 'p3'), tie('p2', 'p3')],
      context,
    );

    expect(statement?.params).toMatchObject({
      from: ['p1', 'p2'],
      fromRef: ['1', '2'],
      to: ['p2', 'p3', 'p3'],
      toRef: ['2', '3', '3'],
    });
    expect((statement?.params.first as unknown[]).map(Number)).toEqual([0, 2, 3]);
  });

  it('writes distrust with strength 0 and uses CREATE only in create mode', () => {
    const context: StatementContext = {
      mode: 'create',
      isBusinessId: () => false,
      nodeRefs: createNodeRefs(),
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
      nodeRefs: createNodeRefs(),
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
