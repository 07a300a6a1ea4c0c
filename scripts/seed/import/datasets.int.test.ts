import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../load/apply-schema.ts';
import { loadSource } from '../load/load-source.ts';
import {
  connectTestNeo4j,
  countByPrefix,
  createTestPrefix,
  deleteByPrefix,
} from '../testing/neo4j-test-support.ts';
import { createNeo4jGraphLookup } from './graph-lookup.ts';
import { formatIssue } from './import-issue.ts';
import { planImport, type ImportOptions } from './plan-import.ts';

const datasets = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
let driver: Driver;

beforeAll(async () => {
  driver = connectTestNeo4j();
  await applySchema(driver);
});

afterAll(async () => {
  await driver.close();
});

/** Documented counts from each dataset's README.txt. */
const cases: {
  name: string;
  file: string;
  options: ImportOptions;
  people: number;
  edgeLines: number;
  selfLoops: number;
  trust: number;
}[] = [
  {
    name: 'bitcoin-otc',
    file: 'bitcoin-otc/soc-sign-bitcoinotc.csv.gz',
    options: {},
    people: 5_881,
    edgeLines: 35_592,
    selfLoops: 0,
    trust: 35_592,
  },
  {
    name: 'bitcoin-alpha',
    file: 'bitcoin-alpha/soc-sign-bitcoinalpha.csv',
    options: {},
    people: 3_783,
    edgeLines: 24_186,
    selfLoops: 0,
    trust: 24_186,
  },
  {
    name: 'advogato',
    file: 'advogato/out.advogato',
    options: {},
    people: 6_539,
    edgeLines: 51_127,
    selfLoops: 3_992,
    trust: 47_135,
  },
  {
    name: 'ego-facebook',
    file: 'ego-facebook/facebook_combined.txt',
    options: { undirected: true },
    people: 4_039,
    edgeLines: 88_234,
    selfLoops: 0,
    trust: 2 * 88_234,
  },
  {
    name: 'wiki-vote',
    file: 'wiki-vote/Wiki-Vote.txt',
    options: {},
    people: 7_115,
    edgeLines: 103_689,
    selfLoops: 0,
    trust: 103_689,
  },
  {
    name: 'email-eu-core',
    file: 'email-eu-core/email-Eu-core.txt.gz',
    options: {},
    people: 1_005,
    edgeLines: 25_571,
    selfLoops: 642,
    trust: 25_571 - 642,
  },
];

describe('importing the shared trust datasets', () => {
  it.each(cases)('loads $name with its documented node and edge counts', async (dataset) => {
    const prefix = createTestPrefix(dataset.name);
    try {
      const plan = await planImport(
        [join(datasets, dataset.file)],
        { ...dataset.options, idPrefix: prefix },
        createNeo4jGraphLookup(driver),
      );

      const summary = await loadSource(driver, plan.source, { batchSize: 20_000 });
      const counts = await countByPrefix(driver, prefix);

      expect(plan.issues).toEqual([]);
      expect(plan.files[0]).toMatchObject({
        edgeLines: dataset.edgeLines,
        selfLoops: dataset.selfLoops,
      });
      expect(summary.byKind.people.created).toBe(dataset.people);
      expect(summary.byKind.trust.created).toBe(dataset.trust);
      expect(counts).toEqual({
        people: dataset.people,
        businesses: 0,
        relationships: { TRUSTS: dataset.trust },
      });
    } finally {
      await deleteByPrefix(driver, prefix);
    }
  });
});

describe('validating an import against the graph', () => {
  const prefix = createTestPrefix('refs');
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-import-'));
    await driver.executeQuery(
      `CREATE (:Person {id: $prefix + 'known', name: 'Known', optedOut: false})
       CREATE (:Business {id: $prefix + 'shop', name: 'Shop', category: 'cafe', city: 'Larkfield'})
       CREATE (:ErasedId {id: $prefix + 'gone'})`,
      { prefix },
    );
  });

  afterAll(async () => {
    await deleteByPrefix(driver, prefix);
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts references to people and businesses already in the graph and refuses erased ids', async () => {
    const people = join(dir, 'people.csv');
    const trust = join(dir, 'trust.csv');
    await writeFile(people, 'id,name\nnew,New Person\ngone,Erased Person\n');
    await writeFile(
      trust,
      'fromId,toId,strength,context\nnew,known,0.6,FRIEND\nnew,shop,0.9,CUSTOMER\nnew,gone,0.5,FRIEND\nnew,nowhere,0.5,FRIEND\n',
    );

    const plan = await planImport(
      [people, trust],
      { idPrefix: prefix },
      createNeo4jGraphLookup(driver),
    );
    const summary = await loadSource(driver, plan.source);

    expect(plan.issues.map(formatIssue)).toEqual([
      `${people}:3: id: erased id: this person was deleted and must not be imported again`,
      `${trust}:4: toId: erased id: this person was deleted and must not be imported again`,
      `${trust}:5: toId: unknown id: neither in the input nor in the graph`,
    ]);
    expect(plan.validated.graphReferences).toBe(2);
    expect(summary.byKind.trust.created).toBe(2);
    expect((await countByPrefix(driver, prefix)).relationships).toEqual({ TRUSTS: 2 });
  });
});
