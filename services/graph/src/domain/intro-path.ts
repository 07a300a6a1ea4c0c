import type { BusinessRole } from './business.ts';
import type { TrustContext } from './trust.ts';

export const MAX_HOPS_LIMIT = 6;
export const FIRST_LIMIT = 10;

export type NodeKind = 'PERSON' | 'BUSINESS';

/** What a hop rests on: trust between people, or a person's tie to the target business. */
export type HopKind = 'TRUSTS' | BusinessRole;

/** Which way the trust behind a hop points, relative to the path's direction. */
export type HopDirection = 'FORWARD' | 'BACKWARD' | 'MUTUAL';

export interface Hop {
  readonly fromId: string;
  readonly toId: string;
  readonly toKind: NodeKind;
  readonly kind: HopKind;
  /** The hop's strength in [0, 1] after cooling and combining both directions. */
  readonly strength: number;
  readonly direction: HopDirection;
  /** The context of the warmer direction's trust; null for OWNS and WORKS_AT hops. */
  readonly context: TrustContext | null;
  /** The most recent interaction across both directions, in ms since the epoch; null for roles. */
  readonly lastInteractionAtMs: number | null;
}

export interface IntroPath {
  /** Product of the hops' strengths, in [0, 1]. */
  readonly warmth: number;
  readonly hops: readonly Hop[];
}

export interface IntroPathQuery {
  readonly fromId: string;
  readonly toId: string;
  /** 1..MAX_HOPS_LIMIT. */
  readonly maxHops: number;
  /** 1..FIRST_LIMIT. */
  readonly first: number;
  /** At most one path per first contact (default), or the raw top-k when false. */
  readonly diverse: boolean;
}

export type NoPathReason = 'NO_PATH_WITHIN_MAX_HOPS' | 'SAME_NODE';

/**
 * Orders intro paths: warmer first, then fewer hops, then by the sequence of node ids compared
 * element by element. Answers are deterministic under this order.
 */
export function compareIntroPaths(a: IntroPath, b: IntroPath): number {
  if (a.warmth !== b.warmth) {
    return b.warmth - a.warmth;
  }

  if (a.hops.length !== b.hops.length) {
    return a.hops.length - b.hops.length;
  }

  return compareIdSequences(pathNodeIds(a), pathNodeIds(b));
}

export function pathNodeIds(path: IntroPath): string[] {
  const first = path.hops[0];

  return first ? [first.fromId, ...path.hops.map((hop) => hop.toId)] : [];
}

export function compareIdSequences(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }

  return a.length - b.length;
}

/** The first contact of a path: the node after the asking person. */
export function firstContactId(path: IntroPath): string | undefined {
  return path.hops[0]?.toId;
}

/**
 * Picks the answer from candidate paths: sorts them by compareIntroPaths, keeps only the best
 * path per first contact when `diverse`, then the first `first`.
 */
export function selectIntroPaths(
  candidates: readonly IntroPath[],
  first: number,
  diverse: boolean,
): IntroPath[] {
  const sorted = [...candidates].sort(compareIntroPaths);
  if (!diverse) {
    return sorted.slice(0, first);
  }

  const seen = new Set<string | undefined>();
  const selected: IntroPath[] = [];
  for (const path of sorted) {
    const contact = firstContactId(path);
    if (seen.has(contact)) {
      continue;
    }
    seen.add(contact);
    selected.push(path);
    if (selected.length === first) {
      break;
    }
  }

  return selected;
}
