import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaticGraphLookup } from './graph-lookup.ts';
import { formatIssue } from './import-issue.ts';
import { inferFormat, planImport } from './plan-import.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
let cwd: string;

beforeEach(() => {
  cwd = process.cwd();
});

afterEach(() => {
  process.chdir(cwd);
});

describe('planImport with bad rows', () => {
  it('reports every bad row of CSV and JSONL files as file:line, field and reason', async () => {
    process.chdir(fixtures);
    const lookup = createStaticGraphLookup(
      new Map([
        ['g1', 'Person'],
        ['p2', 'Person'],
      ]),
      new Set(['x1']),
    );

    const plan = await planImport(
      ['people-bad.csv', 'trust-bad.csv', 'mixed-bad.jsonl'],
      {},
      lookup,
    );

    expect(plan.issues.map(formatIssue)).toEqual([
      'people-bad.csv:4: id: duplicate id: already a person at people-bad.csv:3',
      'people-bad.csv:5: id: empty',
      'people-bad.csv:6: row: expected 4 columns, found 3',
      'people-bad.csv:7: optedOut: must be true or false',
      'people-bad.csv:8: id: invalid id: must be 1-128 letters, digits or ._:- characters',
      'people-bad.csv:9: name: empty',
      'trust-bad.csv:3: toId: duplicate relationship: first at trust-bad.csv:2',
      'trust-bad.csv:4: toId: self-trust: a person cannot trust themselves',
      'trust-bad.csv:5: toId: unknown id: neither in the input nor in the graph',
      'trust-bad.csv:6: strength: out of range [0, 1]',
      'trust-bad.csv:7: context: unknown context (expected one of FAMILY, FRIEND, NEIGHBOUR, COWORKER, CUSTOMER, CLUB, OTHER)',
      'trust-bad.csv:8: strength: must be 0 or empty for distrust',
      'trust-bad.csv:10: lastInteractionAt: before since',
      'trust-bad.csv:11: fromId: erased id: this person was deleted and must not be imported again',
      'trust-bad.csv:12: since: not an ISO-8601 date',
      'mixed-bad.jsonl:2: source: unknown source (expected one of REFERRAL, SEARCH, ADS, WALK_IN, SOCIAL)',
      'mixed-bad.jsonl:3: convertedAt: before at',
      'mixed-bad.jsonl:4: row: not a JSON object',
      'mixed-bad.jsonl:5: kind: unknown kind (expected one of people, businesses, trust, roles, customers, referrals, leads)',
      'mixed-bad.jsonl:6: referredId: self-referral: referrer and referred are the same person',
      'mixed-bad.jsonl:7: businessId: is a person, expected a business',
      'mixed-bad.jsonl:8: value: must not be negative',
      'mixed-bad.jsonl:9: id: duplicate id: already a business at mixed-bad.jsonl:1',
      'mixed-bad.jsonl:10: colour: unknown field for people',
    ]);
    expect(plan.validated.network.people.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(plan.validated.network.trust.map((t) => `${t.fromId}>${t.toId}`)).toEqual([
      'p1>p2',
      'p2>g1',
    ]);
    expect(plan.validated.network.roles).toHaveLength(1);
  });

  it('refuses people whose ids were erased, and rows naming them', async () => {
    process.chdir(fixtures);
    const lookup = createStaticGraphLookup(new Map(), new Set(['p1']));

    const plan = await planImport(['people-bad.csv'], {}, lookup);

    expect(plan.issues.map(formatIssue)).toContain(
      'people-bad.csv:2: id: erased id: this person was deleted and must not be imported again',
    );
    expect(plan.validated.network.people.map((p) => p.id)).toEqual(['p2']);
  });

  it('reports bad SNAP lines, skips the header and counts self-loops apart', async () => {
    process.chdir(fixtures);

    const plan = await planImport(['snap-bad.csv'], { idPrefix: 'q-' }, createStaticGraphLookup());

    expect(plan.issues.map(formatIssue)).toEqual([
      'snap-bad.csv:5: toId: duplicate relationship: first at snap-bad.csv:2',
      'snap-bad.csv:6: target: not a numeric node id',
      'snap-bad.csv:7: rating: out of range [-10, 10]',
      'snap-bad.csv:9: time: not a time in seconds since the epoch',
    ]);
    expect(plan.files[0]).toMatchObject({ format: 'snap', edgeLines: 8, selfLoops: 1 });
    expect(plan.validated.network.trust).toEqual([
      {
        fromId: 'q-1',
        toId: 'q-2',
        strength: 0.4,
        distrust: false,
        context: 'OTHER',
        since: 1289241911500,
        lastInteractionAt: 1289241911500,
      },
      {
        fromId: 'q-2',
        toId: 'q-1',
        strength: 0,
        distrust: true,
        context: 'OTHER',
        since: 1289241942000,
        lastInteractionAt: 1289241942000,
      },
      { fromId: 'q-7', toId: 'q-8', strength: 0.5, distrust: false, context: 'OTHER' },
    ]);
    expect(plan.validated.network.people.map((p) => p.name)).toEqual([
      'Person q-1',
      'Person q-2',
      'Person q-3',
      'Person q-7',
      'Person q-8',
    ]);
  });

  it('reads KONECT weights as clamped strengths and negative weights as distrust', async () => {
    process.chdir(fixtures);

    const plan = await planImport(['out.konect-bad'], {}, createStaticGraphLookup());

    expect(plan.issues.map(formatIssue)).toEqual([
      'out.konect-bad:7: row: expected 2 to 4 columns, found 5',
      'out.konect-bad:8: weight: not a number',
    ]);
    expect(plan.files[0]).toMatchObject({ format: 'konect', edgeLines: 6, selfLoops: 1 });
    expect(
      plan.validated.network.trust.map((t) => [t.fromId, t.toId, t.strength, t.distrust]),
    ).toEqual([
      ['1', '2', 0.6, false],
      ['2', '3', 1, false],
      ['3', '1', 0, true],
    ]);
  });
});

describe('planImport with the documented examples', () => {
  it('accepts every example file without a bad row', async () => {
    process.chdir(examples);
    const files = [
      'people.csv',
      'businesses.csv',
      'trust.csv',
      'roles.csv',
      'customers.csv',
      'referrals.csv',
      'leads.csv',
      'network.jsonl',
    ];

    const plan = await planImport(files, {}, createStaticGraphLookup());
    const snap = await planImport(
      ['snap-signed.csv'],
      { idPrefix: 's-' },
      createStaticGraphLookup(),
    );
    const konect = await planImport(
      ['out.konect-example'],
      { idPrefix: 'k-' },
      createStaticGraphLookup(),
    );

    expect([...plan.issues, ...snap.issues, ...konect.issues]).toEqual([]);
    expect(plan.source.count('trust')).toBe(7);
    expect(plan.source.count('leads')).toBe(4);
    expect(plan.source.isBusinessId('b-harbor')).toBe(true);
    expect(snap.source.count('trust')).toBe(4);
    expect(konect.source.count('trust')).toBe(3);
    expect(konect.files[0]?.selfLoops).toBe(1);
  });

  it('turns each undirected edge-list line into trust both ways', async () => {
    process.chdir(examples);

    const plan = await planImport(
      ['out.konect-example'],
      { undirected: true },
      createStaticGraphLookup(),
    );

    expect(plan.source.count('trust')).toBe(6);
  });
});

describe('inferFormat', () => {
  it.each([
    ['out.advogato', {}, { format: 'konect' }],
    ['soc-sign-bitcoinotc.csv.gz', {}, { format: 'snap' }],
    ['Wiki-Vote.txt', {}, { format: 'snap' }],
    ['people.csv', {}, { format: 'csv', kind: 'people' }],
    ['ties.csv', { kind: 'trust' }, { format: 'csv', kind: 'trust' }],
    ['all.jsonl', {}, { format: 'jsonl' }],
  ] as const)('reads %s as %j', (path, options, expected) => {
    expect(inferFormat(path, options)).toEqual(expected);
  });

  it('refuses a name it cannot place', () => {
    expect(() => inferFormat('data.bin', {})).toThrow(/give --format/);
  });
});
