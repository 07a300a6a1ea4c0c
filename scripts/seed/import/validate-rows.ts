import type { SeedNetwork, SeedPerson } from '../network.ts';
import type { RecordKind, RecordOf } from '../seed-source.ts';
import type { GraphLookup, NodeLabel } from './graph-lookup.ts';
import type { ImportIssue, RowOrigin } from './import-issue.ts';
import type { ParsedRow } from './parse-tabular.ts';

export interface ValidatedImport {
  /** The rows that passed, in input order. */
  readonly network: SeedNetwork;
  /** Every refused row, in file and line order. */
  readonly issues: ImportIssue[];
  /** Businesses in the input or referenced from the graph: trust to these targets a business. */
  readonly businessIds: ReadonlySet<string>;
  /** Distinct ids the input referred to that were found in the graph rather than the input. */
  readonly graphReferences: number;
}

type Reference = { field: string; id: string; expected: NodeLabel | 'any' };

/** Which fields of each relationship kind name nodes, and what they must be. */
const references: {
  [K in Exclude<RecordKind, 'people' | 'businesses'>]: (r: RecordOf[K]) => Reference[];
} = {
  trust: (r) => [
    { field: 'fromId', id: r.fromId, expected: 'Person' },
    { field: 'toId', id: r.toId, expected: 'any' },
  ],
  roles: (r) => [
    { field: 'personId', id: r.personId, expected: 'Person' },
    { field: 'businessId', id: r.businessId, expected: 'Business' },
  ],
  customers: (r) => [
    { field: 'personId', id: r.personId, expected: 'Person' },
    { field: 'businessId', id: r.businessId, expected: 'Business' },
  ],
  referrals: (r) => [
    { field: 'referrerId', id: r.referrerId, expected: 'Person' },
    { field: 'referredId', id: r.referredId, expected: 'Person' },
    { field: 'businessId', id: r.businessId, expected: 'Business' },
  ],
  leads: (r) => [
    { field: 'personId', id: r.personId, expected: 'Person' },
    { field: 'businessId', id: r.businessId, expected: 'Business' },
    ...(r.referrerId
      ? [{ field: 'referrerId', id: r.referrerId, expected: 'Person' as const }]
      : []),
  ],
};

/** The key two rows of a kind must not share, and the field to blame when they do. */
const identity: {
  [K in Exclude<RecordKind, 'people' | 'businesses'>]: (r: RecordOf[K]) => [string, string];
} = {
  trust: (r) => [`${r.fromId}\u0000${r.toId}`, 'toId'],
  roles: (r) => [`${r.personId}\u0000${r.businessId}\u0000${r.role}`, 'businessId'],
  customers: (r) => [`${r.personId}\u0000${r.businessId}`, 'businessId'],
  referrals: (r) => [r.id, 'id'],
  leads: (r) => [`${r.personId}\u0000${r.businessId}`, 'businessId'],
};

/**
 * Checks rows against each other and the graph: duplicate ids and ties, self-trust, references
 * to ids neither in the input nor in the graph (or of the wrong kind), and erased ids. People
 * seen only in edge lists (`implicitPeople`) are created unless the input also lists them.
 */
export async function validateRows(
  parsed: readonly ParsedRow[],
  initialIssues: readonly ImportIssue[],
  implicitPeople: ReadonlyMap<string, RowOrigin>,
  lookup: GraphLookup,
  fileOrder: readonly string[],
): Promise<ValidatedImport> {
  const issues = initialIssues.slice();
  const refuse = (origin: RowOrigin, field: string, reason: string) =>
    issues.push({ ...origin, field, reason });
  const nodes = collectNodes(parsed, implicitPeople, refuse);

  const referenced = new Set<string>();
  for (const row of parsed) {
    if (row.kind !== 'people' && row.kind !== 'businesses') {
      referencesOf(row).forEach((ref) => referenced.add(ref.id));
    }
  }
  const outside = [...referenced].filter((id) => !nodes.labels.has(id));
  const inGraph = await lookup.findNodes(outside);
  const erased = await lookup.findErased([...new Set([...nodes.labels.keys(), ...referenced])]);

  const network = {
    people: nodes.people
      .filter((p) => !isErasedNode(p.record.id, p.origin, erased, refuse))
      .map((p) => p.record),
    businesses: nodes.businesses
      .filter((b) => !isErasedNode(b.record.id, b.origin, erased, refuse))
      .map((b) => b.record),
    trust: [] as RecordOf['trust'][],
    roles: [] as RecordOf['roles'][],
    customers: [] as RecordOf['customers'][],
    referrals: [] as RecordOf['referrals'][],
    leads: [] as RecordOf['leads'][],
  };
  const labelOf = (id: string) =>
    erased.has(id) ? undefined : (nodes.labels.get(id) ?? inGraph.get(id));
  const seen = new Map<string, RowOrigin>();
  for (const row of parsed) {
    if (row.kind === 'people' || row.kind === 'businesses') {
      continue;
    }
    const problem = checkRelationship(row, labelOf, erased, seen);
    if (problem) {
      refuse(row.origin, problem.field, problem.reason);
    } else {
      (network[row.kind] as unknown[]).push(row.record);
    }
  }

  const businessIds = new Set([
    ...network.businesses.map((b) => b.id),
    ...[...inGraph].filter(([, label]) => label === 'Business').map(([id]) => id),
  ]);
  return {
    network,
    issues: sortIssues(issues, fileOrder),
    businessIds,
    graphReferences: inGraph.size,
  };
}

function collectNodes(
  parsed: readonly ParsedRow[],
  implicitPeople: ReadonlyMap<string, RowOrigin>,
  refuse: (origin: RowOrigin, field: string, reason: string) => void,
) {
  const labels = new Map<string, NodeLabel>();
  const firstSeen = new Map<string, RowOrigin>();
  const people: { record: SeedPerson; origin: RowOrigin }[] = [];
  const businesses: { record: RecordOf['businesses']; origin: RowOrigin }[] = [];
  for (const row of parsed) {
    if (row.kind !== 'people' && row.kind !== 'businesses') {
      continue;
    }
    const record = row.record as RecordOf['people'] | RecordOf['businesses'];
    const first = firstSeen.get(record.id);
    if (first) {
      const what = labels.get(record.id) === 'Person' ? 'person' : 'business';
      refuse(row.origin, 'id', `duplicate id: already a ${what} at ${first.file}:${first.line}`);
      continue;
    }
    firstSeen.set(record.id, row.origin);
    if (row.kind === 'people') {
      labels.set(record.id, 'Person');
      people.push({ record: record, origin: row.origin });
    } else {
      labels.set(record.id, 'Business');
      businesses.push({ record: record as RecordOf['businesses'], origin: row.origin });
    }
  }
  for (const [id, origin] of implicitPeople) {
    if (!labels.has(id)) {
      labels.set(id, 'Person');
      people.push({ record: { id, name: `Person ${id}` }, origin });
    }
  }
  return { labels, people, businesses };
}

function isErasedNode(
  id: string,
  origin: RowOrigin,
  erased: ReadonlySet<string>,
  refuse: (origin: RowOrigin, field: string, reason: string) => void,
): boolean {
  if (erased.has(id)) {
    refuse(origin, 'id', 'erased id: this person was deleted and must not be imported again');
  }
  return erased.has(id);
}

function referencesOf(row: ParsedRow): Reference[] {
  const build = references[row.kind as keyof typeof references] as (r: unknown) => Reference[];
  return build(row.record);
}

function checkRelationship(
  row: ParsedRow,
  labelOf: (id: string) => NodeLabel | undefined,
  erased: ReadonlySet<string>,
  seen: Map<string, RowOrigin>,
): { field: string; reason: string } | undefined {
  for (const ref of referencesOf(row)) {
    if (erased.has(ref.id)) {
      return {
        field: ref.field,
        reason: 'erased id: this person was deleted and must not be imported again',
      };
    }
    const label = labelOf(ref.id);
    if (!label) {
      return { field: ref.field, reason: 'unknown id: neither in the input nor in the graph' };
    }
    if (ref.expected !== 'any' && label !== ref.expected) {
      return {
        field: ref.field,
        reason: `is a ${label === 'Person' ? 'person' : 'business'}, expected a ${ref.expected === 'Person' ? 'person' : 'business'}`,
      };
    }
  }
  if (
    row.kind === 'trust' &&
    (row.record as RecordOf['trust']).fromId === (row.record as RecordOf['trust']).toId
  ) {
    return { field: 'toId', reason: 'self-trust: a person cannot trust themselves' };
  }
  if (row.kind === 'referrals') {
    const r = row.record as RecordOf['referrals'];
    if (r.referrerId === r.referredId) {
      return {
        field: 'referredId',
        reason: 'self-referral: referrer and referred are the same person',
      };
    }
  }

  const [key, field] = (
    identity[row.kind as keyof typeof identity] as (r: unknown) => [string, string]
  )(row.record);
  const scoped = `${row.kind}\u0000${key}`;
  const first = seen.get(scoped);
  if (first) {
    return {
      field,
      reason: `duplicate ${row.kind === 'referrals' ? 'referral id' : 'relationship'}: first at ${first.file}:${first.line}`,
    };
  }
  seen.set(scoped, row.origin);
  return undefined;
}

function sortIssues(issues: ImportIssue[], fileOrder: readonly string[]): ImportIssue[] {
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file);
    return index < 0 ? fileOrder.length : index;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        rank(a.issue.file) - rank(b.issue.file) || a.issue.line - b.issue.line || a.index - b.index,
    )
    .map(({ issue }) => issue);
}
