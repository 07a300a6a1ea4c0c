import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Log } from './log.ts';
import { ForbiddenError } from './domain/errors.ts';
import {
  askedPersonId,
  assertIntroMessage,
  createIntroRequest,
  INTRO_REQUEST_TTL_MS,
  introRequestStatus,
  respondToIntroRequest,
  revealIntroPath,
  type IntroRequest,
  type IntroRequestStatus,
  type IntroResponseOutcome,
  type RevealedPosition,
} from './domain/intro-request.ts';
import { IntroRequestStore } from './storage/intro-request-store.ts';
import type { TransactionOptions } from './storage/neo4j-values.ts';
import { findNodeSummaries, type NodeSummary } from './storage/node-summaries.ts';

export interface IntroRequestServiceOptions {
  readonly transaction: TransactionOptions;
  /** How long a request waits for its answers. Default 14 days. */
  readonly ttlMs?: number;
  /** The clock, in ms since the epoch. Default Date.now. */
  readonly now?: () => number;
}

export interface NewIntroRequestInput {
  readonly requesterId: string;
  readonly keyId: string;
  /** The path's node ids, from the requester to the target, as sealed in its token. */
  readonly nodeIds: readonly string[];
  readonly message: string;
}

/** A request as its requester sees it. */
export interface RequesterIntroRequest {
  readonly id: string;
  readonly status: IntroRequestStatus;
  /** The target; null when UNAVAILABLE. */
  readonly target: NodeSummary | null;
  /** Empty when UNAVAILABLE. */
  readonly hops: readonly RevealedPosition[];
  /** Names of the named positions (and the target). */
  readonly nodes: ReadonlyMap<string, NodeSummary>;
}

/** A request waiting for the viewer's answer, as they see it. */
export interface IntroRequestToAnswer {
  readonly id: string;
  /** The viewer's own contact who passes the request on (the previous node of the path). */
  readonly askedBy: NodeSummary;
  readonly target: NodeSummary;
  readonly message: string;
  readonly expiresAt: Date;
}

/** Called after a write that moved the graph version on (warmed ties). */
export type AfterGraphWrite = (version: number, log: Log) => Promise<void>;

/**
 * Consented introductions: requests along intro paths, answered one person at a time. The rules
 * live in domain/intro-request.ts; this service checks paths, stores answers and names people.
 */
export class IntroRequestService {
  private readonly store: IntroRequestStore;

  constructor(
    private readonly driver: Driver,
    private readonly afterGraphWrite: AfterGraphWrite,
    private readonly options: IntroRequestServiceOptions,
  ) {
    this.store = new IntroRequestStore(driver, options.transaction);
  }

  /**
   * Requests an introduction along a path. A path that is no longer usable still gets a request,
   * one that reads UNAVAILABLE at once, so the requester cannot tell it from a decline.
   */
  async requestIntro(input: NewIntroRequestInput, log: Log): Promise<RequesterIntroRequest> {
    const message = assertIntroMessage('message', input.message);
    const nowMs = this.now();

    const check = await this.store.checkPath(input.nodeIds);
    const request = createIntroRequest(
      {
        id: randomUUID(),
        requesterId: input.requesterId,
        keyId: input.keyId,
        nodeIds: input.nodeIds,
        hopContexts: check.hopContexts,
        targetKind: check.targetKind,
        message,
      },
      check.usable,
      nowMs,
      this.options.ttlMs ?? INTRO_REQUEST_TTL_MS,
    );
    await this.store.create(request, nowMs);
    log.info(
      { requestId: request.id, hopCount: input.nodeIds.length - 1, state: request.state },
      'intro requested',
    );

    return this.viewForRequester(request, nowMs);
  }

  /**
   * Records the answer of the person currently asked. Anyone else, an unknown id and a request
   * that has ended all get the same ForbiddenError. An acceptance re-checks the path first.
   */
  async respond(
    requestId: string,
    responderId: string,
    accept: boolean,
    log: Log,
  ): Promise<IntroResponseOutcome> {
    const nowMs = this.now();
    const current = await this.store.find(requestId);
    if (!current || askedPersonId(current, nowMs) !== responderId) {
      throw notAsked();
    }

    const pathUsable = accept ? (await this.store.checkPath(current.nodeIds)).usable : true;
    // The state machine decides again under the request's lock: another answer may have won.
    const written = await this.store.respond(
      requestId,
      (request) => {
        if (!request) {
          throw notAsked();
        }

        return respondToIntroRequest(request, responderId, accept, pathUsable, nowMs);
      },
      nowMs,
    );
    if (written.version !== null) {
      await this.afterGraphWrite(written.version, log);
    }
    log.info(
      { requestId, hop: current.hop, outcome: written.outcome, tiesWarmed: written.tiesWarmed },
      'intro request answered',
    );

    return written.outcome;
  }

  /** The request as its requester sees it; null for anyone but the requester (key and viewer). */
  async findForRequester(
    requestId: string,
    requesterId: string,
    keyId: string,
  ): Promise<RequesterIntroRequest | null> {
    const request = await this.store.find(requestId);
    if (!request || request.requesterId !== requesterId || request.keyId !== keyId) {
      return null;
    }

    return this.viewForRequester(request, this.now());
  }

  /** Requests waiting for this person's answer, oldest first. */
  async findToAnswer(personId: string): Promise<IntroRequestToAnswer[]> {
    const requests = await this.store.findAskedOf(personId, this.now());
    const ids = requests.flatMap((request) => [
      request.nodeIds[request.hop - 1] ?? '',
      request.nodeIds.at(-1) ?? '',
    ]);
    const nodes = await findNodeSummaries(this.driver, ids, this.options.transaction);

    return requests.flatMap((request) => {
      const askedBy = nodes.get(request.nodeIds[request.hop - 1] ?? '');
      const target = nodes.get(request.nodeIds.at(-1) ?? '');
      if (!askedBy || !target || request.message === null) {
        return [];
      }

      return [
        {
          id: request.id,
          askedBy,
          target,
          message: request.message,
          expiresAt: new Date(request.expiresAtMs),
        },
      ];
    });
  }

  /** Sets whether a person hides their contacts from requesters along paths through them. */
  async setHidesContacts(personId: string, hidden: boolean, log: Log): Promise<boolean> {
    const result = await this.store.setHidesContacts(personId, hidden);
    log.info({ personId, hidden }, 'contact hiding set');

    return result;
  }

  private async viewForRequester(
    request: IntroRequest,
    nowMs: number,
  ): Promise<RequesterIntroRequest> {
    const status = introRequestStatus(request, nowMs);
    if (status === 'UNAVAILABLE') {
      return { id: request.id, status, target: null, hops: [], nodes: new Map() };
    }

    const hiders = await this.store.findContactHiders(request.nodeIds.slice(1, -1));
    const hops = revealIntroPath(request, (id) => hiders.has(id), nowMs);
    const named = hops.filter((hop) => hop.named).map((hop) => hop.nodeId);
    const nodes = await findNodeSummaries(this.driver, named, this.options.transaction);
    const targetId = request.nodeIds.at(-1) ?? '';

    return { id: request.id, status, target: nodes.get(targetId) ?? null, hops, nodes };
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function notAsked(): ForbiddenError {
  return new ForbiddenError('no intro request waits for this viewer’s answer under this id');
}
