import type { Driver } from 'neo4j-driver';
import type { TrustProjection } from '../../../services/graph/src/engine/projection.ts';
import type { BenchQuery } from './query-mix.ts';

export interface CypherResult {
  readonly warmths: number[];
  /** Relationships in the paths Neo4j returned (its own scan count is not exposed). */
  readonly relationshipsReturned: number;
  readonly degree: number | null;
  readonly timedOut: boolean;
}

// allShortestPaths takes no parameter for its bound, so the six is written here, never input.
const PERSON_PATHS = `
  MATCH (a:Person {id: $fromId}), (b:Person {id: $toId})
  MATCH p = allShortestPaths((a)-[:TRUSTS*..6]-(b))
  RETURN [n IN nodes(p) | n.id] AS ids`;

const BUSINESS_PATHS = `
  MATCH (a:Person {id: $fromId}), (b:Business {id: $toId})
  MATCH p = allShortestPaths((a)-[:TRUSTS|OWNS|WORKS_AT*..6]-(b))
  RETURN [n IN nodes(p) | n.id] AS ids`;

/**
 * The Cypher baseline: Neo4j's allShortestPaths (fewest hops, up to six), streamed to this
 * process and scored with the projection's hop strengths as the warmth model defines them.
 * Paths through opted-out people or unusable hops are dropped, then the warmest `first` kept
 * (one per first contact for top-k queries). A query past `timeoutMs` counts as a timeout.
 */
export async function runCypherBaseline(
  driver: Driver,
  projection: TrustProjection,
  query: BenchQuery,
  timeoutMs: number,
): Promise<CypherResult> {
  const toBusiness = query.kind === 'business-top3';
  const session = driver.session({ defaultAccessMode: 'READ' });
  try {
    const result = await session.executeRead(
      (tx) =>
        tx.run(toBusiness ? BUSINESS_PATHS : PERSON_PATHS, {
          fromId: query.fromId,
          toId: query.toId,
        }),
      { timeout: timeoutMs },
    );
    const paths = result.records.map((record) => record.get('ids') as string[]);

    return scorePaths(projection, paths, query, toBusiness);
  } catch (error) {
    if (isTimeout(error)) {
      return { warmths: [], relationshipsReturned: 0, degree: null, timedOut: true };
    }

    throw error;
  } finally {
    await session.close();
  }
}

function scorePaths(
  projection: TrustProjection,
  paths: readonly string[][],
  query: BenchQuery,
  toBusiness: boolean,
): CypherResult {
  const scored: { warmth: number; contact: string }[] = [];
  let relationships = 0;
  for (const ids of paths) {
    relationships += ids.length - 1;
    const warmth = scorePath(projection, ids, toBusiness);
    if (warmth > 0) {
      scored.push({ warmth, contact: ids[1] ?? '' });
    }
  }

  scored.sort((a, b) => b.warmth - a.warmth);
  const contacts = new Set<string>();
  const warmths: number[] = [];
  for (const path of scored) {
    if (warmths.length < query.first && !contacts.has(path.contact)) {
      contacts.add(path.contact);
      warmths.push(path.warmth);
    }
  }

  const degree = paths.length > 0 ? (paths[0]?.length ?? 1) - 1 : null;

  return { warmths, relationshipsReturned: relationships, degree, timedOut: false };
}

/** Product of hop strengths, or 0 when a hop is unusable or an inner person opted out. */
function scorePath(
  projection: TrustProjection,
  ids: readonly string[],
  toBusiness: boolean,
): number {
  let warmth = 1;
  for (let i = 0; i + 1 < ids.length; i++) {
    const from = projection.personIndex(ids[i] ?? '');
    if (from < 0 || (i > 0 && projection.isOptedOut(from))) {
      return 0;
    }

    const isFinal = toBusiness && i + 2 === ids.length;
    const detail = isFinal
      ? projection.describeFinalHop(from, projection.businessIndex(ids[i + 1] ?? ''))
      : projection.describeHop(from, projection.personIndex(ids[i + 1] ?? ''));
    if (!detail) {
      return 0;
    }

    warmth *= detail.strength;
  }

  return warmth;
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';

  return code.includes('TransactionTimedOut') || code.includes('Transaction.Terminated');
}
