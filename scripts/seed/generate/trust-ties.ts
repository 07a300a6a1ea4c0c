import { trustContexts, type TrustContext } from '../../../services/graph/src/domain/trust.ts';
import { createWeightedSampler, type Random } from '../random.ts';
import { buildAdjacency, EdgeColumns } from './edge-columns.ts';
import type { NetworkSpec } from './network-spec.ts';
import { createStrengthSampler } from './strength.ts';
import { shuffledIndices, type Town } from './town.ts';

const FAMILY_TIE_PROBABILITY = 0.9;
const COWORKERS_PER_PERSON = 3;
const NEIGHBOUR_TIE_PROBABILITY = 0.5;
const CLUB_TIES_PER_MEMBER = 1.5;
const FRIEND_SHARE_OF_RANDOM = 0.7;
/** Keeps the best-connected person at a few hundred times the mean, as in real social networks. */
const MAX_WEIGHT_OVER_MEAN = 400;
const DAY_SEC = 86_400;

/** Ties are stronger among family and coworkers: their strengths start at these ratings. */
const MIN_RATING: Record<TrustContext, number> = {
  FAMILY: 5,
  FRIEND: 1,
  NEIGHBOUR: 1,
  COWORKER: 2,
  CUSTOMER: 1,
  CLUB: 1,
  OTHER: 1,
};

/** Mean days since the last interaction, by context: family talk often, acquaintances rarely. */
const MEAN_QUIET_DAYS: Record<TrustContext, number> = {
  FAMILY: 20,
  FRIEND: 120,
  NEIGHBOUR: 200,
  COWORKER: 60,
  CUSTOMER: 300,
  CLUB: 150,
  OTHER: 400,
};

export interface TieWriter {
  readonly edges: EdgeColumns;
  /** Adds a tie with sampled attributes, and its return tie with the spec's probability. */
  addTie(from: number, to: number, context: TrustContext, returnProbability?: number): boolean;
}

/** With `toBusinesses`, targets are business numbers, so a matching number is not a self-tie. */
export function createTieWriter(
  spec: NetworkSpec,
  edges: EdgeColumns,
  random: Random,
  toBusinesses = false,
): TieWriter {
  const strengths = createStrengthSampler();
  const endSec = Math.floor(spec.endAt / 1000);
  const startSec = endSec - Math.floor(spec.historyYears * 365.25 * DAY_SEC);

  const write = (from: number, to: number, context: TrustContext): boolean => {
    const index = edges.add(from, to);
    if (index < 0) {
      return false;
    }

    const distrust = context !== 'FAMILY' && random.chance(spec.distrustShare);
    const sinceSec =
      context === 'FAMILY'
        ? startSec + random.int(DAY_SEC * 365)
        : startSec + random.int(endSec - startSec - 30 * DAY_SEC);
    const quietSec = Math.floor(-Math.log(1 - random.next()) * MEAN_QUIET_DAYS[context] * DAY_SEC);
    edges.strength[index] = distrust ? 0 : strengths.sample(random, MIN_RATING[context]);
    edges.distrust[index] = distrust ? 1 : 0;
    edges.context[index] = trustContexts.indexOf(context);
    edges.sinceSec[index] = sinceSec;
    edges.lastInteractionSec[index] = Math.max(sinceSec, endSec - quietSec);
    return true;
  };

  return {
    edges,
    addTie(from, to, context, returnProbability = spec.returnTieProbability) {
      if ((!toBusinesses && from === to) || !write(from, to, context)) {
        return false;
      }
      if (random.chance(returnProbability)) {
        write(to, from, context);
      }
      return true;
    },
  };
}

/**
 * Person-to-person trust: community ties (family, coworkers, neighbours, clubs) for clustering,
 * then Chung-Lu ties with a power-law expected degree for the heavy tail, then triadic closure
 * (a friend of a friend) until the spec's mean degree is reached.
 */
export function generatePersonTrust(spec: NetworkSpec, town: Town, random: Random): EdgeColumns {
  const n = town.personCount;
  const target = Math.round(n * spec.meanDegree);
  const edges = new EdgeColumns(n, Math.ceil(target * 1.05));
  const writer = createTieWriter(spec, edges, random.fork(10));

  addFamilyTies(town, writer, random.fork(11));
  addCoworkerTies(town, writer, random.fork(12));
  addNeighbourTies(town, writer, random.fork(13));
  addClubTies(town, writer, random.fork(14));
  const closureTarget = Math.max(edges.length, Math.round(target * (1 - spec.triadicClosureShare)));
  addChungLuTies(spec, n, writer, closureTarget, random.fork(15));
  addTriadicClosureTies(n, writer, target, random.fork(16));
  return edges;
}

function addFamilyTies(town: Town, writer: TieWriter, random: Random): void {
  const starts = town.householdStart;
  for (let h = 0; h < starts.length - 1; h++) {
    const start = starts[h] ?? 0;
    const end = starts[h + 1] ?? 0;
    for (let u = start; u < end; u++) {
      for (let v = start; v < end; v++) {
        if (u !== v && random.chance(FAMILY_TIE_PROBABILITY)) {
          writer.addTie(u, v, 'FAMILY', 0);
        }
      }
    }
  }
}

function addCoworkerTies(town: Town, writer: TieWriter, random: Random): void {
  const staffByBusiness: number[][] = Array.from({ length: town.businessCount }, () => []);
  town.owner.forEach((person, b) => person >= 0 && staffByBusiness[b]!.push(person));
  town.staffPerson.forEach((person, i) =>
    staffByBusiness[town.staffBusiness[i] ?? 0]!.push(person),
  );

  for (const staff of staffByBusiness) {
    for (const u of staff) {
      const ties = Math.min(staff.length - 1, COWORKERS_PER_PERSON);
      for (let t = 0; t < ties; t++) {
        writer.addTie(u, random.pick(staff), 'COWORKER');
      }
    }
  }
}

function addNeighbourTies(town: Town, writer: TieWriter, random: Random): void {
  for (let u = 0; u < town.personCount; u++) {
    const k = town.neighbourhoodOf[u] ?? 0;
    const start = town.neighbourhoodStart[k] ?? 0;
    const size = (town.neighbourhoodStart[k + 1] ?? 0) - start;
    if (random.chance(NEIGHBOUR_TIE_PROBABILITY)) {
      writer.addTie(u, start + random.int(size), 'NEIGHBOUR');
    }
  }
}

function addClubTies(town: Town, writer: TieWriter, random: Random): void {
  for (let c = 0; c < town.clubStart.length - 1; c++) {
    const members = town.clubMember.slice(town.clubStart[c], town.clubStart[c + 1]);
    for (const u of members) {
      const ties = Math.floor(CLUB_TIES_PER_MEMBER + random.next());
      for (let t = 0; t < ties; t++) {
        writer.addTie(u, random.pick(members), 'CLUB');
      }
    }
  }
}

function addChungLuTies(
  spec: NetworkSpec,
  n: number,
  writer: TieWriter,
  target: number,
  random: Random,
): void {
  const sample = createWeightedSampler(createChungLuWeights(n, spec.degreeExponent, random));
  const maxAttempts = target * 20;
  for (let attempt = 0; writer.edges.length < target && attempt < maxAttempts; attempt++) {
    const context = random.chance(FRIEND_SHARE_OF_RANDOM) ? 'FRIEND' : 'OTHER';
    writer.addTie(sample(random), sample(random), context);
  }
}

/** Expected degrees w_i proportional to i^(-1/(exponent-1)), assigned to people in random order. */
export function createChungLuWeights(n: number, exponent: number, random: Random): Float64Array {
  const order = shuffledIndices(n, random);
  const weights = new Float64Array(n);
  const power = -1 / (exponent - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += (i + 1) ** power;
  }
  const cap = (sum / n) * MAX_WEIGHT_OVER_MEAN;
  for (let i = 0; i < n; i++) {
    weights[order[i] ?? 0] = Math.min(cap, (i + 1) ** power);
  }
  return weights;
}

function addTriadicClosureTies(n: number, writer: TieWriter, target: number, random: Random): void {
  const { offsets, targets } = buildAdjacency(writer.edges, n, true);
  const degree = (u: number) => (offsets[u + 1] ?? 0) - (offsets[u] ?? 0);
  const neighbour = (u: number) => targets[(offsets[u] ?? 0) + random.int(degree(u))] ?? u;

  const maxAttempts = Math.max(0, target - writer.edges.length) * 20;
  for (let attempt = 0; writer.edges.length < target && attempt < maxAttempts; attempt++) {
    const u = random.int(n);
    if (degree(u) === 0) {
      continue;
    }
    const v = neighbour(u);
    if (degree(v) > 0) {
      writer.addTie(u, neighbour(v), 'FRIEND');
    }
  }
}
