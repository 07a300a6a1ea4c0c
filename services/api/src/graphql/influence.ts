import {
  type BusinessInfluence,
  type InfluencerEdge,
  type InfluencerPage,
  type PersonInfluence,
  InvalidArgumentError,
} from '../../../graph/src/index.ts';
import { builder, type GraphQLContext } from './builder.ts';
import { BusinessRef } from './businesses.ts';
import { PersonRef } from './people.ts';

/**
 * Loads influence for every person (or business) a response asks about in one query: ids asked
 * for in the same tick are collected and read together, per request.
 */
class BatchLoader<T> {
  private pending = new Map<
    string,
    { resolve: (value: T | null) => void; reject: (e: unknown) => void }[]
  >();

  constructor(private readonly load: (ids: string[]) => Promise<Map<string, T>>) {}

  get(id: string): Promise<T | null> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) {
        setImmediate(() => void this.flush());
      }

      const waiting = this.pending.get(id) ?? [];
      waiting.push({ resolve, reject });
      this.pending.set(id, waiting);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    try {
      const values = await this.load([...batch.keys()]);
      for (const [id, waiting] of batch) {
        waiting.forEach(({ resolve }) => resolve(values.get(id) ?? null));
      }
    } catch (error) {
      batch.forEach((waiting) => waiting.forEach(({ reject }) => reject(error)));
    }
  }
}

const loaders = new WeakMap<
  GraphQLContext,
  { people: BatchLoader<PersonInfluence>; businesses: BatchLoader<BusinessInfluence> }
>();

function loadersOf(ctx: GraphQLContext) {
  let found = loaders.get(ctx);
  if (!found) {
    found = {
      people: new BatchLoader((ids) => ctx.graph.scores.personInfluence(ids)),
      businesses: new BatchLoader((ids) => ctx.graph.scores.businessInfluence(ids)),
    };
    loaders.set(ctx, found);
  }

  return found;
}

export const PageInfoRef = builder
  .objectRef<{ endCursor: string | null; hasNextPage: boolean }>('PageInfo')
  .implement({
    description: 'Where a page ends and whether more follow.',
    fields: (t) => ({
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass as `after` for the next page; null on an empty page.',
      }),
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more items follow.' }),
    }),
  });

const PersonInfluenceRef = builder.objectRef<PersonInfluence>('PersonInfluence').implement({
  description:
    'How much weight a person carries in the network. Scores are as of computedAt (null before the first scores run covering the person); counts are live.',
  fields: (t) => ({
    pageRank: t.exposeFloat('pageRank', {
      nullable: true,
      description:
        'Trust-weighted PageRank (damping 0.85, 20 iterations); all people’s ranks sum to 1.',
    }),
    percentile: t.exposeFloat('percentile', {
      nullable: true,
      description: 'Percent of people with a strictly lower PageRank, 0..100.',
    }),
    reach2: t.exposeInt('reach2', {
      nullable: true,
      description: 'People within 2 usable hops, exactly (opted-out people reached, never passed).',
    }),
    reach3: t.exposeInt('reach3', {
      nullable: true,
      description:
        'People within 3 usable hops, estimated by HyperLogLog (256 registers: ±6.5% standard error).',
    }),
    referralsMade: t.exposeInt('referralsMade', { description: 'Referrals the person made.' }),
    referralsConverted: t.exposeInt('referralsConverted', {
      description: 'Referrals the person made that converted.',
    }),
    businessesVouchedFor: t.exposeInt('businessesVouchedFor', {
      description: 'Businesses the person trusts (distrust excluded).',
    }),
    computedAt: t.expose('computedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the scores were computed; null before the first run.',
    }),
  }),
});

const BusinessInfluenceRef = builder.objectRef<BusinessInfluence>('BusinessInfluence').implement({
  description:
    'How much the network trusts a business. trustScore is as of computedAt; counts are live.',
  fields: (t) => ({
    trustedBy: t.exposeInt('trustedBy', {
      description: 'People who trust the business (distrust excluded).',
    }),
    trustScore: t.exposeFloat('trustScore', {
      nullable: true,
      description:
        'Σ over trusting people of N × pageRank × strength (N people): 1.0 is one average person trusting fully.',
    }),
    customersByReferral: t.exposeInt('customersByReferral', {
      description: 'Converted leads whose source is REFERRAL.',
    }),
    customersOther: t.exposeInt('customersOther', {
      description: 'Converted leads from every other source.',
    }),
    computedAt: t.expose('computedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When trustScore was computed; null before the first run.',
    }),
  }),
});

builder.objectField(PersonRef, 'influence', (t) =>
  t.field({
    type: PersonInfluenceRef,
    description: 'Influence scores and counts.',
    authScopes: { graphRead: true },
    resolve: async (person, _args, ctx) =>
      (await loadersOf(ctx).people.get(person.id)) ?? emptyPersonInfluence,
  }),
);

builder.objectField(BusinessRef, 'influence', (t) =>
  t.field({
    type: BusinessInfluenceRef,
    description: 'Trust and customer counts and the trust score.',
    authScopes: { graphRead: true },
    resolve: async (business, _args, ctx) =>
      (await loadersOf(ctx).businesses.get(business.id)) ?? emptyBusinessInfluence,
  }),
);

const InfluencerEdgeRef = builder.objectRef<InfluencerEdge>('InfluencerEdge').implement({
  description: 'One person in a ranking by PageRank.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Opaque position of this edge.' }),
    node: t.field({ type: PersonRef, description: 'The person.', resolve: (edge) => edge.person }),
    pageRank: t.exposeFloat('pageRank', { description: 'Their PageRank as of the last run.' }),
  }),
});

const InfluencerConnectionRef = builder
  .objectRef<InfluencerPage>('InfluencerConnection')
  .implement({
    description: 'A page of people ranked by PageRank.',
    fields: (t) => ({
      edges: t.field({
        type: [InfluencerEdgeRef],
        description: 'Highest PageRank first, then by id.',
        resolve: (page) => page.edges,
      }),
      pageInfo: t.field({
        type: PageInfoRef,
        description: 'Where the page ends.',
        resolve: (page) => ({
          endCursor: page.edges.at(-1)?.cursor ?? null,
          hasNextPage: page.hasNextPage,
        }),
      }),
    }),
  });

builder.queryFields((t) => ({
  topInfluencers: t.field({
    type: InfluencerConnectionRef,
    description:
      'People ranked by PageRank. With category and/or city, only people tied to a business of that category and city (owners, staff, customers, and people who trust it); both compare case-insensitively. Admin keys only: it names people beyond any viewer’s own contacts.',
    authScopes: { admin: true },
    args: {
      category: t.arg.string({ description: 'Business category, e.g. plumber.' }),
      city: t.arg.string({ description: 'Business city.' }),
      first: t.arg.int({ defaultValue: 10, description: 'Page size, 1..50. Default 10.' }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
    },
    errors: { types: [InvalidArgumentError], dataField: { description: 'The page.' } },
    resolve: (_root, args, ctx) =>
      ctx.graph.scores.topInfluencers({
        category: args.category ?? null,
        city: args.city ?? null,
        first: args.first ?? 10,
        after: args.after ?? null,
      }),
  }),
}));

const emptyPersonInfluence: PersonInfluence = {
  pageRank: null,
  percentile: null,
  reach2: null,
  reach3: null,
  referralsMade: 0,
  referralsConverted: 0,
  businessesVouchedFor: 0,
  computedAt: null,
};

const emptyBusinessInfluence: BusinessInfluence = {
  trustedBy: 0,
  trustScore: null,
  customersByReferral: 0,
  customersOther: 0,
  computedAt: null,
};
