import {
  type Business,
  type BusinessRole,
  type GeoPoint,
  assertValidId,
  BusinessNotFoundError,
  InvalidArgumentError,
} from '../../../graph/src/index.ts';
import { assertActsFor, builder } from './builder.ts';
import { inputErrors } from './errors.ts';
import { assertName } from './people.ts';

const GeoPointRef = builder.objectRef<GeoPoint>('GeoPoint').implement({
  description: 'A point on the Earth (WGS 84).',
  fields: (t) => ({
    lat: t.exposeFloat('lat', { description: 'Latitude in degrees, -90..90.' }),
    lon: t.exposeFloat('lon', { description: 'Longitude in degrees, -180..180.' }),
  }),
});

export const BusinessRef = builder.objectRef<Business>('Business').implement({
  description: 'A business people can trust, own, work at or buy from.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable external id.' }),
    name: t.exposeString('name', { description: 'Trading name.' }),
    category: t.exposeString('category', { description: 'What the business does, e.g. plumber.' }),
    city: t.exposeString('city', { description: 'The city it serves from.' }),
    location: t.field({
      type: GeoPointRef,
      nullable: true,
      description: 'Where it is, when known.',
      resolve: (business) => business.location,
    }),
  }),
});

const GeoPointInput = builder.inputType('GeoPointInput', {
  description: 'A point on the Earth (WGS 84).',
  fields: (t) => ({
    lat: t.float({ required: true, description: 'Latitude in degrees, -90..90.' }),
    lon: t.float({ required: true, description: 'Longitude in degrees, -180..180.' }),
  }),
});

const BusinessInput = builder.inputType('BusinessInput', {
  description: 'A business to create or update, by id.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Stable external id.' }),
    name: t.string({ required: true, description: 'Trading name, 1-200 characters.' }),
    category: t.string({
      required: true,
      description: 'What the business does, 1-200 characters.',
    }),
    city: t.string({ required: true, description: 'City, 1-200 characters.' }),
    location: t.field({ type: GeoPointInput, description: 'Where it is. Cleared when omitted.' }),
  }),
});

const BusinessRoleEnum = builder.enumType('BusinessRole', {
  description: 'How a person belongs to a business.',
  values: {
    OWNS: { description: 'Owns the business.' },
    WORKS_AT: { description: 'Works there.' },
  } as const,
});

const BusinessRolePayload = builder
  .objectRef<{ personId: string; businessId: string; role: BusinessRole; present: boolean }>(
    'BusinessRolePayload',
  )
  .implement({
    description: 'A person’s role at a business after the change.',
    fields: (t) => ({
      personId: t.exposeID('personId', { description: 'The person.' }),
      businessId: t.exposeID('businessId', { description: 'The business.' }),
      role: t.field({
        type: BusinessRoleEnum,
        description: 'OWNS or WORKS_AT.',
        resolve: (payload) => payload.role,
      }),
      present: t.exposeBoolean('present', {
        description: 'Whether the person now holds the role.',
      }),
    }),
  });

builder.queryFields((t) => ({
  business: t.field({
    type: BusinessRef,
    nullable: true,
    description: 'A business by id, or null when there is none.',
    authScopes: { graphRead: true },
    args: { id: t.arg.id({ required: true, description: 'The business’s id.' }) },
    errors: { types: [...inputErrors] },
    resolve: (_root, args, ctx) =>
      ctx.graph.businesses.findBusiness(assertValidId('id', String(args.id))),
  }),
  searchBusinesses: t.field({
    type: [BusinessRef],
    description:
      'Businesses whose name or category matches the text (typos tolerated), best first.',
    authScopes: { graphRead: true },
    complexity: (args) => 2 * (args.first ?? 10),
    args: {
      text: t.arg.string({ required: true, description: 'Words to look for, 1-200 characters.' }),
      city: t.arg.string({ description: 'Only businesses in this city (case-insensitive).' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many, 1..50. Default 10.' }),
    },
    errors: {
      types: [InvalidArgumentError],
      dataField: { description: 'The matching businesses.' },
    },
    resolve: (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 1 || first > 50) {
        throw new InvalidArgumentError('first', `must be between 1 and 50, got ${first}`);
      }

      return ctx.graph.businesses.searchBusinesses({
        text: assertName('text', args.text),
        city: args.city ?? null,
        limit: first,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  upsertBusiness: t.field({
    type: BusinessRef,
    description: 'Creates a business or updates it.',
    authScopes: { graphWrite: true },
    args: { input: t.arg({ type: BusinessInput, required: true, description: 'The business.' }) },
    errors: { types: [...inputErrors] },
    resolve: (_root, { input }, ctx) =>
      ctx.graph.upsertBusiness(
        {
          id: assertValidId('input.id', String(input.id)),
          name: assertName('input.name', input.name),
          category: assertName('input.category', input.category),
          city: assertName('input.city', input.city),
          location: input.location ? assertGeoPoint(input.location) : null,
        },
        ctx.log,
      ),
  }),
  setBusinessRole: t.field({
    type: BusinessRolePayload,
    description:
      'Records (present: true) or removes that a person owns or works at a business. Partner keys: the viewer only.',
    authScopes: { graphWrite: true },
    args: {
      personId: t.arg.id({ required: true, description: 'The person.' }),
      businessId: t.arg.id({ required: true, description: 'The business.' }),
      role: t.arg({ type: BusinessRoleEnum, required: true, description: 'OWNS or WORKS_AT.' }),
      present: t.arg.boolean({
        defaultValue: true,
        description: 'False removes the role. Default true.',
      }),
    },
    errors: { types: [...inputErrors, BusinessNotFoundError] },
    resolve: async (_root, args, ctx) => {
      const personId = assertValidId('personId', String(args.personId));
      assertActsFor(ctx, personId, 'personId');
      const businessId = assertValidId('businessId', String(args.businessId));
      const role = args.role;
      const present = await ctx.graph.setRole(
        personId,
        businessId,
        role,
        args.present ?? true,
        ctx.log,
      );

      return { personId, businessId, role, present };
    },
  }),
}));

function assertGeoPoint(point: GeoPoint): GeoPoint {
  if (!(point.lat >= -90 && point.lat <= 90)) {
    throw new InvalidArgumentError(
      'input.location.lat',
      `must be between -90 and 90, got ${point.lat}`,
    );
  }
  if (!(point.lon >= -180 && point.lon <= 180)) {
    throw new InvalidArgumentError(
      'input.location.lon',
      `must be between -180 and 180, got ${point.lon}`,
    );
  }

  return { lat: point.lat, lon: point.lon };
}
