import { describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidArgumentError } from './errors.ts';
import {
  askedPersonId,
  assertIntroMessage,
  assertPathClaims,
  createIntroRequest,
  effectiveState,
  INTRO_REQUEST_TTL_MS,
  introRequestStatus,
  respondToIntroRequest,
  revealIntroPath,
  type IntroRequest,
  type NewIntroRequest,
} from './intro-request.ts';

const NOW = Date.UTC(2025, 0, 1);
const nobodyHides = () => false;

function newRequest(overrides: Partial<NewIntroRequest> = {}): NewIntroRequest {
  return {
    id: 'r1',
    requesterId: 'A',
    keyId: 'k1',
    nodeIds: ['A', 'B', 'C', 'T'],
    hopContexts: ['FRIEND', 'COWORKER', 'FRIEND'],
    targetKind: 'PERSON',
    message: 'Could you introduce me?',
    ...overrides,
  };
}

/** Answers in turn as whoever is asked, accepting each time, until `count` have accepted. */
function acceptTimes(request: IntroRequest, count: number): IntroRequest {
  let current = request;
  for (let i = 0; i < count; i++) {
    const asked = askedPersonId(current, NOW) ?? '';
    current = respondToIntroRequest(current, asked, true, true, NOW).request;
  }

  return current;
}

describe('intro request state machine', () => {
  it('asks the first contact of a usable path, keeping the message', () => {
    const request = createIntroRequest(newRequest(), true, NOW);

    expect(request).toMatchObject({ state: 'REQUESTED', hop: 1, messageLength: 23 });
    expect(request.message).toBe('Could you introduce me?');
    expect(request.expiresAtMs).toBe(NOW + INTRO_REQUEST_TTL_MS);
    expect(askedPersonId(request, NOW)).toBe('B');
    expect(introRequestStatus(request, NOW)).toBe('PENDING');
  });

  it('creates a BROKEN request, asking nobody, with no message, when the path is unusable', () => {
    const request = createIntroRequest(newRequest(), false, NOW);

    expect(request).toMatchObject({ state: 'BROKEN', message: null, messageLength: 23 });
    expect(askedPersonId(request, NOW)).toBeNull();
    expect(introRequestStatus(request, NOW)).toBe('UNAVAILABLE');
  });

  it('passes the request on with each acceptance and introduces on the target’s', () => {
    const requested = createIntroRequest(newRequest(), true, NOW);

    const afterB = respondToIntroRequest(requested, 'B', true, true, NOW);
    const afterC = respondToIntroRequest(afterB.request, 'C', true, true, NOW);
    const afterT = respondToIntroRequest(afterC.request, 'T', true, true, NOW);

    expect(afterB).toMatchObject({ outcome: 'ASKED_NEXT', request: { state: 'ACCEPTED', hop: 2 } });
    expect(askedPersonId(afterB.request, NOW)).toBe('C');
    expect(afterC).toMatchObject({ outcome: 'ASKED_NEXT', request: { hop: 3 } });
    expect(afterT).toMatchObject({ outcome: 'INTRODUCED', request: { state: 'INTRODUCED' } });
    expect(afterT.request.message).toBeNull();
    expect(introRequestStatus(afterT.request, NOW)).toBe('INTRODUCED');
  });

  it('introduces a business on the acceptance of the last person before it', () => {
    const request = createIntroRequest(
      newRequest({
        nodeIds: ['A', 'F', 'Z'],
        hopContexts: ['FRIEND', null],
        targetKind: 'BUSINESS',
      }),
      true,
      NOW,
    );

    const afterF = respondToIntroRequest(request, 'F', true, true, NOW);

    expect(afterF.outcome).toBe('INTRODUCED');
  });

  it('ends a request as DECLINED when anyone declines, dropping the message', () => {
    const afterB = acceptTimes(createIntroRequest(newRequest(), true, NOW), 1);

    const declined = respondToIntroRequest(afterB, 'C', false, true, NOW);

    expect(declined).toMatchObject({ outcome: 'DECLINED', request: { state: 'DECLINED', hop: 2 } });
    expect(declined.request.message).toBeNull();
    expect(introRequestStatus(declined.request, NOW)).toBe('UNAVAILABLE');
  });

  it('ends a request as BROKEN when someone accepts after the path stopped being usable', () => {
    const requested = createIntroRequest(newRequest(), true, NOW);

    const broken = respondToIntroRequest(requested, 'B', true, false, NOW);

    expect(broken).toMatchObject({
      outcome: 'BROKEN',
      request: { state: 'BROKEN', message: null },
    });
  });

  it('lets a decline through even when the path broke', () => {
    const requested = createIntroRequest(newRequest(), true, NOW);

    const declined = respondToIntroRequest(requested, 'B', false, false, NOW);

    expect(declined.outcome).toBe('DECLINED');
  });

  it('expires an unanswered request at its deadline, on the injected clock', () => {
    const request = createIntroRequest(newRequest(), true, NOW, 1000);

    expect(effectiveState(request, NOW + 999)).toBe('REQUESTED');
    expect(effectiveState(request, NOW + 1000)).toBe('EXPIRED');
    expect(askedPersonId(request, NOW + 1000)).toBeNull();
    expect(introRequestStatus(request, NOW + 1000)).toBe('UNAVAILABLE');
  });

  it('never expires a request that already ended', () => {
    const introduced = acceptTimes(createIntroRequest(newRequest(), true, NOW, 1000), 3);

    expect(effectiveState(introduced, NOW + 5000)).toBe('INTRODUCED');
  });

  it('refuses an answer from anyone but the person asked, and any answer after the end', () => {
    const requested = createIntroRequest(newRequest(), true, NOW, 1000);
    const declined = respondToIntroRequest(requested, 'B', false, true, NOW).request;

    expect(() => respondToIntroRequest(requested, 'C', true, true, NOW)).toThrow(ForbiddenError);
    expect(() => respondToIntroRequest(requested, 'A', true, true, NOW)).toThrow(ForbiddenError);
    expect(() => respondToIntroRequest(requested, 'B', true, true, NOW + 1000)).toThrow(
      ForbiddenError,
    );
    expect(() => respondToIntroRequest(declined, 'B', true, true, NOW)).toThrow(ForbiddenError);
  });

  it('refuses a path without hops', () => {
    expect(() =>
      createIntroRequest(newRequest({ nodeIds: ['A'], hopContexts: [] }), true, NOW),
    ).toThrow(InvalidArgumentError);
  });

  it('trims messages and refuses empty or overlong ones', () => {
    expect(assertIntroMessage('message', '  hello ')).toBe('hello');
    expect(() => assertIntroMessage('message', '   ')).toThrow(InvalidArgumentError);
    expect(() => assertIntroMessage('message', 'x'.repeat(2001))).toThrow(InvalidArgumentError);
  });
});

describe('revealIntroPath', () => {
  it('names the first contact and the target and masks an intermediary with its context', () => {
    const request = createIntroRequest(newRequest(), true, NOW);

    const revealed = revealIntroPath(request, nobodyHides, NOW);

    expect(revealed).toEqual([
      { position: 1, nodeId: 'B', kind: 'PERSON', named: true, accepted: false, context: null },
      {
        position: 2,
        nodeId: 'C',
        kind: 'PERSON',
        named: false,
        accepted: false,
        context: 'COWORKER',
      },
      { position: 3, nodeId: 'T', kind: 'PERSON', named: true, accepted: false, context: null },
    ]);
  });

  it('masks an intermediary after the previous acceptance and names them on their own', () => {
    const requested = createIntroRequest(newRequest(), true, NOW);

    const afterB = revealIntroPath(acceptTimes(requested, 1), nobodyHides, NOW);
    const afterC = revealIntroPath(acceptTimes(requested, 2), nobodyHides, NOW);

    expect(afterB[0]?.accepted).toBe(true);
    expect(afterB[1]).toMatchObject({ named: false, accepted: false });
    expect(afterC[1]).toMatchObject({ named: true, accepted: true, context: null });
  });

  it('withholds how a masked person is known when the previous person hides their contacts', () => {
    const afterB = acceptTimes(createIntroRequest(newRequest(), true, NOW), 1);

    const revealed = revealIntroPath(afterB, (id) => id === 'B', NOW);

    expect(revealed[1]).toMatchObject({ named: false, context: null });
  });

  it('shows a business target as a business and masks the last person until they accept', () => {
    const request = createIntroRequest(
      newRequest({
        nodeIds: ['A', 'B', 'E', 'Z'],
        hopContexts: ['FRIEND', 'FRIEND', null],
        targetKind: 'BUSINESS',
      }),
      true,
      NOW,
    );

    const revealed = revealIntroPath(request, nobodyHides, NOW);

    expect(revealed.map((p) => [p.nodeId, p.kind, p.named])).toEqual([
      ['B', 'PERSON', true],
      ['E', 'PERSON', false],
      ['Z', 'BUSINESS', true],
    ]);
  });

  it('reveals nothing for declined, expired and broken requests alike', () => {
    const requested = createIntroRequest(newRequest(), true, NOW, 1000);
    const declined = respondToIntroRequest(requested, 'B', false, true, NOW).request;
    const broken = createIntroRequest(newRequest(), false, NOW);

    expect(revealIntroPath(declined, nobodyHides, NOW)).toEqual([]);
    expect(revealIntroPath(requested, nobodyHides, NOW + 1000)).toEqual([]);
    expect(revealIntroPath(broken, nobodyHides, NOW)).toEqual([]);
  });
});

describe('assertPathClaims', () => {
  const claims = { nodeIds: ['A', 'B', 'T'], keyId: 'k1', viewerId: 'A', issuedAtMs: NOW };

  it('returns the node ids of a fresh token sealed for this key and viewer', () => {
    expect(assertPathClaims('pathToken', claims, 'k1', 'A', NOW + 1000)).toEqual(['A', 'B', 'T']);
  });

  it('refuses a token for another key or viewer, an old one, or none, alike', () => {
    const refusals = [
      () => assertPathClaims('pathToken', claims, 'k2', 'A', NOW),
      () => assertPathClaims('pathToken', claims, 'k1', 'B', NOW),
      () => assertPathClaims('pathToken', claims, 'k1', 'A', NOW + 86_400_001),
      () => assertPathClaims('pathToken', null, 'k1', 'A', NOW),
    ];

    for (const refuse of refusals) {
      expect(refuse).toThrow(InvalidArgumentError);
    }
  });
});
