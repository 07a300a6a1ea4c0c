import type { SeedTrust } from '../network.ts';
import type { ImportIssue, RowOrigin } from './import-issue.ts';
import type { ParsedRow } from './parse-tabular.ts';
import { numberedLines } from './read-text.ts';

export type EdgeListFormat = 'snap' | 'konect';

export interface EdgeListOptions {
  readonly format: EdgeListFormat;
  readonly idPrefix: string;
  /** Strength of ties in files without a weight column. */
  readonly defaultStrength: number;
  /** Each line is an undirected tie: it becomes trust in both directions. */
  readonly undirected: boolean;
}

export interface ParsedEdgeList {
  readonly rows: ParsedRow<'trust'>[];
  readonly issues: ImportIssue[];
  /** Every node id seen (prefixed), with the line it first appeared on. */
  readonly nodes: Map<string, RowOrigin>;
  /** Data lines read, self-loops included. */
  readonly edgeLines: number;
  /** Lines whose two ends are the same node: skipped, since nobody vouches for themselves. */
  readonly selfLoops: number;
}

const NODE_ID = /^\d+$/;

/**
 * Public trust-network edge lists. SNAP: `source,target[,rating[,time]]` (comma- or
 * whitespace-separated, `#` comments); a rating above 0 becomes strength rating/10, below 0
 * distrust. KONECT `out.*`: `from to [weight [time]]` (`%` comments); a weight becomes the
 * strength clamped to [0, 1], a negative one distrust. Times are seconds since the epoch. In
 * both, a non-numeric line before the first edge is a header and is skipped.
 */
export function parseEdgeList(
  file: string,
  text: string,
  options: EdgeListOptions,
): ParsedEdgeList {
  const comment = options.format === 'snap' ? '#' : '%';
  const result: ParsedEdgeList & { edgeLines: number; selfLoops: number } = {
    rows: [],
    issues: [],
    nodes: new Map(),
    edgeLines: 0,
    selfLoops: 0,
  };
  let seenData = false;

  for (const { line, text: lineText } of numberedLines(text)) {
    const trimmed = lineText.trim();
    if (trimmed === '' || trimmed.startsWith(comment)) {
      continue;
    }
    const fields =
      options.format === 'snap' && trimmed.includes(',')
        ? trimmed.split(',')
        : trimmed.split(/\s+/);
    const [from, to] = fields.map((f) => f.trim());
    if (!seenData && !(NODE_ID.test(from ?? '') && NODE_ID.test(to ?? ''))) {
      continue;
    }
    seenData = true;
    result.edgeLines++;
    const origin = { file, line };
    const parsed = parseEdgeFields(fields, options);
    if ('issue' in parsed) {
      result.issues.push({ ...origin, ...parsed.issue });
      continue;
    }

    const fromId = options.idPrefix + parsed.from;
    const toId = options.idPrefix + parsed.to;
    noteNode(result.nodes, fromId, origin);
    noteNode(result.nodes, toId, origin);
    if (fromId === toId) {
      result.selfLoops++;
      continue;
    }
    result.rows.push({ kind: 'trust', origin, record: { ...parsed.tie, fromId, toId } });
    if (options.undirected) {
      result.rows.push({
        kind: 'trust',
        origin,
        record: { ...parsed.tie, fromId: toId, toId: fromId },
      });
    }
  }
  return result;
}

type EdgeFields =
  | { from: string; to: string; tie: Omit<SeedTrust, 'fromId' | 'toId'> }
  | { issue: { field: string; reason: string } };

function parseEdgeFields(fields: readonly string[], options: EdgeListOptions): EdgeFields {
  if (fields.length < 2 || fields.length > 4) {
    return { issue: { field: 'row', reason: `expected 2 to 4 columns, found ${fields.length}` } };
  }
  const [from = '', to = '', weightText, timeText] = fields.map((f) => f.trim());
  if (!NODE_ID.test(from)) {
    return { issue: { field: 'source', reason: 'not a numeric node id' } };
  }
  if (!NODE_ID.test(to)) {
    return { issue: { field: 'target', reason: 'not a numeric node id' } };
  }

  const weight = weightText === undefined ? undefined : Number(weightText);
  const weightField = options.format === 'snap' ? 'rating' : 'weight';
  if (weight !== undefined && !Number.isFinite(weight)) {
    return { issue: { field: weightField, reason: 'not a number' } };
  }
  if (options.format === 'snap' && weight !== undefined && Math.abs(weight) > 10) {
    return { issue: { field: 'rating', reason: 'out of range [-10, 10]' } };
  }
  const timeSec = timeText === undefined ? undefined : Number(timeText);
  if (timeSec !== undefined && !(Number.isFinite(timeSec) && timeSec >= 0)) {
    return { issue: { field: 'time', reason: 'not a time in seconds since the epoch' } };
  }

  const time =
    timeSec === undefined
      ? {}
      : { since: Math.round(timeSec * 1000), lastInteractionAt: Math.round(timeSec * 1000) };
  return { from, to, tie: { ...toStrength(weight, options), context: 'OTHER', ...time } };
}

function toStrength(
  weight: number | undefined,
  options: EdgeListOptions,
): { strength: number; distrust: boolean } {
  if (weight === undefined) {
    return { strength: options.defaultStrength, distrust: false };
  }
  if (weight < 0) {
    return { strength: 0, distrust: true };
  }
  const strength = options.format === 'snap' ? weight / 10 : weight;
  return { strength: Math.min(1, Math.max(0, strength)), distrust: false };
}

function noteNode(nodes: Map<string, RowOrigin>, id: string, origin: RowOrigin): void {
  if (!nodes.has(id)) {
    nodes.set(id, origin);
  }
}
