import type { BusinessRole } from '../../domain/business.ts';
import type { TrustContext } from '../../domain/trust.ts';
import type { NetworkRecords } from '../projection-source.ts';
import { TrustProjection } from '../projection.ts';

export const NOW_MS = Date.UTC(2025, 0, 1);
export const DAY_MS = 86_400_000;

export interface SmallTie {
  readonly from: string;
  readonly to: string;
  readonly strength?: number;
  readonly distrust?: boolean;
  readonly context?: TrustContext;
  readonly ageDays?: number;
}

/**
 * A hand-built network: people are named by their ids (`'-'` suffix marks opted out), ties
 * default to strength 1, FRIEND, interacted with today.
 */
export function createSmallNetwork(spec: {
  people: readonly string[];
  businesses?: readonly string[];
  ties: readonly SmallTie[];
  roles?: readonly [string, string, BusinessRole][];
}): NetworkRecords {
  return {
    people: spec.people.map((name) => ({
      id: name.replace(/-$/, ''),
      optedOut: name.endsWith('-'),
    })),
    businesses: (spec.businesses ?? []).map((id) => ({ id })),
    trust: spec.ties.map((tie) => ({
      fromId: tie.from,
      toId: tie.to,
      strength: tie.strength ?? 1,
      distrust: tie.distrust ?? false,
      context: tie.context ?? 'FRIEND',
      lastInteractionAt: NOW_MS - (tie.ageDays ?? 0) * DAY_MS,
    })),
    roles: (spec.roles ?? []).map(([personId, businessId, role]) => ({
      personId,
      businessId,
      role,
    })),
  };
}

export function projectSmallNetwork(
  spec: Parameters<typeof createSmallNetwork>[0],
): TrustProjection {
  return TrustProjection.fromNetwork(createSmallNetwork(spec), { nowMs: NOW_MS });
}
