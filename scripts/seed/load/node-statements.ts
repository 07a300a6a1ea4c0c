import type { RecordOf } from '../seed-source.ts';
import { column, each, setIfChanged } from './cypher-parts.ts';
import type { StatementBuilder } from './statements.ts';

const RETURN_REFS = 'collect([n.id, elementId(n)]) AS refs';

const PEOPLE_MERGE = `${each('id')}
WITH $id[i] AS id, $name[i] AS name, $email[i] AS email, $optedOut[i] AS optedOut
MERGE (n:Person {id: id})
  ON CREATE SET n.name = name, n.email = email, n.optedOut = coalesce(optedOut, false),
    n.createdAt = $now, n.updatedAt = $now
WITH n, name, email, optedOut,
  n.name <> name OR (email IS NOT NULL AND coalesce(n.email, '') <> email)
    OR (optedOut IS NOT NULL AND n.optedOut <> optedOut) AS changed
${setIfChanged('n.name = name, n.email = coalesce(email, n.email), n.optedOut = coalesce(optedOut, n.optedOut), n.updatedAt = $now')}
RETURN count(*) AS matched, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated, ${RETURN_REFS}`;

const PEOPLE_CREATE = `${each('id')}
CREATE (n:Person {id: $id[i], name: $name[i], email: $email[i],
  optedOut: coalesce($optedOut[i], false), createdAt: $now, updatedAt: $now})
RETURN count(*) AS matched, 0 AS updated, ${RETURN_REFS}`;

const LOCATION =
  'CASE WHEN $lat[i] IS NULL THEN null ELSE point({latitude: $lat[i], longitude: $lon[i]}) END';

const BUSINESSES_MERGE = `${each('id')}
WITH $id[i] AS id, $name[i] AS name, $category[i] AS category, $city[i] AS city,
  ${LOCATION} AS location
MERGE (n:Business {id: id})
  ON CREATE SET n.name = name, n.category = category, n.city = city, n.location = location,
    n.createdAt = $now, n.updatedAt = $now
WITH n, name, category, city, location,
  n.name <> name OR n.category <> category OR n.city <> city
    OR (location IS NOT NULL AND (n.location IS NULL OR n.location <> location)) AS changed
${setIfChanged('n.name = name, n.category = category, n.city = city, n.location = coalesce(location, n.location), n.updatedAt = $now')}
RETURN count(*) AS matched, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated, ${RETURN_REFS}`;

const BUSINESSES_CREATE = `${each('id')}
CREATE (n:Business {id: $id[i], name: $name[i], category: $category[i], city: $city[i],
  location: ${LOCATION}, createdAt: $now, updatedAt: $now})
RETURN count(*) AS matched, 0 AS updated, ${RETURN_REFS}`;

/** Finds existing nodes' elementIds, for batches an interrupted run of this load wrote. */
export const nodeRefsQuery = (label: 'Person' | 'Business') =>
  `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN ${RETURN_REFS}`;

export const nodeStatementBuilders: {
  people: StatementBuilder<'people'>;
  businesses: StatementBuilder<'businesses'>;
} = {
  people: (rows: readonly RecordOf['people'][], { mode }) => [
    {
      query: mode === 'create' ? PEOPLE_CREATE : PEOPLE_MERGE,
      params: {
        id: column(rows, (r) => r.id),
        name: column(rows, (r) => r.name),
        email: column(rows, (r) => r.email ?? null),
        optedOut: column(rows, (r) => r.optedOut ?? null),
      },
    },
  ],
  businesses: (rows: readonly RecordOf['businesses'][], { mode }) => [
    {
      query: mode === 'create' ? BUSINESSES_CREATE : BUSINESSES_MERGE,
      params: {
        id: column(rows, (r) => r.id),
        name: column(rows, (r) => r.name),
        category: column(rows, (r) => r.category),
        city: column(rows, (r) => r.city),
        lat: column(rows, (r) => r.location?.lat ?? null),
        lon: column(rows, (r) => r.location?.lon ?? null),
      },
    },
  ],
};
