import {
  assertPathClaims,
  INTRO_MESSAGE_MAX_LENGTH,
  InvalidArgumentError,
  PersonNotFoundError,
  type IntroRequestToAnswer,
  type IntroResponseOutcome,
  type NodeSummary,
  type RequesterIntroRequest,
  type RevealedPosition,
} from '../../../graph/src/index.ts';
import { builder, requireViewer, type GraphQLContext } from './builder.ts';
import { NodeKindEnum } from './trust.ts';

/** A revealed position with what the requester may see of it, resolved for one key and viewer. */
interface IntroRequestHopView {
  readonly position: RevealedPosition;
  readonly node: NodeSummary | null;
  readonly token: string | null;
  readonly descriptor: string | null;
}

interface IntroRequestView {
  readonly request: RequesterIntroRequest;
  readonly hops: readonly IntroRequestHopView[];
}

const IntroNodeRef = builder.objectRef<NodeSummary>('IntroNode').implement({
  description: 'A person or business named in an intro request.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id.' }),
    name: t.exposeString('name', { description: 'Its display name.' }),
    kind: t.field({
      type: NodeKindEnum,
      description: 'PERSON or BUSINESS.',
      resolve: (node) => node.kind,
    }),
  }),
});

const IntroRequestStatusEnum = builder.enumType('IntroRequestStatus', {
  description: 'Where an intro request stands, as its requester sees it.',
  values: {
    PENDING: { description: 'The people along the path are being asked, one at a time.' },
    INTRODUCED: { description: 'Everyone along the path accepted, the target last.' },
    UNAVAILABLE: {
      description:
        'The introduction will not happen: declined, expired, or the path no longer exists. These look the same.',
    },
  } as const,
});

const IntroRequestHopRef = builder.objectRef<IntroRequestHopView>('IntroRequestHop').implement({
  description:
    'One person or business along a requested intro path, as the requester may see them: the first contact and the target by name, anyone further along masked until they accept.',
  fields: (t) => ({
    position: t.int({
      description: '1 for your first contact, up to the number of hops for the target.',
      resolve: (hop) => hop.position.position,
    }),
    node: t.field({
      type: IntroNodeRef,
      nullable: true,
      description: 'Who it is; null while masked.',
      resolve: (hop) => hop.node,
    }),
    masked: t.boolean({
      description: 'True for an intermediary who has not accepted this request yet.',
      resolve: (hop) => !hop.position.named,
    }),
    token: t.string({
      nullable: true,
      description:
        'Stands for a masked person: the same person gets the same token for you, a different one for anyone else.',
      resolve: (hop) => hop.token,
    }),
    descriptor: t.string({
      nullable: true,
      description:
        'What you may know of a masked person, e.g. "coworker of your contact"; null when named.',
      resolve: (hop) => hop.descriptor,
    }),
    accepted: t.boolean({
      description: 'Whether this person accepted to pass the introduction on (or, last, to meet).',
      resolve: (hop) => hop.position.accepted,
    }),
  }),
});

const IntroRequestRef = builder.objectRef<IntroRequestView>('IntroRequest').implement({
  description:
    'An introduction you asked for along an intro path. Every UNAVAILABLE request looks the same.',
  fields: (t) => ({
    id: t.id({ description: 'The request’s id.', resolve: ({ request }) => request.id }),
    status: t.field({
      type: IntroRequestStatusEnum,
      description: 'PENDING, INTRODUCED or UNAVAILABLE.',
      resolve: ({ request }) => request.status,
    }),
    target: t.field({
      type: IntroNodeRef,
      nullable: true,
      description: 'The person or business you asked to meet; null when UNAVAILABLE.',
      resolve: ({ request }) => request.target,
    }),
    revealedHops: t.field({
      type: [IntroRequestHopRef],
      description:
        'The path after you, first contact first, as far as you may see it; empty when UNAVAILABLE.',
      resolve: ({ hops }) => hops,
    }),
  }),
});

const IntroRequestToAnswerRef = builder
  .objectRef<IntroRequestToAnswer>('IntroRequestToAnswer')
  .implement({
    description: 'An intro request waiting for your answer.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Pass to respondToIntro.' }),
      askedBy: t.field({
        type: IntroNodeRef,
        description: 'Your contact who passes the request on to you.',
        resolve: (request) => request.askedBy,
      }),
      target: t.field({
        type: IntroNodeRef,
        description: 'The person or business the requester wants to meet.',
        resolve: (request) => request.target,
      }),
      message: t.exposeString('message', { description: 'The requester’s message.' }),
      expiresAt: t.expose('expiresAt', {
        type: 'DateTime',
        description: 'When the request lapses unless everyone has answered.',
      }),
    }),
  });

const IntroAnswerOutcomeEnum = builder.enumType('IntroAnswerOutcome', {
  description: 'What your answer to an intro request did.',
  values: {
    PASSED_ON: { description: 'You accepted; the next person along the path is asked.' },
    INTRODUCED: { description: 'You accepted last: the introduction is made.' },
    DECLINED: { description: 'You declined; the request ends.' },
    UNAVAILABLE: { description: 'The path no longer exists; the request ends.' },
  } as const,
});

const outcomeNames: Record<
  IntroResponseOutcome,
  'PASSED_ON' | 'INTRODUCED' | 'DECLINED' | 'UNAVAILABLE'
> = {
  ASKED_NEXT: 'PASSED_ON',
  INTRODUCED: 'INTRODUCED',
  DECLINED: 'DECLINED',
  BROKEN: 'UNAVAILABLE',
};

const IntroAnswerRef = builder
  .objectRef<{ requestId: string; outcome: IntroResponseOutcome }>('IntroAnswer')
  .implement({
    description: 'The outcome of answering an intro request.',
    fields: (t) => ({
      requestId: t.exposeID('requestId', { description: 'The request answered.' }),
      outcome: t.field({
        type: IntroAnswerOutcomeEnum,
        description: 'What the answer did.',
        resolve: (answer) => outcomeNames[answer.outcome],
      }),
    }),
  });

const ContactHidingRef = builder
  .objectRef<{ personId: string; hidesContacts: boolean }>('ContactHiding')
  .implement({
    description: 'Whether a person hides their contacts from people asking for introductions.',
    fields: (t) => ({
      personId: t.exposeID('personId', { description: 'The person (the viewer).' }),
      hidesContacts: t.exposeBoolean('hidesContacts', {
        description:
          'When true, accepting an intro request passes it on without telling the requester anything about the next person.',
      }),
    }),
  });

builder.queryFields((t) => ({
  introRequest: t.field({
    type: IntroRequestRef,
    nullable: true,
    description: 'An intro request you made, by id; null for any other id.',
    authScopes: { pathsRead: true },
    args: { id: t.arg.id({ required: true, description: 'The request’s id.' }) },
    resolve: async (_root, args, ctx) => {
      const viewerId = requireViewer(ctx);
      const request = await ctx.graph.introRequests.findForRequester(
        String(args.id),
        viewerId,
        ctx.identity.key.id,
      );

      return request ? viewIntroRequest(request, viewerId, ctx) : null;
    },
  }),
  introRequestsToAnswer: t.field({
    type: [IntroRequestToAnswerRef],
    description: 'Intro requests waiting for your answer, oldest first.',
    authScopes: { pathsRead: true },
    resolve: (_root, _args, ctx) => ctx.graph.introRequests.findToAnswer(requireViewer(ctx)),
  }),
}));

builder.mutationFields((t) => ({
  requestIntro: t.field({
    type: IntroRequestRef,
    description:
      'Asks for an introduction along a path from introPaths. Your first contact is asked first; each acceptance passes it on, the target accepting last.',
    authScopes: { pathsRead: true },
    args: {
      pathToken: t.arg.string({
        required: true,
        description: 'The token of a path from introPaths, at most 24 hours old.',
      }),
      message: t.arg.string({
        required: true,
        description: `What you would like passed on, 1-${INTRO_MESSAGE_MAX_LENGTH} characters. Shown to each person asked.`,
      }),
    },
    errors: { types: [InvalidArgumentError] },
    resolve: async (_root, args, ctx) => {
      const viewerId = requireViewer(ctx);
      const keyId = ctx.identity.key.id;
      const claims = ctx.tokens.open(args.pathToken);
      const nodeIds = assertPathClaims('pathToken', claims, keyId, viewerId, Date.now());
      const request = await ctx.graph.introRequests.requestIntro(
        { requesterId: viewerId, keyId, nodeIds, message: args.message },
        ctx.log,
      );

      return viewIntroRequest(request, viewerId, ctx);
    },
  }),
  respondToIntro: t.field({
    type: IntroAnswerRef,
    description:
      'Accepts or declines an intro request waiting for your answer. Anyone else gets FORBIDDEN.',
    authScopes: { pathsRead: true },
    args: {
      requestId: t.arg.id({ required: true, description: 'The request’s id.' }),
      accept: t.arg.boolean({ required: true, description: 'True to accept, false to decline.' }),
    },
    resolve: async (_root, args, ctx) => {
      const requestId = String(args.requestId);
      const outcome = await ctx.graph.introRequests.respond(
        requestId,
        requireViewer(ctx),
        args.accept,
        ctx.log,
      );

      return { requestId, outcome };
    },
  }),
  setHidesContacts: t.field({
    type: ContactHidingRef,
    description:
      'Hides (or shows) your contacts to people asking for introductions through you. Default: shown.',
    authScopes: { pathsRead: true },
    args: {
      hidden: t.arg.boolean({ required: true, description: 'True to hide your contacts.' }),
    },
    errors: { types: [PersonNotFoundError] },
    resolve: async (_root, args, ctx) => {
      const personId = requireViewer(ctx);
      const hidesContacts = await ctx.graph.introRequests.setHidesContacts(
        personId,
        args.hidden,
        ctx.log,
      );

      return { personId, hidesContacts };
    },
  }),
}));

/** Names what the requester may see and stands a per-key, per-viewer token for the rest. */
function viewIntroRequest(
  request: RequesterIntroRequest,
  viewerId: string,
  ctx: GraphQLContext,
): IntroRequestView {
  const keyId = ctx.identity.key.id;
  const hops = request.hops.map((position) => {
    if (position.named) {
      // Someone erased after the request was read is shown without a name.
      const node = request.nodes.get(position.nodeId) ?? {
        id: position.nodeId,
        name: '',
        kind: position.kind,
      };

      return { position, node, token: null, descriptor: null };
    }

    return {
      position,
      node: null,
      token: ctx.tokens.personToken(keyId, viewerId, position.nodeId),
      descriptor: describeMasked(position),
    };
  });

  return { request, hops };
}

/** A coarse description, like introPaths gives; without the context when it is withheld. */
function describeMasked(position: RevealedPosition): string {
  const whose = position.position === 2 ? 'your contact' : 'someone further along';
  if (position.context === null) {
    return `a contact of ${whose}`;
  }

  return `${position.context.toLowerCase()} of ${whose}`;
}
