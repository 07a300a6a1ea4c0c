// The graph service's public surface: the only module services/api imports.
export * from './domain/errors.ts';
export type { Business, BusinessInput, BusinessRole, GeoPoint } from './domain/business.ts';
export type { Person, PersonInput } from './domain/person.ts';
export type { Referral } from './domain/referral.ts';
export { trustContexts, type Trust, type TrustContext, type TrustInput } from './domain/trust.ts';
export {
  FIRST_LIMIT,
  MAX_HOPS_LIMIT,
  type Hop,
  type HopDirection,
  type HopKind,
  type IntroPath,
  type NodeKind,
  type NoPathReason,
} from './domain/intro-path.ts';
export { defaultWarmthModel, type WarmthModel } from './domain/warmth.ts';
export { assertValidId, isValidId } from './domain/ids.ts';
export {
  GraphService,
  type ExplainedIntroPaths,
  type GraphServiceOptions,
} from './graph-service.ts';
export type { NodeSummary } from './storage/node-summaries.ts';
export type { IntroPathAnswer, IntroPathRequest, PathStrategy } from './intro-path-service.ts';
export {
  assertSchema,
  applySchema,
  readSchemaStatements,
  findMissingSchema,
} from './storage/schema-migrations.ts';
export type { ReferralInput } from './storage/trust-store.ts';
