import type { BusinessRole } from '../domain/business.ts';
import { NodeNotFoundError, PersonNotFoundError } from '../domain/errors.ts';
import {
  compareIntroPaths,
  type Hop,
  type IntroPath,
  type IntroPathQuery,
} from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import { coolStrength, defaultWarmthModel, scoreHopStrength } from '../domain/warmth.ts';
import type { NetworkRecords, ProjectionOptions } from './projection-source.ts';
import { TrustProjection } from './projection.ts';
import { assertQueryLimits } from './query-limits.ts';

/** What the exhaustive search reads: ids, opt-outs and hops, nothing about how they are stored. */
export interface ReferenceGraph {
  isPerson(id: string): boolean;
  isBusiness(id: string): boolean;
  isOptedOut(personId: string): boolean;
  /** People who may share a hop with this person (a superset is fine: `hop` decides). */
  neighbours(personId: string): Iterable<string>;
  /** People with some tie to this business (a superset is fine: `finalHop` decides). */
  businessPeople(businessId: string): Iterable<string>;
  hop(fromId: string, toId: string): Hop | null;
  finalHop(personId: string, businessId: string): Hop | null;
}

interface ReferenceTie {
  readonly strength: number;
  readonly distrust: boolean;
  readonly context: TrustContext;
  readonly lastInteractionAtMs: number;
}

/**
 * A reference graph read straight from records, applying the hop rules literally with the
 * domain's `scoreHopStrength`. Tie strengths are rounded to float32 and hop strengths stored as
 * float32, as the projection does; the last record for a (from, to) pair wins.
 */
export function createReferenceGraph(
  network: NetworkRecords,
  options: ProjectionOptions,
): ReferenceGraph {
  const nowMs = options.nowMs;
  const model = options.model ?? defaultWarmthModel;
  const optedOut = new Map(network.people.map((person) => [person.id, person.optedOut ?? false]));
  const businesses = new Set(
    network.businesses.map((business) => business.id).filter((id) => !optedOut.has(id)),
  );
  const ties = new Map<string, ReferenceTie>();
  const adjacent = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    const set = adjacent.get(a) ?? new Set<string>();
    set.add(b);
    adjacent.set(a, set);
  };

  for (const tie of network.trust) {
    const known = optedOut.has(tie.fromId) && (optedOut.has(tie.toId) || businesses.has(tie.toId));
    if (!known || tie.fromId === tie.toId) {
      continue;
    }

    ties.set(`${tie.fromId}\u0000${tie.toId}`, {
      strength: Math.fround(tie.strength),
      distrust: tie.distrust ?? false,
      context: tie.context,
      lastInteractionAtMs: tie.lastInteractionAt ?? tie.since ?? nowMs,
    });
    link(tie.fromId, tie.toId);
    link(tie.toId, tie.fromId);
  }

  const roles = new Map<string, Set<BusinessRole>>();
  for (const role of network.roles) {
    if (optedOut.has(role.personId) && businesses.has(role.businessId)) {
      const key = `${role.personId}\u0000${role.businessId}`;
      roles.set(key, (roles.get(key) ?? new Set<BusinessRole>()).add(role.role));
      link(role.businessId, role.personId);
    }
  }

  const tieOf = (from: string, to: string): ReferenceTie | undefined =>
    ties.get(`${from}\u0000${to}`);
  const cool = (tie: ReferenceTie | undefined): number =>
    tie ? coolStrength(tie.strength, tie.lastInteractionAtMs, nowMs, model) : 0;

  return withCaches({
    isPerson: (id) => optedOut.has(id),
    isBusiness: (id) => businesses.has(id),
    isOptedOut: (id) => optedOut.get(id) ?? false,
    neighbours: (id) => [...(adjacent.get(id) ?? [])].filter((other) => optedOut.has(other)),
    businessPeople: (id) => adjacent.get(id) ?? [],
    hop(fromId, toId) {
      const forward = tieOf(fromId, toId);
      const backward = tieOf(toId, fromId);
      const strength = Math.fround(scoreHopStrength(forward, backward, nowMs, model));
      if (!(strength > 0)) {
        return null;
      }

      const a = cool(forward);
      const b = cool(backward);
      const times = [forward, backward].flatMap((tie) => (tie ? [tie.lastInteractionAtMs] : []));

      return {
        fromId,
        toId,
        toKind: 'PERSON',
        kind: 'TRUSTS',
        strength,
        direction: a > 0 && b > 0 ? 'MUTUAL' : a > 0 ? 'FORWARD' : 'BACKWARD',
        context: forward && (!backward || a >= b) ? forward.context : (backward?.context ?? null),
        lastInteractionAtMs: Math.max(...times),
      };
    },
    finalHop(personId, businessId) {
      const held = roles.get(`${personId}\u0000${businessId}`) ?? new Set<BusinessRole>();
      const tie = tieOf(personId, businessId);
      const roleStrength = Math.fround(model.roleStrength);
      const candidates: Hop[] = [];
      for (const role of ['OWNS', 'WORKS_AT'] as const) {
        if (held.has(role)) {
          candidates.push(finalHopOf(personId, businessId, role, roleStrength, null, null));
        }
      }

      if (tie && !tie.distrust) {
        const strength = Math.fround(cool(tie));
        candidates.push(
          finalHopOf(
            personId,
            businessId,
            'TRUSTS',
            strength,
            tie.context,
            tie.lastInteractionAtMs,
          ),
        );
      }

      const strongest = candidates
        .filter((hop) => hop.strength > 0)
        .sort((x, y) => y.strength - x.strength);

      return strongest[0] ?? null;
    },
  });
}

/** Remembers neighbour lists and hops, which the search asks for over and over. */
function withCaches(graph: ReferenceGraph): ReferenceGraph {
  const neighbours = new Map<string, string[]>();
  const hops = new Map<string, Hop | null>();

  return {
    ...graph,
    neighbours(id) {
      let people = neighbours.get(id);
      if (!people) {
        people = [...graph.neighbours(id)];
        neighbours.set(id, people);
      }

      return people;
    },
    hop(fromId, toId) {
      const key = `${fromId}\u0000${toId}`;
      let hop = hops.get(key);
      if (hop === undefined) {
        hop = graph.hop(fromId, toId);
        hops.set(key, hop);
      }

      return hop;
    },
  };
}

function finalHopOf(
  fromId: string,
  toId: string,
  kind: Hop['kind'],
  strength: number,
  context: TrustContext | null,
  lastInteractionAtMs: number | null,
): Hop {
  return {
    fromId,
    toId,
    toKind: 'BUSINESS',
    kind,
    strength,
    direction: 'FORWARD',
    context,
    lastInteractionAtMs,
  };
}

/** The projection's own hop lookups as a reference graph, to check the search alone. */
export function referenceGraphOf(projection: TrustProjection): ReferenceGraph {
  const person = (id: string): number => projection.personIndex(id);

  return {
    isPerson: (id) => person(id) >= 0,
    isBusiness: (id) => person(id) < 0 && projection.businessIndex(id) >= 0,
    isOptedOut: (id) => projection.isOptedOut(person(id)),
    neighbours(id) {
      const hops = projection.hopsOf(person(id));

      return Array.from(hops.targets.subarray(hops.start, hops.end), (other) =>
        projection.personId(other),
      );
    },
    businessPeople: (id) =>
      Array.from(projection.finalHopsOf(projection.businessIndex(id)).persons, (other) =>
        projection.personId(other),
      ),
    hop(fromId, toId) {
      const detail = projection.describeHop(person(fromId), person(toId));

      return detail && { fromId, toId, toKind: 'PERSON', ...detail };
    },
    finalHop(personId, businessId) {
      const detail = projection.describeFinalHop(
        person(personId),
        projection.businessIndex(businessId),
      );

      return detail && { fromId: personId, toId: businessId, toKind: 'BUSINESS', ...detail };
    },
  };
}

/**
 * The contract applied literally: enumerate every simple path of 1..maxHops hops by depth-first
 * search, keep those whose inner people have not opted out, sort by `compareIntroPaths`, keep the
 * first path per first contact when diverse, and take `first`. The only pruning drops people who
 * cannot reach the target in the hops left even ignoring simplicity (a hop-count BFS), which
 * cannot lose a path. Exponential: small graphs and short paths only.
 */
export function findIntroPathsExhaustively(
  graphOrProjection: ReferenceGraph | TrustProjection,
  query: IntroPathQuery,
): IntroPath[] {
  const graph =
    graphOrProjection instanceof TrustProjection
      ? referenceGraphOf(graphOrProjection)
      : graphOrProjection;
  assertQueryLimits(query);
  if (!graph.isPerson(query.fromId)) {
    throw new PersonNotFoundError(query.fromId);
  }

  if (!graph.isPerson(query.toId) && !graph.isBusiness(query.toId)) {
    throw new NodeNotFoundError(query.toId);
  }

  if (query.fromId === query.toId) {
    return [];
  }

  const paths = enumeratePaths(graph, query);
  paths.sort(compareIntroPaths);
  const seenContacts = new Set<string>();
  const kept = query.diverse
    ? paths.filter((path) => {
        const contact = path.hops[0]?.toId ?? '';
        const isNew = !seenContacts.has(contact);
        seenContacts.add(contact);

        return isNew;
      })
    : paths;

  return kept.slice(0, query.first);
}

function enumeratePaths(graph: ReferenceGraph, query: IntroPathQuery): IntroPath[] {
  const toBusiness = graph.isBusiness(query.toId);
  const hopsToTarget = countHopsToTarget(graph, query.toId, toBusiness, query.maxHops);
  const paths: IntroPath[] = [];
  const onPath = new Set<string>([query.fromId]);
  const hops: Hop[] = [];

  const visit = (personId: string): void => {
    const hopsLeft = query.maxHops - hops.length;
    const last = toBusiness
      ? graph.finalHop(personId, query.toId)
      : graph.hop(personId, query.toId);
    if (last && hopsLeft >= 1) {
      record([...hops, last]);
    }

    for (const next of graph.neighbours(personId)) {
      const reach = hopsToTarget.get(next);
      const usable = !onPath.has(next) && next !== query.toId && !graph.isOptedOut(next);
      const hop =
        usable && reach !== undefined && reach + 1 <= hopsLeft ? graph.hop(personId, next) : null;
      if (hop) {
        onPath.add(next);
        hops.push(hop);
        visit(next);
        hops.pop();
        onPath.delete(next);
      }
    }
  };

  const record = (pathHops: Hop[]): void => {
    let warmth = 1;
    for (const hop of pathHops) {
      warmth *= hop.strength;
    }

    paths.push({ warmth, hops: pathHops });
  };

  visit(query.fromId);

  return paths;
}

/**
 * A lower bound on the hops from each person to the target, up to `maxHops - 1` (all a path can
 * use after its first hop): BFS over every tie, usable or not, passing only through people who
 * have not opted out and ignoring simplicity, so it never exceeds the true count.
 */
function countHopsToTarget(
  graph: ReferenceGraph,
  toId: string,
  toBusiness: boolean,
  maxHops: number,
): Map<string, number> {
  const hops = new Map<string, number>();
  let frontier: string[] = [];
  if (toBusiness) {
    for (const personId of graph.businessPeople(toId)) {
      if (graph.finalHop(personId, toId)) {
        hops.set(personId, 1);
        frontier.push(personId);
      }
    }
  } else {
    hops.set(toId, 0);
    frontier.push(toId);
  }

  for (let level = toBusiness ? 1 : 0; level < maxHops - 1; level++) {
    const next: string[] = [];
    for (const personId of frontier) {
      if (personId !== toId && graph.isOptedOut(personId)) {
        continue;
      }

      for (const other of graph.neighbours(personId)) {
        if (!hops.has(other)) {
          hops.set(other, level + 1);
          next.push(other);
        }
      }
    }

    frontier = next;
  }

  return hops;
}
