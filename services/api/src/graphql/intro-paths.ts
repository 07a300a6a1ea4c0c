import {
  type ExplainedIntroPaths,
  type Hop,
  type IntroPath,
  type NodeSummary,
  FIRST_LIMIT,
  HopLimitExceededError,
  MAX_HOPS_LIMIT,
  assertValidId,
  hasScope,
} from '../../../graph/src/index.ts';
import { assertActsFor, builder, requireViewer, type GraphQLContext } from './builder.ts';
import { inputErrors } from './errors.ts';
import { NodeKindEnum, TrustContextEnum } from './trust.ts';

/**
 * How a requester sees a path: their own first-degree contacts, the target and businesses by
 * name; every other intermediary masked behind a token specific to this key and viewer, with a
 * coarse descriptor, and no strength or date on the hops that touch them.
 */
interface Viewing {
  readonly keyId: string;
  readonly viewerId: string;
  readonly ctx: GraphQLContext;
}

interface HopEndView {
  readonly summary: NodeSummary;
  readonly masked: boolean;
  readonly token: string | null;
  readonly descriptor: string | null;
}

interface HopView {
  readonly hop: Hop;
  readonly from: HopEndView;
  readonly to: HopEndView;
}

export interface IntroPathView {
  readonly path: IntroPath;
  readonly hops: readonly HopView[];
  readonly token: string | null;
}

const HopEndRef = builder.objectRef<HopEndView>('HopEnd').implement({
  description:
    'A person or business at one end of a hop; people beyond your own contacts are masked.',
  fields: (t) => ({
    id: t.id({
      nullable: true,
      description: 'Its id; null when masked.',
      resolve: (end) => (end.masked ? null : end.summary.id),
    }),
    name: t.string({
      nullable: true,
      description: 'Its display name; null when masked.',
      resolve: (end) => (end.masked ? null : end.summary.name),
    }),
    kind: t.field({
      type: NodeKindEnum,
      description: 'PERSON or BUSINESS.',
      resolve: (end) => end.summary.kind,
    }),
    masked: t.exposeBoolean('masked', {
      description: 'True for an intermediary who has not agreed to be shown to you.',
    }),
    token: t.exposeString('token', {
      nullable: true,
      description:
        'Stands for a masked person: the same person gets the same token for you, a different one for anyone else.',
    }),
    descriptor: t.exposeString('descriptor', {
      nullable: true,
      description: 'What you may know of a masked person, e.g. "coworker of your contact".',
    }),
  }),
});

const HopKindEnum = builder.enumType('HopKind', {
  description: 'What a hop rests on.',
  values: {
    TRUSTS: { description: 'Trust between the two ends, in one or both directions.' },
    OWNS: { description: 'The person owns the target business.' },
    WORKS_AT: { description: 'The person works at the target business.' },
  } as const,
});

const HopDirectionEnum = builder.enumType('HopDirection', {
  description: 'Which way the trust behind a hop points, relative to the path.',
  values: {
    FORWARD: { description: 'The nearer end trusts the further one.' },
    BACKWARD: { description: 'The further end trusts the nearer one.' },
    MUTUAL: { description: 'Both trust each other: the warmest kind of hop.' },
  } as const,
});

const HopRef = builder.objectRef<HopView>('Hop').implement({
  description: 'One tie of an intro path, explained.',
  fields: (t) => ({
    from: t.field({
      type: HopEndRef,
      description: 'The end nearer the asking person.',
      resolve: (view) => view.from,
    }),
    to: t.field({
      type: HopEndRef,
      description: 'The end nearer the target.',
      resolve: (view) => view.to,
    }),
    kind: t.field({
      type: HopKindEnum,
      description: 'What the hop rests on.',
      resolve: ({ hop }) => hop.kind,
    }),
    strength: t.float({
      nullable: true,
      description:
        'The hop’s strength in [0, 1], after cooling and combining both directions; null when an end is masked.',
      resolve: (view) => (isMaskedHop(view) ? null : view.hop.strength),
    }),
    direction: t.field({
      type: HopDirectionEnum,
      description: 'Which way the trust points.',
      resolve: ({ hop }) => hop.direction,
    }),
    context: t.field({
      type: TrustContextEnum,
      nullable: true,
      description: 'How the two know each other; null for OWNS and WORKS_AT.',
      resolve: ({ hop }) => hop.context,
    }),
    lastInteractionAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'The most recent interaction between the two ends; null for roles and when an end is masked.',
      resolve: (view) =>
        isMaskedHop(view) || view.hop.lastInteractionAtMs === null
          ? null
          : new Date(view.hop.lastInteractionAtMs),
    }),
  }),
});

export const IntroPathRef = builder.objectRef<IntroPathView>('IntroPath').implement({
  description: 'An ordered chain of hops from the asking person to the target.',
  fields: (t) => ({
    warmth: t.float({
      description:
        'How likely an introduction along this path is to land, 0..1: the product of the hops’ strengths.',
      resolve: ({ path }) => path.warmth,
    }),
    hopCount: t.int({ description: 'Number of hops.', resolve: ({ path }) => path.hops.length }),
    hops: t.field({
      type: [HopRef],
      description: 'The hops, from the asking person to the target.',
      resolve: (view) => view.hops,
    }),
    token: t.exposeString('token', {
      nullable: true,
      description:
        'Pass to requestIntro to ask for an introduction along this path; null without a viewer.',
    }),
  }),
});

const NoPathReasonEnum = builder.enumType('NoPathReason', {
  description: 'Why an answer holds no path.',
  values: {
    NO_PATH_WITHIN_MAX_HOPS: { description: 'No usable path of at most maxHops hops exists.' },
    SAME_NODE: { description: 'from and to are the same.' },
  } as const,
});

const PathStrategyEnum = builder.enumType('PathStrategy', {
  description: 'How the paths were searched.',
  values: {
    ENGINE: { value: 'engine', description: 'The in-memory warm-path engine.' },
    CYPHER: { value: 'cypher', description: 'Path enumeration in Neo4j, scored in the app.' },
  } as const,
});

interface IntroPathsView {
  readonly answer: ExplainedIntroPaths;
  readonly paths: readonly IntroPathView[];
}

const IntroPathsRef = builder.objectRef<IntroPathsView>('IntroPaths').implement({
  description:
    'The warmest intro paths, warmest first, stamped with when and on which graph version they were computed.',
  fields: (t) => ({
    paths: t.field({
      type: [IntroPathRef],
      description: 'Warmest first; ties go to fewer hops, then to id order.',
      resolve: (view) => view.paths,
    }),
    reason: t.field({
      type: NoPathReasonEnum,
      nullable: true,
      description: 'Why there is no path; null when there are paths.',
      resolve: ({ answer }) => answer.reason,
    }),
    computedAt: t.field({
      type: 'DateTime',
      description: 'When the answer was computed.',
      resolve: ({ answer }) => answer.computedAt,
    }),
    graphVersion: t.int({
      description: 'The graph version the answer was computed on.',
      resolve: ({ answer }) => answer.graphVersion,
    }),
    cached: t.boolean({
      description: 'Whether the answer came from the cache.',
      resolve: ({ answer }) => answer.cached,
    }),
    strategy: t.field({
      type: PathStrategyEnum,
      description: 'How the paths were searched.',
      resolve: ({ answer }) => answer.strategy,
    }),
  }),
});

builder.queryFields((t) => ({
  introPaths: t.field({
    type: IntroPathsRef,
    description:
      'Who can introduce you to `to`, and through whom: the warmest intro paths from the viewer.',
    authScopes: { pathsRead: true },
    complexity: (args) => ({
      field: 10 * (args.first ?? 3) * (args.maxHops ?? MAX_HOPS_LIMIT),
      multiplier: 1,
    }),
    args: {
      from: t.arg.id({
        description:
          'The person asking. Defaults to the viewer; only admin keys may ask for someone else.',
      }),
      to: t.arg.id({ required: true, description: 'The person or business to reach.' }),
      maxHops: t.arg.int({
        defaultValue: MAX_HOPS_LIMIT,
        description: `Longest path, 1..${MAX_HOPS_LIMIT}. Default ${MAX_HOPS_LIMIT}.`,
      }),
      first: t.arg.int({
        defaultValue: 3,
        description: `How many paths, 1..${FIRST_LIMIT}. Default 3.`,
      }),
      diverse: t.arg.boolean({
        defaultValue: true,
        description:
          'At most one path per first contact (default), so the list answers whom to ask; false returns the raw top paths.',
      }),
    },
    errors: { types: [...inputErrors, HopLimitExceededError] },
    resolve: async (_root, args, ctx) => {
      const fromId = resolveAskingPerson(ctx, args.from ?? null);
      const answer = await ctx.graph.findIntroPaths(
        {
          fromId,
          toId: String(args.to),
          maxHops: args.maxHops ?? MAX_HOPS_LIMIT,
          first: args.first ?? 3,
          diverse: args.diverse ?? true,
        },
        ctx.log,
      );
      const paths = answer.paths.map((path) =>
        viewIntroPath(path, answer.nodes, answer.computedAt, ctx),
      );

      return { answer, paths };
    },
  }),
}));

/** Partner keys ask only from their viewer; admin keys may name anyone. */
function resolveAskingPerson(ctx: GraphQLContext, from: string | number | null): string {
  if (hasScope(ctx.identity.key, 'admin') && from !== null) {
    return assertValidId('from', String(from));
  }

  const viewerId = requireViewer(ctx);
  if (from !== null) {
    assertActsFor(ctx, String(from), 'from');
  }

  return viewerId;
}

/**
 * A path as the request's viewer may see it (unmasked for keys acting for nobody), with a token
 * to request an introduction along it.
 */
export function viewIntroPath(
  path: IntroPath,
  nodes: ReadonlyMap<string, NodeSummary>,
  computedAt: Date,
  ctx: GraphQLContext,
): IntroPathView {
  const viewing = ctx.identity.viewerId
    ? { keyId: ctx.identity.key.id, viewerId: ctx.identity.viewerId, ctx }
    : null;
  const nodeIds = [path.hops[0]?.fromId ?? '', ...path.hops.map((hop) => hop.toId)];
  const ends = nodeIds.map((id, index) => viewEnd(id, index, nodeIds.length, path, nodes, viewing));
  const hops = path.hops.map((hop, index) => ({
    hop,
    from: ends[index] as HopEndView,
    to: ends[index + 1] as HopEndView,
  }));
  const token = viewing
    ? ctx.tokens.seal({
        nodeIds,
        keyId: viewing.keyId,
        viewerId: viewing.viewerId,
        issuedAtMs: computedAt.getTime(),
      })
    : null;

  return { path, hops, token };
}

function viewEnd(
  id: string,
  index: number,
  count: number,
  path: IntroPath,
  nodes: ReadonlyMap<string, NodeSummary>,
  viewing: Viewing | null,
): HopEndView {
  // A node erased between the search and the naming query is shown without its name.
  const summary = nodes.get(id) ?? { id, name: '', kind: 'PERSON' as const };
  const visible = !viewing || index <= 1 || index === count - 1 || summary.kind === 'BUSINESS';
  if (visible) {
    return { summary, masked: false, token: null, descriptor: null };
  }

  const context = (path.hops[index - 1]?.context ?? 'OTHER').toLowerCase();
  const descriptor =
    index === 2 ? `${context} of your contact` : `${context} of someone further along`;

  return {
    summary,
    masked: true,
    token: viewing.ctx.tokens.personToken(viewing.keyId, viewing.viewerId, id),
    descriptor,
  };
}

function isMaskedHop(view: HopView): boolean {
  return view.from.masked || view.to.masked;
}
