import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './errors.ts';
import './trust.ts';
import './people.ts';
import './businesses.ts';
import './intro-paths.ts';
import './influence.ts';
import './trusted-businesses.ts';
import './referral-analytics.ts';
import './intro-requests.ts';

export function buildSchema(): GraphQLSchema {
  return builder.toSchema();
}

/** The SDL committed as schema/schema.graphql. */
export function printWarmpathSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`;
}
