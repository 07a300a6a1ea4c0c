import type { HopDirection, HopKind } from '../domain/intro-path.ts';
import { trustContexts, type TrustContext } from '../domain/trust.ts';
import { combineDirections, coolStrength, type WarmthModel } from '../domain/warmth.ts';

/**
 * Byte encodings shared by the projection's typed arrays. A directed tie packs its distrust flag
 * and context; a hop packs its direction (relative to the list's owner) and context.
 */
const DISTRUST_BIT = 1;
const CONTEXT_SHIFT_TIE = 1;
const CONTEXT_SHIFT_HOP = 2;
const CONTEXT_MASK = 7;

export const DIRECTION_FORWARD = 1;
export const DIRECTION_BACKWARD = 2;
export const DIRECTION_MUTUAL = 3;

const directionNames: readonly HopDirection[] = ['FORWARD', 'FORWARD', 'BACKWARD', 'MUTUAL'];

export const KIND_OWNS = 0;
export const KIND_WORKS_AT = 1;
export const KIND_TRUSTS = 2;

export const finalHopKinds: readonly HopKind[] = ['OWNS', 'WORKS_AT', 'TRUSTS'];

export function packTieFlags(distrust: boolean, context: TrustContext): number {
  return (distrust ? DISTRUST_BIT : 0) | (trustContexts.indexOf(context) << CONTEXT_SHIFT_TIE);
}

/** As packTieFlags, from a context's index in `trustContexts` (columnar sources send indices). */
export function packTieFlagBits(distrust: boolean, contextIndex: number): number {
  return (distrust ? DISTRUST_BIT : 0) | ((contextIndex & CONTEXT_MASK) << CONTEXT_SHIFT_TIE);
}

export function isDistrustTie(flags: number): boolean {
  return (flags & DISTRUST_BIT) !== 0;
}

export function tieContext(flags: number): TrustContext {
  return trustContexts[(flags >> CONTEXT_SHIFT_TIE) & CONTEXT_MASK] ?? 'OTHER';
}

export function hopDirection(flags: number): HopDirection {
  return directionNames[flags & 3] ?? 'FORWARD';
}

export function hopContext(flags: number): TrustContext {
  return trustContexts[(flags >> CONTEXT_SHIFT_HOP) & CONTEXT_MASK] ?? 'OTHER';
}

/** Swaps FORWARD and BACKWARD: the same pair seen from the other end. */
export function mirrorDirection(direction: number): number {
  return direction === DIRECTION_MUTUAL ? direction : 3 - direction;
}

/** One directed tie as stored: strength already at float32 precision. */
export interface StoredTie {
  strength: number;
  flags: number;
  lastInteractionAtMs: number;
}

/** The hop between two people, as scored from the owner's side (`forward` leaves the owner). */
export interface ScoredHop {
  /** Float32-rounded strength; 0 when the hop is unusable. */
  strength: number;
  /** Direction and context packed for the owner's list. */
  flags: number;
  /** Direction and context packed for the other end's list. */
  mirrorFlags: number;
}

/**
 * Scores the hop from the owner to a neighbour from the ties in each direction, writing into
 * `out` so bulk loading allocates nothing. The context is that of the warmer cooled direction,
 * ties going to the direction of travel, so each end's list has its own context.
 */
export function scoreStoredHop(
  forward: StoredTie | undefined,
  backward: StoredTie | undefined,
  nowMs: number,
  model: WarmthModel,
  out: ScoredHop,
): ScoredHop {
  out.strength = 0;
  out.flags = 0;
  out.mirrorFlags = 0;
  if ((forward && isDistrustTie(forward.flags)) || (backward && isDistrustTie(backward.flags))) {
    return out;
  }

  const a = forward ? coolStrength(forward.strength, forward.lastInteractionAtMs, nowMs, model) : 0;
  const b = backward
    ? coolStrength(backward.strength, backward.lastInteractionAtMs, nowMs, model)
    : 0;
  out.strength = Math.fround(combineDirections(a, b));
  if (!(out.strength > 0)) {
    out.strength = 0;
    return out;
  }

  const direction =
    a > 0 && b > 0 ? DIRECTION_MUTUAL : a > 0 ? DIRECTION_FORWARD : DIRECTION_BACKWARD;
  const forwardContext = forward ? (forward.flags >> CONTEXT_SHIFT_TIE) & CONTEXT_MASK : -1;
  const backwardContext = backward ? (backward.flags >> CONTEXT_SHIFT_TIE) & CONTEXT_MASK : -1;
  const ownerContext = pickContext(a, b, forwardContext, backwardContext);
  const mirrorContext = pickContext(b, a, backwardContext, forwardContext);
  out.flags = direction | (ownerContext << CONTEXT_SHIFT_HOP);
  out.mirrorFlags = mirrorDirection(direction) | (mirrorContext << CONTEXT_SHIFT_HOP);

  return out;
}

function pickContext(
  ahead: number,
  behind: number,
  aheadContext: number,
  behindContext: number,
): number {
  if (aheadContext < 0) {
    return behindContext;
  }

  return behind > ahead && behindContext >= 0 ? behindContext : aheadContext;
}

/**
 * The final hop from a person to a business: the strongest of their roles (at `roleStrength`)
 * and their own cooled trust, ties going to OWNS, then WORKS_AT, then TRUSTS. Returns the kind
 * (`KIND_*`) and writes the float32 strength into `out.strength`, or returns -1 when none applies.
 */
export function scoreFinalHop(
  roleBits: number,
  tie: StoredTie | undefined,
  nowMs: number,
  model: WarmthModel,
  out: { strength: number },
): number {
  let kind = -1;
  out.strength = 0;
  const roleStrength = Math.fround(model.roleStrength);
  for (const role of [KIND_OWNS, KIND_WORKS_AT]) {
    if ((roleBits & (1 << role)) !== 0 && roleStrength > out.strength) {
      kind = role;
      out.strength = roleStrength;
    }
  }

  if (tie && !isDistrustTie(tie.flags)) {
    const cooled = Math.fround(coolStrength(tie.strength, tie.lastInteractionAtMs, nowMs, model));
    if (cooled > out.strength) {
      kind = KIND_TRUSTS;
      out.strength = cooled;
    }
  }

  return kind;
}
