import type { HopDirection } from './intro-path.ts';
import type { TrustContext } from './trust.ts';

/**
 * The warmth model. A hop's strength comes from trust in either direction, each side cooled by
 * the time since its last interaction, combined so that mutual trust is warmest. Distrust in
 * either direction makes the hop unusable. A path's warmth is the product of its hops' strengths.
 */

export interface WarmthModel {
  /** Days after which the part of a tie's strength that can fade has halved. Default 365. */
  readonly halfLifeDays: number;
  /** Share of a tie's strength that never fades, in [0, 1]. Default 0.5. */
  readonly floor: number;
  /** Strength of the hop from an owner or staff member to their business. Default 1. */
  readonly roleStrength: number;
}

export const defaultWarmthModel: WarmthModel = Object.freeze({
  halfLifeDays: 365,
  floor: 0.5,
  roleStrength: 1,
});

const MS_PER_DAY = 86_400_000;

/** One direction of a tie between two people, as the warmth model needs it. */
export interface DirectedTie {
  readonly strength: number;
  readonly distrust: boolean;
  /** Milliseconds since the epoch. */
  readonly lastInteractionAtMs: number;
}

/**
 * Cools a strength by the time since the last interaction: `strength * (floor + (1 - floor) *
 * 0.5 ^ (ageDays / halfLifeDays))`. Interactions in the future count as today.
 */
export function coolStrength(
  strength: number,
  lastInteractionAtMs: number,
  nowMs: number,
  model: WarmthModel = defaultWarmthModel,
): number {
  const ageDays = Math.max(0, nowMs - lastInteractionAtMs) / MS_PER_DAY;
  const fading = Math.pow(0.5, ageDays / model.halfLifeDays);

  return strength * (model.floor + (1 - model.floor) * fading);
}

/** Combines the cooled strengths of both directions: `1 - (1 - a)(1 - b)`. */
export function combineDirections(forward: number, backward: number): number {
  return 1 - (1 - forward) * (1 - backward);
}

/**
 * The strength of the hop between two people from the ties in each direction (either may be
 * missing). Returns 0 when the hop cannot carry an introduction: distrust either way, or no trust.
 */
export function scoreHopStrength(
  forward: DirectedTie | undefined,
  backward: DirectedTie | undefined,
  nowMs: number,
  model: WarmthModel = defaultWarmthModel,
): number {
  if (forward?.distrust || backward?.distrust) {
    return 0;
  }

  const a = forward ? coolStrength(forward.strength, forward.lastInteractionAtMs, nowMs, model) : 0;
  const b = backward
    ? coolStrength(backward.strength, backward.lastInteractionAtMs, nowMs, model)
    : 0;

  return combineDirections(a, b);
}

/** A path's warmth: the product of its hops' strengths, multiplied from the asking end. */
export function scoreWarmth(hopStrengths: readonly number[]): number {
  let warmth = 1;
  for (const strength of hopStrengths) {
    warmth *= strength;
  }

  return warmth;
}

/** One direction of a tie with the context it was recorded in, for describing a hop. */
export interface ContextualTie extends DirectedTie {
  readonly context: TrustContext;
}

export interface HopDescription {
  /** 0 when the hop cannot carry an introduction. */
  readonly strength: number;
  readonly direction: HopDirection;
  /** The context of the warmer cooled direction; forward wins a tie. */
  readonly context: TrustContext;
  readonly lastInteractionAtMs: number;
}

/**
 * Describes the hop from `forward`'s source to its target: strength as `scoreHopStrength`,
 * direction from which sides trust, context from the warmer side. Undefined when neither side
 * exists.
 */
export function describeHop(
  forward: ContextualTie | undefined,
  backward: ContextualTie | undefined,
  nowMs: number,
  model: WarmthModel = defaultWarmthModel,
): HopDescription | undefined {
  const warmer = pickWarmerSide(forward, backward, nowMs, model);
  if (!warmer) {
    return undefined;
  }

  const hasForward = forward !== undefined && !forward.distrust && forward.strength > 0;
  const hasBackward = backward !== undefined && !backward.distrust && backward.strength > 0;
  const direction: HopDirection =
    hasForward && hasBackward ? 'MUTUAL' : hasForward ? 'FORWARD' : 'BACKWARD';

  return {
    strength: scoreHopStrength(forward, backward, nowMs, model),
    direction,
    context: warmer.context,
    lastInteractionAtMs: Math.max(
      forward?.lastInteractionAtMs ?? -Infinity,
      backward?.lastInteractionAtMs ?? -Infinity,
    ),
  };
}

function pickWarmerSide(
  forward: ContextualTie | undefined,
  backward: ContextualTie | undefined,
  nowMs: number,
  model: WarmthModel,
): ContextualTie | undefined {
  if (!forward || !backward) {
    return forward ?? backward;
  }

  const a = coolStrength(forward.strength, forward.lastInteractionAtMs, nowMs, model);
  const b = coolStrength(backward.strength, backward.lastInteractionAtMs, nowMs, model);

  return b > a ? backward : forward;
}
