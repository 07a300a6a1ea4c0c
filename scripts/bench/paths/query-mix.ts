import type { TrustProjection } from '../../../services/graph/src/engine/projection.ts';

export type QueryKind = 'person-top3' | 'business-top3' | 'person-top10' | 'degree';

export interface BenchQuery {
  readonly kind: QueryKind;
  readonly fromId: string;
  readonly toId: string;
  readonly first: number;
  /** Fewest hops found when sampling (7 for beyond six), for reporting by stratum. */
  readonly hops: number;
}

const UNREACHED = 255;
const MAX_HOPS = 6;

/** Hop strata and their shares: 1, 2, 3, 4, 5-6 hops, and beyond six (or unreachable). */
const strata: readonly { readonly share: number; readonly min: number; readonly max: number }[] = [
  { share: 0.05, min: 1, max: 1 },
  { share: 0.15, min: 2, max: 2 },
  { share: 0.3, min: 3, max: 3 },
  { share: 0.3, min: 4, max: 4 },
  { share: 0.1, min: 5, max: 6 },
  { share: 0.1, min: 7, max: UNREACHED },
];

const kinds: readonly {
  readonly share: number;
  readonly kind: QueryKind;
  readonly first: number;
}[] = [
  { share: 0.7, kind: 'person-top3', first: 3 },
  { share: 0.2, kind: 'business-top3', first: 3 },
  { share: 0.05, kind: 'person-top10', first: 10 },
  { share: 0.05, kind: 'degree', first: 1 },
];

/** A seeded generator (mulberry32), so a run samples the same queries every time. */
export function createRandom(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fewest usable hops from `from` to every person (UNREACHED beyond six), passing only through
 * people who have not opted out, as the engine's paths do. One BFS serves many queries.
 */
function levelsFrom(projection: TrustProjection, from: number, levels: Uint8Array): void {
  levels.fill(UNREACHED);
  levels[from] = 0;
  let frontier = [from];
  for (let level = 1; level <= MAX_HOPS && frontier.length > 0; level++) {
    const next: number[] = [];
    for (const person of frontier) {
      if (person !== from && projection.isOptedOut(person)) {
        continue;
      }

      const hops = projection.hopsOf(person);
      for (let slot = hops.start; slot < hops.end; slot++) {
        const neighbour = hops.targets[slot] ?? 0;
        if (levels[neighbour] === UNREACHED) {
          levels[neighbour] = level;
          next.push(neighbour);
        }
      }
    }

    frontier = next;
  }
}

/** Fewest hops to each business: one more than its nearest final-hop person. */
function businessLevels(projection: TrustProjection, from: number, levels: Uint8Array): Uint8Array {
  const result = new Uint8Array(projection.businessCount).fill(UNREACHED);
  for (let business = 0; business < projection.businessCount; business++) {
    const finalHops = projection.finalHopsOf(business);
    for (const person of finalHops.persons) {
      const inner = person === from || !projection.isOptedOut(person);
      const level = levels[person] ?? UNREACHED;
      if (inner && level < MAX_HOPS && level + 1 < (result[business] ?? UNREACHED)) {
        result[business] = level + 1;
      }
    }
  }

  return result;
}

/** People in the top 0.1% by number of usable hops. */
function findHubs(projection: TrustProjection): number[] {
  const degrees: { person: number; degree: number }[] = [];
  for (let person = 0; person < projection.personSlots; person++) {
    const hops = projection.hopsOf(person);
    degrees.push({ person, degree: hops.end - hops.start });
  }

  degrees.sort((a, b) => b.degree - a.degree);

  return degrees.slice(0, Math.max(1, Math.ceil(degrees.length / 1000))).map((d) => d.person);
}

function pickWeighted<T extends { share: number }>(items: readonly T[], roll: number): T {
  let sum = 0;
  for (const item of items) {
    sum += item.share;
    if (roll < sum) {
      return item;
    }
  }

  return items[items.length - 1] as T;
}

/**
 * Samples `count` queries: kind by the mix (70% person top-3, 20% business top-3, 5% top-10, 5%
 * degree), target by hop stratum, and 5% starting from a hub. Each source's BFS serves up to
 * `perSource` queries; a stratum with no candidate for that source is drawn again.
 */
export function sampleQueries(
  projection: TrustProjection,
  count: number,
  seed: number,
  perSource = 20,
): BenchQuery[] {
  const random = createRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const hubs = findHubs(projection);
  const levels = new Uint8Array(projection.personSlots);
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const fromHub = random() < 0.05;
    const from = fromHub ? (hubs[pick(hubs.length)] ?? 0) : pick(projection.personSlots);
    if (projection.isDeleted(from)) {
      continue;
    }

    levelsFrom(projection, from, levels);
    const byBusiness = businessLevels(projection, from, levels);
    for (let i = 0; i < perSource && queries.length < count; i++) {
      const { kind, first } = pickWeighted(kinds, random());
      const stratum = pickWeighted(strata, random());
      const toBusiness = kind === 'business-top3';
      const candidates = toBusiness ? byBusiness : levels;
      const target = findAtLevel(candidates, stratum.min, stratum.max, pick, from, toBusiness);
      if (target < 0) {
        continue;
      }

      queries.push({
        kind,
        fromId: projection.personId(from),
        toId: toBusiness ? projection.businessId(target) : projection.personId(target),
        first,
        hops: Math.min(7, candidates[target] ?? UNREACHED),
      });
    }
  }

  return queries;
}

/** A random index whose level is in [min, max], by probing then scanning; -1 when none. */
function findAtLevel(
  levels: Uint8Array,
  min: number,
  max: number,
  pick: (n: number) => number,
  from: number,
  toBusiness: boolean,
): number {
  const fits = (i: number): boolean => {
    const level = levels[i] ?? UNREACHED;

    return level >= min && level <= max && (toBusiness || i !== from);
  };

  for (let probe = 0; probe < 2000; probe++) {
    const i = pick(levels.length);
    if (fits(i)) {
      return i;
    }
  }

  const start = pick(levels.length);
  for (let k = 0; k < levels.length; k++) {
    const i = (start + k) % levels.length;
    if (fits(i)) {
      return i;
    }
  }

  return -1;
}
