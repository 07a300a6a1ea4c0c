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
export { hasScope, scopes, type ApiKey, type Identity, type Scope } from './domain/api-key.ts';
export { PathTokens, type SealedPath } from './privacy/path-token.ts';
export {
  announceRevocation,
  ApiKeyStore,
  apiKeyRevocationsChannel,
  type NewApiKey,
} from './storage/api-key-store.ts';
export {
  ScoresService,
  type BusinessInfluence,
  type InfluencerEdge,
  type InfluencerPage,
  type PersonInfluence,
  type ReferralAnalytics,
  type ScoresRunSummary,
  type TrustedBusinessEdge,
  type TrustedBusinessesAnswer,
  type TrustedBusinessesRequest,
} from './scores-service.ts';
export {
  assertPathClaims,
  INTRO_MESSAGE_MAX_LENGTH,
  PATH_TOKEN_MAX_AGE_MS,
  type IntroRequestStatus,
  type IntroResponseOutcome,
  type RevealedPosition,
} from './domain/intro-request.ts';
export type {
  IntroRequestToAnswer,
  NewIntroRequestInput,
  RequesterIntroRequest,
} from './intro-request-service.ts';
