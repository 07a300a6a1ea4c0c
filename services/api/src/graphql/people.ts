import {
  type Person,
  assertValidId,
  ErasedIdError,
  hasScope,
  InvalidArgumentError,
} from '../../../graph/src/index.ts';
import { assertActsFor, builder, type GraphQLContext } from './builder.ts';
import { inputErrors } from './errors.ts';

export const PersonRef = builder.objectRef<Person>('Person').implement({
  description: 'Someone in the trust graph.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable external id.' }),
    name: t.exposeString('name', { description: 'Display name.' }),
    optedOut: t.exposeBoolean('optedOut', {
      description: 'When true, this person never appears inside anyone else’s intro path.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the person was added.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the person last changed.',
    }),
  }),
});

const PersonInput = builder.inputType('PersonInput', {
  description: 'A person to create or update, by id.',
  fields: (t) => ({
    id: t.id({
      required: true,
      description: 'Stable external id: 1-128 of letters, digits and ._:-',
    }),
    name: t.string({ required: true, description: 'Display name, 1-200 characters.' }),
    optedOut: t.boolean({
      description:
        'Opt out of being an intermediary. Unchanged when omitted; false for new people.',
    }),
  }),
});

const DeletePersonPayload = builder
  .objectRef<{ id: string; relationshipsRemoved: number }>('DeletePersonPayload')
  .implement({
    description: 'The outcome of erasing a person.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The erased id; it cannot be reused.' }),
      relationshipsRemoved: t.exposeInt('relationshipsRemoved', {
        description: 'Ties removed with the person.',
      }),
    }),
  });

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    description:
      'A person by id: the viewer or one of their own contacts (admin keys: anyone). Null for anyone else, as for no one.',
    authScopes: { graphRead: true },
    args: { id: t.arg.id({ required: true, description: 'The person’s id.' }) },
    errors: { types: [...inputErrors] },
    resolve: async (_root, args, ctx) => {
      const id = assertValidId('id', String(args.id));
      const visible = hasScope(ctx.identity.key, 'admin') || (await isViewerOrContact(ctx, id));

      return visible ? ctx.graph.people.findPerson(id) : null;
    },
  }),
}));

builder.mutationFields((t) => ({
  upsertPerson: t.field({
    type: PersonRef,
    description:
      'Creates a person or updates their name and opt-out. Partner keys: the viewer only.',
    authScopes: { graphWrite: true },
    args: { input: t.arg({ type: PersonInput, required: true, description: 'The person.' }) },
    errors: { types: [...inputErrors, ErasedIdError] },
    resolve: (_root, { input }, ctx) => {
      assertActsFor(ctx, String(input.id), 'input.id');

      return ctx.graph.upsertPerson(
        {
          id: assertValidId('input.id', String(input.id)),
          name: assertName('input.name', input.name),
          optedOut: input.optedOut ?? undefined,
        },
        ctx.log,
      );
    },
  }),
  setOptOut: t.field({
    type: PersonRef,
    description:
      'Opts a person out of (or back into) being an intermediary in others’ intro paths.',
    authScopes: { graphWrite: true },
    args: {
      personId: t.arg.id({ required: true, description: 'The person.' }),
      optedOut: t.arg.boolean({ required: true, description: 'True to opt out.' }),
    },
    errors: { types: [...inputErrors] },
    resolve: (_root, args, ctx) => {
      const personId = assertValidId('personId', String(args.personId));
      assertActsFor(ctx, personId, 'personId');

      return ctx.graph.setOptOut(personId, args.optedOut, ctx.log);
    },
  }),
  deletePerson: t.field({
    type: DeletePersonPayload,
    description:
      'Erases a person everywhere: the graph, every cached answer and every process’s projection. Admin keys, or the viewer themselves.',
    authScopes: { graphWrite: true },
    args: { id: t.arg.id({ required: true, description: 'The person to erase.' }) },
    errors: { types: [...inputErrors] },
    resolve: async (_root, args, ctx) => {
      const id = assertValidId('id', String(args.id));
      assertActsFor(ctx, id, 'id');
      const relationshipsRemoved = await ctx.graph.deletePerson(id, ctx.log, ctx.identity.key.id);

      return { id, relationshipsRemoved };
    },
  }),
}));

/** Names are display text: trimmed, 1-200 characters. */
export function assertName(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > 200) {
    throw new InvalidArgumentError(field, 'must be 1-200 characters');
  }

  return trimmed;
}

/** Whether the person is the viewer or one of the viewer's first-degree contacts. */
async function isViewerOrContact(ctx: GraphQLContext, personId: string): Promise<boolean> {
  const viewerId = ctx.identity.viewerId;
  if (!viewerId) {
    return false;
  }

  return viewerId === personId || (await ctx.graph.isFirstDegree(viewerId, personId));
}
