import {
  type ExplainedIntroPaths,
  type Hop,
  type IntroPath,
  type NodeSummary,
  FIRST_LIMIT,
  HopLimitExceededError,
  MAX_HOPS_LIMIT,
} from '../../../graph/src/index.ts';
import { builder } from './builder.ts';
import { inputErrors } from './errors.ts';
import { NodeKindEnum, TrustContextEnum } from './trust.ts';

interface HopView {
  readonly hop: Hop;
  readonly nodes: ReadonlyMap<string, NodeSummary>;
}

interface IntroPathView {
  readonly path: IntroPath;
  readonly nodes: ReadonlyMap<string, NodeSummary>;
}

const HopEndRef = builder.objectRef<NodeSummary>('HopEnd').implement({
  description: 'A person or business at one end of a hop.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Its id.' }),
    name: t.exposeString('name', { description: 'Its display name.' }),
    kind: t.field({
      type: NodeKindEnum,
      description: 'PERSON or BUSINESS.',
      resolve: (end) => end.kind,
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
      resolve: ({ hop, nodes }) => endOf(hop.fromId, nodes),
    }),
    to: t.field({
      type: HopEndRef,
      description: 'The end nearer the target.',
      resolve: ({ hop, nodes }) => endOf(hop.toId, nodes),
    }),
    kind: t.field({
      type: HopKindEnum,
      description: 'What the hop rests on.',
      resolve: ({ hop }) => hop.kind,
    }),
    strength: t.float({
      description: 'The hop’s strength in [0, 1], after cooling and combining both directions.',
      resolve: ({ hop }) => hop.strength,
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
      description: 'The most recent interaction between the two ends; null for OWNS and WORKS_AT.',
      resolve: ({ hop }) =>
        hop.lastInteractionAtMs === null ? null : new Date(hop.lastInteractionAtMs),
    }),
  }),
});

const IntroPathRef = builder.objectRef<IntroPathView>('IntroPath').implement({
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
      resolve: ({ path, nodes }) => path.hops.map((hop) => ({ hop, nodes })),
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

const IntroPathsRef = builder.objectRef<ExplainedIntroPaths>('IntroPaths').implement({
  description:
    'The warmest intro paths, warmest first, stamped with when and on which graph version they were computed.',
  fields: (t) => ({
    paths: t.field({
      type: [IntroPathRef],
      description: 'Warmest first; ties go to fewer hops, then to id order.',
      resolve: (answer) => answer.paths.map((path) => ({ path, nodes: answer.nodes })),
    }),
    reason: t.field({
      type: NoPathReasonEnum,
      nullable: true,
      description: 'Why there is no path; null when there are paths.',
      resolve: (answer) => answer.reason,
    }),
    computedAt: t.expose('computedAt', {
      type: 'DateTime',
      description: 'When the answer was computed.',
    }),
    graphVersion: t.int({
      description: 'The graph version the answer was computed on.',
      resolve: (answer) => answer.graphVersion,
    }),
    cached: t.exposeBoolean('cached', { description: 'Whether the answer came from the cache.' }),
    strategy: t.field({
      type: PathStrategyEnum,
      description: 'How the paths were searched.',
      resolve: (answer) => answer.strategy,
    }),
  }),
});

builder.queryFields((t) => ({
  introPaths: t.field({
    type: IntroPathsRef,
    description: 'Who can introduce `from` to `to`, and through whom: the warmest intro paths.',
    args: {
      from: t.arg.id({ required: true, description: 'The person asking.' }),
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
    resolve: (_root, args, ctx) =>
      ctx.graph.findIntroPaths(
        {
          fromId: String(args.from),
          toId: String(args.to),
          maxHops: args.maxHops ?? MAX_HOPS_LIMIT,
          first: args.first ?? 3,
          diverse: args.diverse ?? true,
        },
        ctx.log,
      ),
  }),
}));

function endOf(id: string, nodes: ReadonlyMap<string, NodeSummary>): NodeSummary {
  // A node erased between the search and the naming query is shown without its name.
  return nodes.get(id) ?? { id, name: '', kind: 'PERSON' };
}
