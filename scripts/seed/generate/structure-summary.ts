import { trustContexts } from '../../../services/graph/src/domain/trust.ts';
import { createRandom } from '../random.ts';
import { recordKinds, type RecordKind } from '../seed-source.ts';
import { buildAdjacency, type EdgeColumns } from './edge-columns.ts';
import type { GeneratedNetwork } from './generate-network.ts';

export interface DegreePercentiles {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface StructureSummary {
  readonly counts: Readonly<Record<RecordKind, number>>;
  readonly personTrust: number;
  readonly businessTrust: number;
  /** People who opted out of being an intermediary. */
  readonly optedOut: number;
  /** Person-to-person trust ties given (out) and received (in) per person. */
  readonly outDegree: DegreePercentiles;
  readonly inDegree: DegreePercentiles;
  /** Mean local clustering of the undirected person graph, estimated on sampled people. */
  readonly clustering: { readonly coefficient: number; readonly sampledPeople: number };
  /** Share of person-to-person ties whose reverse tie exists. */
  readonly reciprocity: number;
  /** Counts of non-distrust strengths 0.1 .. 1.0, over all trust ties. */
  readonly strengthHistogram: Readonly<Record<string, number>>;
  readonly distrustShare: number;
  readonly contexts: Readonly<Record<string, number>>;
  /** Earliest `since` and latest `lastInteractionAt` of all trust ties, as ISO dates. */
  readonly trustDateSpan: { readonly from: string; readonly to: string };
}

const CLUSTERING_SAMPLE = 2_000;
const EXACT_CLUSTERING_DEGREE = 60;
const PAIRS_PER_SAMPLE = 400;

export function summariseNetwork(network: GeneratedNetwork): StructureSummary {
  const counts = Object.fromEntries(recordKinds.map((k) => [k, network.count(k)]));
  const optedOut = network.town.optedOut.reduce((sum, flag) => sum + flag, 0);
  return summariseTrust(
    counts as Record<RecordKind, number>,
    network.personTrust,
    network.businessTrust,
    network.town.personCount,
    optedOut,
  );
}

/** Structure of trust held as columns; `businessTrust` counts towards strengths and dates only. */
export function summariseTrust(
  counts: Readonly<Record<RecordKind, number>>,
  personTrust: EdgeColumns,
  businessTrust: EdgeColumns,
  personCount: number,
  optedOut = 0,
): StructureSummary {
  const outDegree = new Int32Array(personCount);
  const inDegree = new Int32Array(personCount);
  let reciprocated = 0;
  for (let i = 0; i < personTrust.length; i++) {
    const from = personTrust.from[i] ?? 0;
    const to = personTrust.to[i] ?? 0;
    outDegree[from]!++;
    inDegree[to]!++;
    if (personTrust.has(to, from)) {
      reciprocated++;
    }
  }
  const ties = describeTies([personTrust, businessTrust]);

  return {
    counts,
    personTrust: personTrust.length,
    businessTrust: businessTrust.length,
    optedOut,
    outDegree: percentiles(outDegree),
    inDegree: percentiles(inDegree),
    clustering: estimateClustering(personTrust, personCount),
    reciprocity: personTrust.length === 0 ? 0 : reciprocated / personTrust.length,
    ...ties,
  };
}

function describeTies(all: readonly EdgeColumns[]) {
  const strengthHistogram: Record<string, number> = {};
  for (let r = 1; r <= 10; r++) {
    strengthHistogram[(r / 10).toFixed(1)] = 0;
  }
  const contexts: Record<string, number> = Object.fromEntries(trustContexts.map((c) => [c, 0]));
  let distrust = 0;
  let total = 0;
  let fromSec = Infinity;
  let toSec = -Infinity;
  for (const edges of all) {
    for (let i = 0; i < edges.length; i++) {
      total++;
      const context = trustContexts[edges.context[i] ?? 0] ?? 'OTHER';
      contexts[context] = (contexts[context] ?? 0) + 1;
      fromSec = Math.min(fromSec, edges.sinceSec[i] ?? fromSec);
      toSec = Math.max(toSec, edges.lastInteractionSec[i] ?? toSec);
      if (edges.distrust[i] === 1) {
        distrust++;
        continue;
      }
      const bucket = (Math.round((edges.strength[i] ?? 0) * 10) / 10).toFixed(1);
      strengthHistogram[bucket] = (strengthHistogram[bucket] ?? 0) + 1;
    }
  }

  return {
    strengthHistogram,
    distrustShare: total === 0 ? 0 : distrust / total,
    contexts,
    trustDateSpan: {
      from: total === 0 ? '' : new Date(fromSec * 1000).toISOString().slice(0, 10),
      to: total === 0 ? '' : new Date(toSec * 1000).toISOString().slice(0, 10),
    },
  };
}

function percentiles(values: Int32Array): DegreePercentiles {
  const sorted = values.slice().sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    mean: sorted.length === 0 ? 0 : Math.round((sum / sorted.length) * 100) / 100,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * Mean local clustering over a fixed-seed sample of people with two or more distinct neighbours:
 * exact for small neighbourhoods, estimated from random neighbour pairs for hubs.
 */
function estimateClustering(
  edges: EdgeColumns,
  personCount: number,
): StructureSummary['clustering'] {
  const { offsets, targets } = buildAdjacency(edges, personCount, true);
  const random = createRandom(0x5eed);
  const linked = (a: number, b: number) => edges.has(a, b) || edges.has(b, a);
  let sum = 0;
  let sampled = 0;
  for (
    let attempt = 0;
    sampled < CLUSTERING_SAMPLE && attempt < CLUSTERING_SAMPLE * 20;
    attempt++
  ) {
    const u = random.int(personCount);
    const neighbours = [...new Set(targets.subarray(offsets[u], offsets[u + 1]))];
    if (neighbours.length < 2) {
      continue;
    }

    sum +=
      neighbours.length <= EXACT_CLUSTERING_DEGREE
        ? exactLocalClustering(neighbours, linked)
        : sampledLocalClustering(neighbours, linked, random);
    sampled++;
  }
  return {
    coefficient: sampled === 0 ? 0 : Math.round((sum / sampled) * 1000) / 1000,
    sampledPeople: sampled,
  };
}

function exactLocalClustering(
  neighbours: number[],
  linked: (a: number, b: number) => boolean,
): number {
  let links = 0;
  for (let i = 0; i < neighbours.length; i++) {
    for (let j = i + 1; j < neighbours.length; j++) {
      links += linked(neighbours[i]!, neighbours[j]!) ? 1 : 0;
    }
  }
  return links / ((neighbours.length * (neighbours.length - 1)) / 2);
}

function sampledLocalClustering(
  neighbours: number[],
  linked: (a: number, b: number) => boolean,
  random: ReturnType<typeof createRandom>,
): number {
  let links = 0;
  for (let p = 0; p < PAIRS_PER_SAMPLE; p++) {
    const a = random.int(neighbours.length);
    const b = (a + 1 + random.int(neighbours.length - 1)) % neighbours.length;
    links += linked(neighbours[a]!, neighbours[b]!) ? 1 : 0;
  }
  return links / PAIRS_PER_SAMPLE;
}

/** The summary as aligned plain-text lines for a terminal. */
export function formatStructureSummary(summary: StructureSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const degrees = (d: DegreePercentiles) =>
    `mean ${d.mean}  p50 ${d.p50}  p90 ${d.p90}  p99 ${d.p99}  max ${d.max}`;
  const totalStrength = Object.values(summary.strengthHistogram).reduce((a, b) => a + b, 0);
  const histogram = Object.entries(summary.strengthHistogram)
    .map(
      ([bucket, count]) =>
        `    ${bucket}  ${String(count).padStart(10)}  ${pct(count / Math.max(1, totalStrength))}`,
    )
    .join('\n');

  return [
    'counts',
    ...recordKinds.map((k) => `    ${k.padEnd(11)} ${String(summary.counts[k]).padStart(10)}`),
    `    trust: ${summary.personTrust} person-to-person, ${summary.businessTrust} person-to-business`,
    `    opted out: ${summary.optedOut} people`,
    `out-degree  ${degrees(summary.outDegree)}`,
    `in-degree   ${degrees(summary.inDegree)}`,
    `clustering  ${summary.clustering.coefficient} (mean local, ${summary.clustering.sampledPeople} people sampled)`,
    `reciprocity ${pct(summary.reciprocity)} of person-to-person ties returned`,
    `distrust    ${pct(summary.distrustShare)} of trust ties`,
    `contexts    ${Object.entries(summary.contexts)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ')}`,
    `dates       trust since ${summary.trustDateSpan.from}, last interaction up to ${summary.trustDateSpan.to}`,
    'strength histogram (non-distrust ties)',
    histogram,
  ].join('\n');
}
