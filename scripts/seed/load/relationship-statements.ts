import neo4j from 'neo4j-driver';
import type { RecordKind, RecordOf } from '../seed-source.ts';
import { column, each, RETURN_COUNTS, RETURN_CREATED, setIfChanged, time } from './cypher-parts.ts';
import type { Statement, StatementBuilder, StatementContext, WriteMode } from './statements.ts';

type RelationshipKind = Exclude<RecordKind, 'people' | 'businesses'>;
type Label = 'Person' | 'Business';

/**
 * How one relationship kind is written: its two ends, the columns it sends, and the clause that
 * creates or merges it from `a` to `b` given the projected columns.
 */
interface RelationshipShape<K extends RelationshipKind> {
  readonly from: (row: RecordOf[K]) => string;
  readonly to: (row: RecordOf[K]) => string;
  readonly toLabel: (row: RecordOf[K], isBusinessId: (id: string) => boolean) => Label;
  /** Rows with different values here go to separate statements (e.g. the role's type). */
  readonly variant?: (row: RecordOf[K]) => string;
  readonly columns: Readonly<Record<string, (row: RecordOf[K]) => unknown>>;
  /** `WITH` items beyond toId, reading `$column[i]`. */
  readonly projections: string;
  readonly write: (mode: WriteMode, variant: string) => string;
}

const trust: RelationshipShape<'trust'> = {
  from: (r) => r.fromId,
  to: (r) => r.toId,
  toLabel: (r, isBusinessId) => (isBusinessId(r.toId) ? 'Business' : 'Person'),
  columns: {
    strength: (r) => (r.distrust ? 0 : r.strength),
    distrust: (r) => r.distrust ?? false,
    context: (r) => r.context,
    since: (r) => r.since ?? null,
    last: (r) => r.lastInteractionAt ?? null,
  },
  projections: `$strength[i] AS strength, $distrust[i] AS distrust, $context[i] AS context,
  ${time('since')} AS since, ${time('last')} AS last`,
  write: (mode) =>
    mode === 'create'
      ? `CREATE (a)-[:TRUSTS {strength: strength, distrust: distrust, context: context,
  since: coalesce(since, $now), lastInteractionAt: coalesce(last, since, $now)}]->(b)
${RETURN_CREATED}`
      : `MERGE (a)-[r:TRUSTS]->(b)
  ON CREATE SET r.strength = strength, r.distrust = distrust, r.context = context,
    r.since = coalesce(since, $now), r.lastInteractionAt = coalesce(last, since, $now)
WITH r, strength, distrust, context, since, last,
  r.strength <> strength OR r.distrust <> distrust OR r.context <> context
    OR (since IS NOT NULL AND r.since <> since)
    OR (last IS NOT NULL AND r.lastInteractionAt <> last) AS changed
${setIfChanged('r.strength = strength, r.distrust = distrust, r.context = context, r.since = coalesce(since, r.since), r.lastInteractionAt = coalesce(last, r.lastInteractionAt)')}
${RETURN_COUNTS}`,
};

const roles: RelationshipShape<'roles'> = {
  from: (r) => r.personId,
  to: (r) => r.businessId,
  toLabel: () => 'Business',
  variant: (r) => r.role,
  columns: {},
  projections: '',
  write: (
    mode,
    role,
  ) => `${mode === 'create' ? 'CREATE' : 'MERGE'} (a)-[:${role === 'OWNS' ? 'OWNS' : 'WORKS_AT'}]->(b)
${RETURN_CREATED}`,
};

const customers: RelationshipShape<'customers'> = {
  from: (r) => r.personId,
  to: (r) => r.businessId,
  toLabel: () => 'Business',
  columns: { since: (r) => r.since ?? null, value: (r) => r.value ?? null },
  projections: `${time('since')} AS since, toFloat($value[i]) AS value`,
  write: (mode) =>
    mode === 'create'
      ? `CREATE (a)-[:CUSTOMER_OF {since: coalesce(since, $now), value: coalesce(value, 0.0)}]->(b)
${RETURN_CREATED}`
      : `MERGE (a)-[c:CUSTOMER_OF]->(b)
  ON CREATE SET c.since = coalesce(since, $now), c.value = coalesce(value, 0.0)
WITH c, since, value,
  (since IS NOT NULL AND c.since <> since) OR (value IS NOT NULL AND c.value <> value) AS changed
${setIfChanged('c.since = coalesce(since, c.since), c.value = coalesce(value, c.value)')}
${RETURN_COUNTS}`,
};

const referrals: RelationshipShape<'referrals'> = {
  from: (r) => r.referrerId,
  to: (r) => r.referredId,
  toLabel: () => 'Person',
  columns: {
    id: (r) => r.id,
    business: (r) => r.businessId,
    at: (r) => r.at,
    converted: (r) => r.converted,
  },
  projections: `$id[i] AS id, $business[i] AS businessId, ${time('at')} AS at, $converted[i] AS converted`,
  write: (mode) =>
    mode === 'create'
      ? `CREATE (a)-[:REFERRED {id: id, businessId: businessId, at: at, converted: converted}]->(b)
${RETURN_CREATED}`
      : `MERGE (a)-[r:REFERRED {id: id}]->(b)
  ON CREATE SET r.businessId = businessId, r.at = at, r.converted = converted
WITH r, businessId, at, converted,
  r.businessId <> businessId OR r.at <> at OR r.converted <> converted AS changed
${setIfChanged('r.businessId = businessId, r.at = at, r.converted = converted')}
${RETURN_COUNTS}`,
};

const NO_TIME = 'datetime({epochMillis: 0})';

const leads: RelationshipShape<'leads'> = {
  from: (r) => r.personId,
  to: (r) => r.businessId,
  toLabel: () => 'Business',
  columns: {
    source: (r) => r.source,
    at: (r) => r.at,
    convertedAt: (r) => r.convertedAt ?? null,
    referrer: (r) => r.referrerId ?? null,
  },
  projections: `$source[i] AS source, ${time('at')} AS at, ${time('convertedAt')} AS convertedAt,
  $referrer[i] AS referrerId`,
  write: (mode) =>
    mode === 'create'
      ? `CREATE (a)-[:LEAD_OF {source: source, at: at, convertedAt: convertedAt, referrerId: referrerId}]->(b)
${RETURN_CREATED}`
      : `MERGE (a)-[l:LEAD_OF]->(b)
  ON CREATE SET l.source = source, l.at = at, l.convertedAt = convertedAt, l.referrerId = referrerId
WITH l, source, at, convertedAt, referrerId,
  l.source <> source OR l.at <> at
    OR coalesce(l.convertedAt, ${NO_TIME}) <> coalesce(convertedAt, ${NO_TIME})
    OR coalesce(l.referrerId, '') <> coalesce(referrerId, '') AS changed
${setIfChanged('l.source = source, l.at = at, l.convertedAt = convertedAt, l.referrerId = referrerId')}
${RETURN_COUNTS}`,
};

/**
 * Rows whose two ends this load already knows (by elementId) are matched directly, checking the
 * id too in case the node was deleted and its elementId reused meanwhile; the rest (ends found
 * only in the graph) go through the unique-constraint index of their label.
 */
function buildRelationshipStatements<K extends RelationshipKind>(
  shape: RelationshipShape<K>,
): StatementBuilder<K> {
  return (rows, context) => {
    const groups = new Map<string, { ends: Ends; variant: string; rows: RecordOf[K][] }>();
    for (const row of rows) {
      const ends = endsOf(shape, row, context);
      const variant = shape.variant?.(row) ?? '';
      const key = `${ends.by}:${ends.toLabel}:${variant}`;
      const group = groups.get(key) ?? { ends, variant, rows: [] };
      group.rows.push(row);
      groups.set(key, group);
    }
    return [...groups.values()].map((g) =>
      buildStatement(shape, g.ends, g.variant, g.rows, context),
    );
  };
}

type Ends = { by: 'ref'; toLabel: '' } | { by: 'id'; toLabel: Label };

function endsOf<K extends RelationshipKind>(
  shape: RelationshipShape<K>,
  row: RecordOf[K],
  context: StatementContext,
): Ends {
  const { nodeRefs } = context;
  if (
    nodeRefs.suffixOf(shape.from(row)) !== undefined &&
    nodeRefs.suffixOf(shape.to(row)) !== undefined
  ) {
    return { by: 'ref', toLabel: '' };
  }
  return { by: 'id', toLabel: shape.toLabel(row, context.isBusinessId) };
}

/**
 * A statement walks runs of consecutive rows with one start node: `$from[s]` starts the rows
 * from `$first[s]` up to `$first[s + 1]`, so each start node is matched and sent once per run
 * rather than once per row. Sources sort trust by truster, which makes the runs long; unsorted
 * rows only make them shorter.
 */
function buildStatement<K extends RelationshipKind>(
  shape: RelationshipShape<K>,
  ends: Ends,
  variant: string,
  rows: readonly RecordOf[K][],
  context: StatementContext,
): Statement {
  const first = startsOfRuns(rows, shape.from);
  const from = first.map((i) => shape.from(rows[i]!));
  first.push(rows.length);
  const params: Record<string, unknown> = {
    from,
    first: first.map((i) => neo4j.int(i)),
    to: column(rows, shape.to),
  };
  for (const [name, pick] of Object.entries(shape.columns)) {
    params[name] = column(rows, pick);
  }
  if (ends.by === 'ref') {
    const { nodeRefs } = context;
    params.refPrefix = nodeRefs.prefix;
    params.fromRef = from.map((id) => nodeRefs.suffixOf(id));
    params.toRef = column(rows, (r) => nodeRefs.suffixOf(shape.to(r)));
  }

  const matchFrom =
    ends.by === 'ref'
      ? 'MATCH (a) WHERE elementId(a) = $refPrefix + $fromRef[s] AND a.id = $from[s]'
      : 'MATCH (a:Person {id: $from[s]})';
  const toRef = ends.by === 'ref' ? ', $toRef[i] AS toRef' : '';
  const matchTo =
    ends.by === 'ref'
      ? 'MATCH (b) WHERE elementId(b) = $refPrefix + toRef AND b.id = toId'
      : `MATCH (b:${ends.toLabel} {id: toId})`;
  const projections = shape.projections ? `, ${shape.projections}` : '';
  const query = `${each('from', 's')}
${matchFrom}
UNWIND range($first[s], $first[s + 1] - 1) AS i
WITH a, $to[i] AS toId${toRef}${projections}
${matchTo}
${shape.write(context.mode, variant)}`;
  return { query, params };
}

/** Indexes of the rows that start a run of rows with the same start node. */
function startsOfRuns<T>(rows: readonly T[], from: (row: T) => string): number[] {
  const starts: number[] = [];
  let previous: string | undefined;
  for (let i = 0; i < rows.length; i++) {
    const id = from(rows[i]!);
    if (id !== previous) {
      starts.push(i);
      previous = id;
    }
  }
  return starts;
}

export const relationshipStatementBuilders: { [K in RelationshipKind]: StatementBuilder<K> } = {
  trust: buildRelationshipStatements(trust),
  roles: buildRelationshipStatements(roles),
  customers: buildRelationshipStatements(customers),
  referrals: buildRelationshipStatements(referrals),
  leads: buildRelationshipStatements(leads),
};
