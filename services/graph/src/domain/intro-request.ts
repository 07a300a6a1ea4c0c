import { ForbiddenError, InvalidArgumentError } from './errors.ts';
import type { NodeKind } from './intro-path.ts';
import type { TrustContext } from './trust.ts';

/**
 * Consented introductions (double opt-in). A requester asks along an intro path; the people on it
 * are asked one at a time, first contact first. Each acceptance passes the request on to the next
 * person; the last acceptance (the target's, or for a business the last person's) introduces.
 * Anyone declining, the path breaking, or time running out ends it, and those three endings look
 * the same to the requester. Pure: every function takes the time as `nowMs`.
 */

const DAY_MS = 86_400_000;

/** How long a request waits for its answers. */
export const INTRO_REQUEST_TTL_MS = 14 * DAY_MS;

/** How old a path token may be when an introduction is requested along it. */
export const PATH_TOKEN_MAX_AGE_MS = DAY_MS;

/** Longest message, in characters (UTF-16 code units). */
export const INTRO_MESSAGE_MAX_LENGTH = 2000;

/**
 * REQUESTED: the first contact is asked. ACCEPTED: at least one person accepted and the next is
 * asked. INTRODUCED: the last person accepted. DECLINED: someone said no. EXPIRED: nobody
 * answered in time. BROKEN: the path stopped being usable (a tie removed, someone opted out or
 * was erased), checked when the request is made and whenever someone accepts.
 */
export type IntroRequestState =
  'REQUESTED' | 'ACCEPTED' | 'INTRODUCED' | 'DECLINED' | 'EXPIRED' | 'BROKEN';

/** What the requester sees: DECLINED, EXPIRED and BROKEN are all UNAVAILABLE. */
export type IntroRequestStatus = 'PENDING' | 'INTRODUCED' | 'UNAVAILABLE';

export interface IntroRequest {
  readonly id: string;
  readonly requesterId: string;
  /** The API key the request was made with. */
  readonly keyId: string;
  /** The path's node ids, from the requester to the target. */
  readonly nodeIds: readonly string[];
  /** How the two ends of each hop know each other; null for OWNS and WORKS_AT hops. */
  readonly hopContexts: readonly (TrustContext | null)[];
  readonly targetKind: NodeKind;
  /** Position in `nodeIds` of the person asked (in progress) or who answered last (ended). */
  readonly hop: number;
  readonly state: IntroRequestState;
  /** Kept only while the request is in progress. */
  readonly message: string | null;
  readonly messageLength: number;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
}

export interface NewIntroRequest {
  readonly id: string;
  readonly requesterId: string;
  readonly keyId: string;
  readonly nodeIds: readonly string[];
  readonly hopContexts: readonly (TrustContext | null)[];
  readonly targetKind: NodeKind;
  readonly message: string;
}

export type IntroResponseOutcome = 'ASKED_NEXT' | 'INTRODUCED' | 'DECLINED' | 'BROKEN';

/** Trims the message and checks its length. */
export function assertIntroMessage(field: string, message: string): string {
  const trimmed = message.trim();
  if (trimmed.length < 1 || trimmed.length > INTRO_MESSAGE_MAX_LENGTH) {
    throw new InvalidArgumentError(field, `must be 1-${INTRO_MESSAGE_MAX_LENGTH} characters`);
  }

  return trimmed;
}

/**
 * A new request asking the first contact, or, when the path is no longer usable, one that is
 * already BROKEN: the requester gets a request either way and cannot tell the two apart.
 */
export function createIntroRequest(
  input: NewIntroRequest,
  pathUsable: boolean,
  nowMs: number,
  ttlMs: number = INTRO_REQUEST_TTL_MS,
): IntroRequest {
  if (input.nodeIds.length < 2 || input.hopContexts.length !== input.nodeIds.length - 1) {
    throw new InvalidArgumentError('nodeIds', 'an intro path has at least one hop');
  }

  const usable = pathUsable && lastAskedPosition(input.nodeIds, input.targetKind) >= 1;

  return {
    ...input,
    hop: 1,
    state: usable ? 'REQUESTED' : 'BROKEN',
    message: usable ? input.message : null,
    messageLength: input.message.length,
    createdAtMs: nowMs,
    expiresAtMs: nowMs + ttlMs,
  };
}

export function isInProgress(state: IntroRequestState): boolean {
  return state === 'REQUESTED' || state === 'ACCEPTED';
}

/** The state with expiry applied: an unanswered request past its deadline is EXPIRED. */
export function effectiveState(request: IntroRequest, nowMs: number): IntroRequestState {
  return isInProgress(request.state) && nowMs >= request.expiresAtMs ? 'EXPIRED' : request.state;
}

export function introRequestStatus(request: IntroRequest, nowMs: number): IntroRequestStatus {
  const state = effectiveState(request, nowMs);
  if (isInProgress(state)) {
    return 'PENDING';
  }

  return state === 'INTRODUCED' ? 'INTRODUCED' : 'UNAVAILABLE';
}

/** The person whose answer the request waits for, or null when it waits for nobody. */
export function askedPersonId(request: IntroRequest, nowMs: number): string | null {
  if (!isInProgress(effectiveState(request, nowMs))) {
    return null;
  }

  return request.nodeIds[request.hop] ?? null;
}

/** The person whose acceptance introduces: the target, or the last person before a business. */
export function lastAskedPosition(nodeIds: readonly string[], targetKind: NodeKind): number {
  return targetKind === 'BUSINESS' ? nodeIds.length - 2 : nodeIds.length - 1;
}

/**
 * Applies an answer. Only the person currently asked may answer; anyone else, and anyone
 * answering a request that has ended, gets the same FORBIDDEN, so an answer attempt reveals
 * nothing about a request. `pathUsable` says whether the rest of the path can still carry the
 * introduction; an acceptance along a path that broke ends the request as BROKEN.
 */
export function respondToIntroRequest(
  request: IntroRequest,
  responderId: string,
  accept: boolean,
  pathUsable: boolean,
  nowMs: number,
): { request: IntroRequest; outcome: IntroResponseOutcome } {
  if (askedPersonId(request, nowMs) !== responderId) {
    throw new ForbiddenError('no intro request waits for this viewer’s answer under this id');
  }

  if (!accept) {
    return { request: end(request, 'DECLINED'), outcome: 'DECLINED' };
  }

  if (!pathUsable) {
    return { request: end(request, 'BROKEN'), outcome: 'BROKEN' };
  }

  if (request.hop >= lastAskedPosition(request.nodeIds, request.targetKind)) {
    return { request: end(request, 'INTRODUCED'), outcome: 'INTRODUCED' };
  }

  return {
    request: { ...request, state: 'ACCEPTED', hop: request.hop + 1 },
    outcome: 'ASKED_NEXT',
  };
}

function end(request: IntroRequest, state: IntroRequestState): IntroRequest {
  return { ...request, state, message: null };
}

/** Whether the person at `position` has accepted this request. */
export function hasAccepted(request: IntroRequest, position: number, nowMs: number): boolean {
  const state = effectiveState(request, nowMs);
  if (state === 'INTRODUCED') {
    return position >= 1 && position <= lastAskedPosition(request.nodeIds, request.targetKind);
  }

  return isInProgress(state) && position >= 1 && position < request.hop;
}

/** One node of the path after the requester, as the requester may see it. */
export interface RevealedPosition {
  /** 1 for the first contact, up to the number of hops for the target. */
  readonly position: number;
  readonly nodeId: string;
  readonly kind: NodeKind;
  /** Shown by name; otherwise masked. */
  readonly named: boolean;
  readonly accepted: boolean;
  /** How the previous person knows this one, for a masked person; null when withheld. */
  readonly context: TrustContext | null;
}

/**
 * The path as the requester may see it. The first contact (the requester's own) and the target
 * are named; an intermediary further along is masked until they accept this request. A masked
 * person's context (how the previous person knows them) is a detail of the previous person's
 * contacts: it is withheld when that person hides their contacts. Requests that are not PENDING
 * or INTRODUCED reveal nothing, so every UNAVAILABLE request looks the same.
 *
 * Even someone the requester knows directly stays masked further along: naming them at that
 * position would tell the requester who the previous person knows.
 */
export function revealIntroPath(
  request: IntroRequest,
  hidesContacts: (personId: string) => boolean,
  nowMs: number,
): RevealedPosition[] {
  if (introRequestStatus(request, nowMs) === 'UNAVAILABLE') {
    return [];
  }

  const last = request.nodeIds.length - 1;

  return request.nodeIds.slice(1).map((nodeId, index) => {
    const position = index + 1;
    const accepted = hasAccepted(request, position, nowMs);
    const named = position === 1 || position === last || accepted;
    const previousId = request.nodeIds[position - 1] ?? '';
    const contextShown = !named && !hidesContacts(previousId);

    return {
      position,
      nodeId,
      kind: position === last ? request.targetKind : 'PERSON',
      named,
      accepted,
      context: contextShown ? (request.hopContexts[index] ?? null) : null,
    };
  });
}

/** What a path token sealed, as far as checking it goes. */
export interface SealedPathClaims {
  readonly nodeIds: readonly string[];
  readonly keyId: string;
  readonly viewerId: string;
  readonly issuedAtMs: number;
}

/**
 * The path's node ids when the token was sealed for this key and viewer, starts at the viewer and
 * is at most PATH_TOKEN_MAX_AGE_MS old (a minute of clock skew allowed); otherwise
 * InvalidArgumentError on `field`, the same for every reason.
 */
export function assertPathClaims(
  field: string,
  claims: SealedPathClaims | null,
  keyId: string,
  viewerId: string,
  nowMs: number,
): readonly string[] {
  const ageMs = claims ? nowMs - claims.issuedAtMs : Number.NaN;
  const valid =
    claims !== null &&
    claims.keyId === keyId &&
    claims.viewerId === viewerId &&
    isIdList(claims.nodeIds) &&
    claims.nodeIds.length >= 2 &&
    claims.nodeIds[0] === viewerId &&
    ageMs >= -60_000 &&
    ageMs <= PATH_TOKEN_MAX_AGE_MS;
  if (!valid) {
    throw new InvalidArgumentError(
      field,
      'must be a path token from introPaths for this key and viewer, at most 24 hours old',
    );
  }

  return claims.nodeIds;
}

// Tokens are ours and authenticated, but a token from a future format must not crash the check.
function isIdList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string');
}
