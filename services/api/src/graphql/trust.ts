import {
  type Referral,
  type Trust,
  assertValidId,
  BusinessNotFoundError,
  InvalidArgumentError,
  SelfTrustError,
  trustContexts,
} from '../../../graph/src/index.ts';
import { assertActsFor, builder } from './builder.ts';
import { inputErrors } from './errors.ts';

export const TrustContextEnum = builder.enumType('TrustContext', {
  description: 'How two people know each other, or how a person knows a business.',
  values: trustContexts,
});

export const NodeKindEnum = builder.enumType('NodeKind', {
  description: 'What a node of the graph is.',
  values: {
    PERSON: { description: 'A person.' },
    BUSINESS: { description: 'A business.' },
  } as const,
});

const TrustRef = builder.objectRef<Trust>('Trust').implement({
  description: 'A directed tie from a person to a person or business.',
  fields: (t) => ({
    fromId: t.exposeID('fromId', { description: 'The person who trusts.' }),
    toId: t.exposeID('toId', { description: 'The person or business trusted.' }),
    strength: t.exposeFloat('strength', { description: 'How strongly, 0..1 (0 for distrust).' }),
    distrust: t.exposeBoolean('distrust', {
      description: 'Distrust never carries an introduction.',
    }),
    context: t.field({
      type: TrustContextEnum,
      description: 'How they know each other.',
      resolve: (trust) => trust.context,
    }),
    since: t.expose('since', { type: 'DateTime', description: 'When the tie began.' }),
    lastInteractionAt: t.expose('lastInteractionAt', {
      type: 'DateTime',
      description: 'The last interaction; trust cools with time since.',
    }),
  }),
});

const ReferralRef = builder.objectRef<Referral>('Referral').implement({
  description: 'A past introduction that happened.',
  fields: (t) => ({
    referrerId: t.exposeID('referrerId', { description: 'Who referred.' }),
    referredId: t.exposeID('referredId', { description: 'Who was referred.' }),
    businessId: t.exposeID('businessId', { description: 'To which business.' }),
    at: t.expose('at', { type: 'DateTime', description: 'When.' }),
    converted: t.exposeBoolean('converted', {
      description: 'Whether the referred person became a customer.',
    }),
  }),
});

const RemoveTrustPayload = builder
  .objectRef<{ fromId: string; toId: string; removed: boolean }>('RemoveTrustPayload')
  .implement({
    description: 'The outcome of removing a tie.',
    fields: (t) => ({
      fromId: t.exposeID('fromId', { description: 'The person who trusted.' }),
      toId: t.exposeID('toId', { description: 'The person or business trusted.' }),
      removed: t.exposeBoolean('removed', { description: 'False when there was no such tie.' }),
    }),
  });

const TrustInput = builder.inputType('TrustInput', {
  description: 'A tie to create or replace.',
  fields: (t) => ({
    fromId: t.id({ required: true, description: 'The person who trusts.' }),
    toId: t.id({ required: true, description: 'The person or business trusted.' }),
    strength: t.float({ required: true, description: 'How strongly, 0..1. Ignored for distrust.' }),
    distrust: t.boolean({
      defaultValue: false,
      description: 'Record distrust instead of trust. Default false.',
    }),
    context: t.field({
      type: TrustContextEnum,
      required: true,
      description: 'How they know each other.',
    }),
    since: t.field({
      type: 'DateTime',
      description: 'When the tie began. Kept when omitted; the last interaction for new ties.',
    }),
    lastInteractionAt: t.field({
      type: 'DateTime',
      description: 'The last interaction. Default now.',
    }),
  }),
});

const ReferralInput = builder.inputType('ReferralInput', {
  description: 'A past introduction to record.',
  fields: (t) => ({
    referrerId: t.id({ required: true, description: 'Who referred.' }),
    referredId: t.id({ required: true, description: 'Who was referred.' }),
    businessId: t.id({ required: true, description: 'To which business.' }),
    at: t.field({ type: 'DateTime', description: 'When. Default now.' }),
    converted: t.boolean({
      defaultValue: false,
      description: 'Whether it converted. Default false.',
    }),
  }),
});

builder.mutationFields((t) => ({
  setTrust: t.field({
    type: TrustRef,
    description:
      'Creates or replaces the tie from a person to a person or business. Partner keys: from the viewer only.',
    authScopes: { graphWrite: true },
    args: { input: t.arg({ type: TrustInput, required: true, description: 'The tie.' }) },
    errors: { types: [...inputErrors, SelfTrustError] },
    resolve: (_root, { input }, ctx) => {
      assertActsFor(ctx, String(input.fromId), 'input.fromId');

      return ctx.graph.setTrust(
        {
          fromId: assertValidId('input.fromId', String(input.fromId)),
          toId: assertValidId('input.toId', String(input.toId)),
          strength: input.distrust ? 0 : input.strength,
          distrust: input.distrust ?? false,
          context: input.context,
          since: input.since ?? undefined,
          lastInteractionAt: input.lastInteractionAt ?? undefined,
        },
        ctx.log,
      );
    },
  }),
  removeTrust: t.field({
    type: RemoveTrustPayload,
    description:
      'Removes the tie from one person to a person or business. Partner keys: from the viewer only.',
    authScopes: { graphWrite: true },
    args: {
      fromId: t.arg.id({ required: true, description: 'The person who trusted.' }),
      toId: t.arg.id({ required: true, description: 'The person or business trusted.' }),
    },
    errors: { types: [...inputErrors] },
    resolve: async (_root, args, ctx) => {
      const fromId = assertValidId('fromId', String(args.fromId));
      assertActsFor(ctx, fromId, 'fromId');
      const toId = assertValidId('toId', String(args.toId));
      const removed = await ctx.graph.removeTrust(fromId, toId, ctx.log);

      return { fromId, toId, removed };
    },
  }),
  recordReferral: t.field({
    type: ReferralRef,
    description: 'Records a past introduction. Partner keys: the viewer must be the referrer.',
    authScopes: { graphWrite: true },
    args: { input: t.arg({ type: ReferralInput, required: true, description: 'The referral.' }) },
    errors: { types: [...inputErrors, BusinessNotFoundError] },
    resolve: (_root, { input }, ctx) => {
      assertActsFor(ctx, String(input.referrerId), 'input.referrerId');
      if (input.referrerId === input.referredId) {
        throw new InvalidArgumentError('input.referredId', 'must differ from referrerId');
      }

      return ctx.graph.recordReferral({
        referrerId: assertValidId('input.referrerId', String(input.referrerId)),
        referredId: assertValidId('input.referredId', String(input.referredId)),
        businessId: assertValidId('input.businessId', String(input.businessId)),
        at: input.at ?? undefined,
        converted: input.converted ?? false,
      });
    },
  }),
}));
