import {
  type NodeSummary,
  type TrustedBusinessEdge,
  type TrustedBusinessesAnswer,
  HopLimitExceededError,
  InvalidArgumentError,
  PersonNotFoundError,
} from '../../../graph/src/index.ts';
import { assertActsFor, builder } from './builder.ts';
import { BusinessRef } from './businesses.ts';
import { PageInfoRef } from './influence.ts';
import { IntroPathRef, viewIntroPath } from './intro-paths.ts';

interface TrustedBusinessView {
  readonly edge: TrustedBusinessEdge;
  readonly nodes: ReadonlyMap<string, NodeSummary>;
  readonly computedAt: Date;
}

const NearInput = builder.inputType('NearInput', {
  description: 'A circle on the Earth (WGS 84) to search within.',
  fields: (t) => ({
    lat: t.float({ required: true, description: 'Latitude of the centre in degrees, -90..90.' }),
    lon: t.float({ required: true, description: 'Longitude of the centre in degrees, -180..180.' }),
    radiusKm: t.float({
      required: true,
      description: 'Radius in kilometres, above 0, at most 20000.',
    }),
  }),
});

const TrustedBusinessEdgeRef = builder
  .objectRef<TrustedBusinessView>('TrustedBusinessEdge')
  .implement({
    description: 'A business the viewer’s network vouches for, and who vouches.',
    fields: (t) => ({
      cursor: t.string({
        description: 'Opaque position of this edge.',
        resolve: ({ edge }) => edge.cursor,
      }),
      node: t.field({
        type: BusinessRef,
        description: 'The business.',
        resolve: ({ edge }) => edge.business,
      }),
      vouching: t.float({
        description:
          'How much the network vouches, 0..1: 1 − Π(1 − pathWarmth × trust) over the vouchers.',
        resolve: ({ edge }) => edge.vouching,
      }),
      voucherCount: t.int({
        description: 'Vouched for by this many people you know (you included if you trust it).',
        resolve: ({ edge }) => edge.voucherCount,
      }),
      distanceKm: t.float({
        nullable: true,
        description: 'Kilometres from `near`; null when no `near` was given.',
        resolve: ({ edge }) => edge.distanceKm,
      }),
      paths: t.field({
        type: [IntroPathRef],
        description:
          'The warmest voucher paths, warmest first: your warmest path to the voucher, then their trust in the business.',
        resolve: ({ edge, nodes, computedAt }, _args, ctx) =>
          edge.paths.map((path) => viewIntroPath(path, nodes, computedAt, ctx)),
      }),
    }),
  });

const TrustedBusinessConnectionRef = builder
  .objectRef<TrustedBusinessesAnswer>('TrustedBusinessConnection')
  .implement({
    description: 'A page of the businesses the viewer’s network trusts, most vouched for first.',
    fields: (t) => ({
      edges: t.field({
        type: [TrustedBusinessEdgeRef],
        description: 'Most vouching first, then more vouchers, then by id.',
        resolve: (answer) =>
          answer.edges.map((edge) => ({
            edge,
            nodes: answer.nodes,
            computedAt: answer.computedAt,
          })),
      }),
      pageInfo: t.field({
        type: PageInfoRef,
        description: 'Where the page ends.',
        resolve: (answer) => ({
          endCursor: answer.edges.at(-1)?.cursor ?? null,
          hasNextPage: answer.hasNextPage,
        }),
      }),
      totalCount: t.exposeInt('totalCount', {
        description: 'Businesses vouched for, over all pages.',
      }),
      computedAt: t.expose('computedAt', {
        type: 'DateTime',
        description: 'When the answer was computed.',
      }),
      graphVersion: t.exposeInt('graphVersion', {
        description: 'The graph version of the projection the answer was computed on.',
      }),
    }),
  });

builder.queryFields((t) => ({
  trustedBusinesses: t.field({
    type: TrustedBusinessConnectionRef,
    description:
      'Businesses trusted by people within maxHops of the viewer, ranked by how much the viewer’s network vouches for them. Each voucher counts once, through their warmest path; opted-out people never vouch or pass trust on, distrust never carries, and owners and staff do not vouch for their own business.',
    authScopes: { pathsRead: true },
    complexity: (args) => ({ field: 10 * (args.first ?? 10) * (args.maxHops ?? 3), multiplier: 1 }),
    args: {
      viewer: t.arg.id({ required: true, description: 'The person asking.' }),
      category: t.arg.string({ description: 'Only this category (case-insensitive).' }),
      city: t.arg.string({ description: 'Only this city (case-insensitive).' }),
      near: t.arg({ type: NearInput, description: 'Only businesses within this circle.' }),
      maxHops: t.arg.int({
        defaultValue: 3,
        description: 'Hops from the viewer to a voucher, 1..3. Default 3.',
      }),
      first: t.arg.int({ defaultValue: 10, description: 'Page size, 1..50. Default 10.' }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
      paths: t.arg.int({
        defaultValue: 3,
        description: 'Voucher paths explained per business, 1..5. Default 3.',
      }),
    },
    errors: {
      types: [InvalidArgumentError, PersonNotFoundError, HopLimitExceededError],
      dataField: { description: 'The page.' },
    },
    resolve: (_root, args, ctx) => {
      assertActsFor(ctx, String(args.viewer), 'viewer');

      return ctx.graph.scores.trustedBusinesses(
        {
          viewerId: String(args.viewer),
          category: args.category ?? null,
          city: args.city ?? null,
          near: args.near ?? null,
          maxHops: args.maxHops ?? 3,
          first: args.first ?? 10,
          after: args.after ?? null,
          pathsPerBusiness: args.paths ?? 3,
        },
        ctx.log,
      );
    },
  }),
}));
