import type { Driver } from 'neo4j-driver';
import type { BusinessRole } from '../domain/business.ts';
import {
  NodeNotFoundError,
  PersonNotFoundError,
  SearchTimeoutError,
  QueryTimeoutError,
} from '../domain/errors.ts';
import {
  selectIntroPaths,
  type Hop,
  type IntroPath,
  type IntroPathQuery,
  type NodeKind,
} from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import {
  coolStrength,
  describeHop,
  type ContextualTie,
  type WarmthModel,
} from '../domain/warmth.ts';
import { readTransaction, toEpochMs } from './neo4j-values.ts';

/**
 * The Cypher strategy: Neo4j enumerates the simple paths of at most maxHops hops, the app
 * scores them with the warmth model. Exact, and the baseline the in-memory engine is measured
 * against.
 *
 * Limitation: variable-length enumeration grows with degree^maxHops, so on large or dense
 * graphs it runs into SEARCH_TIMEOUT; it is meant for small graphs and for comparison.
 */
export interface CypherSearchOptions {
  readonly timeoutMs: number;
  readonly model: WarmthModel;
  readonly nowMs: number;
}

// Variable-length bounds cannot be parameters, so each bound gets its own query text, built
// from integers in code and never from input.
const PERSON_PATHS = (maxHops: number) => `
  MATCH p = (a:Person {id: $fromId})-[:TRUSTS*1..${maxHops}]-(b:Person {id: $toId})
  WHERE all(n IN nodes(p)[1..-1] WHERE n:Person AND NOT coalesce(n.optedOut, false))
    AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
  RETURN DISTINCT [n IN nodes(p) | n.id] AS ids`;

const BUSINESS_PATHS = (maxHops: number) => `
  MATCH (a:Person {id: $fromId})
  MATCH (last:Person)-[e:OWNS|WORKS_AT|TRUSTS]->(:Business {id: $toId})
  WHERE NOT coalesce(e.distrust, false) AND (last = a OR NOT coalesce(last.optedOut, false))
  WITH DISTINCT a, last
  MATCH p = (a)-[:TRUSTS*0..${maxHops - 1}]-(last)
  WHERE all(n IN nodes(p) WHERE n:Person)
    AND all(n IN nodes(p)[1..] WHERE NOT coalesce(n.optedOut, false))
    AND all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
  RETURN DISTINCT [n IN nodes(p) | n.id] AS ids`;

const TIES = `
  UNWIND $pairs AS pair
  MATCH (x:Person {id: pair[0]})-[r:TRUSTS]->(y:Person {id: pair[1]})
  RETURN pair[0] AS fromId, pair[1] AS toId, r.strength AS strength, r.distrust AS distrust,
         r.context AS context, r.lastInteractionAt AS lastInteractionAt`;

const LAST_HOPS = `
  MATCH (p:Person)-[e:OWNS|WORKS_AT|TRUSTS]->(:Business {id: $toId})
  WHERE p.id IN $ids
  RETURN p.id AS personId, type(e) AS kind, e.strength AS strength, e.distrust AS distrust,
         e.context AS context, e.lastInteractionAt AS lastInteractionAt`;

const ENDS = `
  OPTIONAL MATCH (a:Person {id: $fromId})
  OPTIONAL MATCH (b) WHERE (b:Person OR b:Business) AND b.id = $toId
  RETURN a IS NOT NULL AS fromFound, CASE WHEN b IS NULL THEN null
         WHEN b:Business THEN 'BUSINESS' ELSE 'PERSON' END AS toKind`;

export async function findIntroPathsWithCypher(
  driver: Driver,
  query: IntroPathQuery,
  options: CypherSearchOptions,
): Promise<IntroPath[]> {
  try {
    return await readTransaction(
      driver,
      async (tx) => {
        const ends = (await tx.run(ENDS, query)).records[0];
        if (ends?.get('fromFound') !== true) {
          throw new PersonNotFoundError(query.fromId);
        }
        const toKind = ends.get('toKind') as NodeKind | null;
        if (!toKind) {
          throw new NodeNotFoundError(query.toId);
        }
        if (query.fromId === query.toId) {
          return [];
        }

        const text =
          toKind === 'PERSON' ? PERSON_PATHS(query.maxHops) : BUSINESS_PATHS(query.maxHops);
        const sequences = (await tx.run(text, query)).records.map(
          (record) => record.get('ids') as string[],
        );
        const ties = await readTies(sequences, (cypher, params) => tx.run(cypher, params));
        const lastHops =
          toKind === 'BUSINESS'
            ? await readLastHops(
                query.toId,
                sequences,
                (cypher, params) => tx.run(cypher, params),
                options,
              )
            : new Map<string, Hop>();
        const candidates = sequences.flatMap((ids) =>
          scorePath(ids, toKind, query.toId, ties, lastHops, options),
        );

        return selectIntroPaths(candidates, query.first, query.diverse);
      },
      { timeoutMs: options.timeoutMs },
    );
  } catch (error) {
    if (error instanceof QueryTimeoutError) {
      throw new SearchTimeoutError(options.timeoutMs, { cause: error });
    }
    throw error;
  }
}

type Run = (
  cypher: string,
  params: Record<string, unknown>,
) => Promise<{ records: { get(key: string): unknown }[] }>;

function tieKey(fromId: string, toId: string): string {
  return `${fromId}\u0000${toId}`;
}

async function readTies(
  sequences: readonly string[][],
  run: Run,
): Promise<Map<string, ContextualTie>> {
  const pairs = new Map<string, [string, string]>();
  for (const ids of sequences) {
    for (let i = 0; i + 1 < ids.length; i++) {
      const [x, y] = [ids[i] as string, ids[i + 1] as string];
      pairs.set(tieKey(x, y), [x, y]);
      pairs.set(tieKey(y, x), [y, x]);
    }
  }

  const ties = new Map<string, ContextualTie>();
  if (pairs.size === 0) {
    return ties;
  }

  const result = await run(TIES, { pairs: [...pairs.values()] });
  for (const record of result.records) {
    ties.set(tieKey(record.get('fromId') as string, record.get('toId') as string), toTie(record));
  }

  return ties;
}

function toTie(record: { get(key: string): unknown }): ContextualTie {
  return {
    strength: Number(record.get('strength') ?? 0),
    distrust: record.get('distrust') === true,
    context: (record.get('context') ?? 'OTHER') as TrustContext,
    lastInteractionAtMs: toEpochMs(record.get('lastInteractionAt')) ?? 0,
  };
}

const ROLE_PREFERENCE: Record<string, number> = { OWNS: 0, WORKS_AT: 1, TRUSTS: 2 };

/** The strongest usable final hop from each candidate last person to the business. */
async function readLastHops(
  businessId: string,
  sequences: readonly string[][],
  run: Run,
  options: CypherSearchOptions,
): Promise<Map<string, Hop>> {
  const ids = [...new Set(sequences.map((sequence) => sequence.at(-1) as string))];
  const result = await run(LAST_HOPS, { toId: businessId, ids });
  const best = new Map<string, Hop>();
  for (const record of result.records) {
    const hop = toLastHop(record, businessId, options);
    const current = best.get(hop.fromId);
    if (hop.strength > 0 && (!current || isBetterLastHop(hop, current))) {
      best.set(hop.fromId, hop);
    }
  }

  return best;
}

function toLastHop(
  record: { get(key: string): unknown },
  businessId: string,
  options: CypherSearchOptions,
): Hop {
  const kind = record.get('kind') as BusinessRole | 'TRUSTS';
  const fromId = record.get('personId') as string;
  if (kind !== 'TRUSTS') {
    return {
      fromId,
      toId: businessId,
      toKind: 'BUSINESS',
      kind,
      strength: Math.fround(options.model.roleStrength),
      direction: 'FORWARD',
      context: null,
      lastInteractionAtMs: null,
    };
  }

  const tie = toTie(record);
  const strength = tie.distrust
    ? 0
    : coolStrength(tie.strength, tie.lastInteractionAtMs, options.nowMs, options.model);

  return {
    fromId,
    toId: businessId,
    toKind: 'BUSINESS',
    kind: 'TRUSTS',
    strength: Math.fround(strength),
    direction: 'FORWARD',
    context: tie.context,
    lastInteractionAtMs: tie.lastInteractionAtMs,
  };
}

function isBetterLastHop(candidate: Hop, current: Hop): boolean {
  if (candidate.strength !== current.strength) {
    return candidate.strength > current.strength;
  }

  return (ROLE_PREFERENCE[candidate.kind] ?? 3) < (ROLE_PREFERENCE[current.kind] ?? 3);
}

/** Scores one node sequence; an empty list when a hop cannot carry an introduction. */
function scorePath(
  ids: readonly string[],
  toKind: NodeKind,
  toId: string,
  ties: ReadonlyMap<string, ContextualTie>,
  lastHops: ReadonlyMap<string, Hop>,
  options: CypherSearchOptions,
): IntroPath[] {
  const hops: Hop[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const [x, y] = [ids[i] as string, ids[i + 1] as string];
    const hop = describeHop(
      ties.get(tieKey(x, y)),
      ties.get(tieKey(y, x)),
      options.nowMs,
      options.model,
    );
    if (!hop || hop.strength <= 0) {
      return [];
    }
    hops.push({
      fromId: x,
      toId: y,
      toKind: 'PERSON',
      kind: 'TRUSTS',
      ...hop,
      strength: Math.fround(hop.strength),
    });
  }

  if (toKind === 'BUSINESS') {
    const last = lastHops.get(ids.at(-1) as string);
    if (!last) {
      return [];
    }
    hops.push(last);
  }

  if (hops.length === 0 || hops.at(-1)?.toId !== toId) {
    return [];
  }

  const warmth = hops.reduce((product, hop) => product * hop.strength, 1);

  return [{ warmth, hops }];
}
