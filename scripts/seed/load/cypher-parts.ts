/** Pieces shared by the node and relationship statements. */
export const each = (first: string, index = 'i') =>
  `UNWIND range(0, size($${first}) - 1) AS ${index}`;

/** Milliseconds since the epoch (or null) as a datetime (or null). */
export const time = (field: string) =>
  `CASE WHEN $${field}[i] IS NULL THEN null ELSE datetime({epochMillis: toInteger($${field}[i])}) END`;

export const setIfChanged = (sets: string) =>
  `FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET ${sets})`;

export const RETURN_COUNTS =
  'RETURN count(*) AS matched, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS updated';
export const RETURN_CREATED = 'RETURN count(*) AS matched, 0 AS updated';

export const column = <T, V>(rows: readonly T[], pick: (row: T) => V): V[] => rows.map(pick);
