import {
  type ReferralAnalytics,
  assertValidId,
  BusinessNotFoundError,
  ForbiddenError,
  hasScope,
  InvalidArgumentError,
} from '../../../graph/src/index.ts';
import { builder } from './builder.ts';
import { PersonRef } from './people.ts';

type Analytics = ReferralAnalytics;
type LeadStats = Analytics['referred'];

const LeadStatsRef = builder.objectRef<LeadStats>('LeadStats').implement({
  description: 'How a group of leads converted.',
  fields: (t) => ({
    leads: t.exposeInt('leads', { description: 'Leads in the group.' }),
    converted: t.exposeInt('converted', { description: 'Leads that converted.' }),
    conversionRate: t.exposeFloat('conversionRate', {
      nullable: true,
      description: 'converted / leads; null without leads.',
    }),
    medianDaysToConvert: t.exposeFloat('medianDaysToConvert', {
      nullable: true,
      description: 'Median days from lead to conversion; null when none converted.',
    }),
  }),
});

const LeadSourceStatsRef = builder
  .objectRef<Analytics['leadSources'][number]>('LeadSourceStats')
  .implement({
    description: 'How the leads of one source converted.',
    fields: (t) => ({
      source: t.exposeString('source', {
        description: 'REFERRAL, SEARCH, ADS, WALK_IN or SOCIAL.',
      }),
      stats: t.field({
        type: LeadStatsRef,
        description: 'Their conversion.',
        resolve: (row) => row.stats,
      }),
    }),
  });

const ReferrerCreditRef = builder
  .objectRef<Analytics['topReferrers'][number]>('ReferrerCredit')
  .implement({
    description: 'A referrer’s credit for the customers their referral chains brought.',
    fields: (t) => ({
      person: t.field({
        type: PersonRef,
        description: 'The referrer.',
        resolve: (row) => row.person,
      }),
      referrals: t.exposeInt('referrals', { description: 'Referrals they made for the business.' }),
      converted: t.exposeInt('converted', { description: 'Of those, how many converted.' }),
      chainConversions: t.exposeInt('chainConversions', {
        description: 'Conversions further down their chains (by people they referred, and so on).',
      }),
      credit: t.exposeFloat('credit', {
        description:
          '1 per own converted referral plus 0.5^g per conversion g generations down their chains.',
      }),
    }),
  });

const CustomerValueRef = builder
  .objectRef<Analytics['topCustomers'][number]>('CustomerValue')
  .implement({
    description: 'A customer’s value, adjusted for the customers they brought in.',
    fields: (t) => ({
      person: t.field({
        type: PersonRef,
        description: 'The customer.',
        resolve: (row) => row.person,
      }),
      ownValue: t.exposeFloat('ownValue', { description: 'Their own CUSTOMER_OF value.' }),
      networkValue: t.exposeFloat('networkValue', {
        description:
          'Σ 0.5^g × own value of the customers g generations down their referral chains.',
      }),
      adjustedValue: t.float({
        description: 'ownValue + networkValue.',
        resolve: (row) => row.ownValue + row.networkValue,
      }),
      customersBroughtIn: t.exposeInt('customersBroughtIn', {
        description: 'Customers down their referral chains.',
      }),
    }),
  });

const ReferralAnalyticsRef = builder.objectRef<Analytics>('ReferralAnalytics').implement({
  description:
    'Who brings a business its customers, and how referred leads compare with the others.',
  fields: (t) => ({
    businessId: t.exposeID('businessId', { description: 'The business.' }),
    computedAt: t.expose('computedAt', { type: 'DateTime', description: 'When it was computed.' }),
    topReferrers: t.field({
      type: [ReferrerCreditRef],
      description: 'Most credit first, then most own conversions, then by id.',
      resolve: (analytics) => analytics.topReferrers,
    }),
    leadSources: t.field({
      type: [LeadSourceStatsRef],
      description: 'Conversion per lead source, every source listed.',
      resolve: (analytics) => analytics.leadSources,
    }),
    referred: t.field({
      type: LeadStatsRef,
      description: 'Leads whose source is REFERRAL.',
      resolve: (analytics) => analytics.referred,
    }),
    other: t.field({
      type: LeadStatsRef,
      description: 'Leads from every other source.',
      resolve: (analytics) => analytics.other,
    }),
    topCustomers: t.field({
      type: [CustomerValueRef],
      description: 'Highest adjusted value first, then by id.',
      resolve: (analytics) => analytics.topCustomers,
    }),
  }),
});

builder.queryFields((t) => ({
  referralAnalytics: t.field({
    type: ReferralAnalyticsRef,
    description:
      'Referral analytics of a business: chain credit, referred versus other conversion, and network-adjusted customer value. For the business’s owner or staff (the viewer), or admin keys.',
    authScopes: { graphRead: true },
    args: {
      businessId: t.arg.id({ required: true, description: 'The business.' }),
      first: t.arg.int({
        defaultValue: 10,
        description: 'How many referrers and customers, 1..50. Default 10.',
      }),
    },
    errors: {
      types: [InvalidArgumentError, BusinessNotFoundError],
      dataField: { description: 'The analytics.' },
    },
    resolve: async (_root, args, ctx) => {
      const businessId = assertValidId('businessId', String(args.businessId));
      const viewerId = ctx.identity.viewerId;
      const allowed =
        hasScope(ctx.identity.key, 'admin') ||
        (viewerId !== null && (await ctx.graph.businesses.isOwnerOrStaff(viewerId, businessId)));
      if (!allowed) {
        throw new ForbiddenError('referral analytics are for the business’s owner or staff');
      }

      return ctx.graph.scores.referralAnalytics(businessId, args.first ?? 10);
    },
  }),
}));
