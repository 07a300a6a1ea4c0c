import type { BusinessRole } from './business.ts';
import type { TrustContext } from './trust.ts';
import type { NodeKind } from './intro-path.ts';

/**
 * One committed write to the graph, in the order Neo4j committed it. `version` is the graph
 * version the write produced. Changes carry ids and numbers only, never names.
 */
export type GraphChange = { readonly version: number } & (
  | { readonly type: 'PERSON_UPSERTED'; readonly personId: string; readonly optedOut: boolean }
  | { readonly type: 'BUSINESS_UPSERTED'; readonly businessId: string }
  | {
      readonly type: 'TRUST_SET';
      readonly fromId: string;
      readonly toId: string;
      readonly toKind: NodeKind;
      readonly strength: number;
      readonly distrust: boolean;
      readonly context: TrustContext;
      readonly lastInteractionAtMs: number;
    }
  | { readonly type: 'TRUST_REMOVED'; readonly fromId: string; readonly toId: string }
  | {
      readonly type: 'ROLE_SET';
      readonly personId: string;
      readonly businessId: string;
      readonly role: BusinessRole;
    }
  | {
      readonly type: 'ROLE_REMOVED';
      readonly personId: string;
      readonly businessId: string;
      readonly role: BusinessRole;
    }
  | { readonly type: 'PERSON_DELETED'; readonly personId: string }
  | { readonly type: 'GRAPH_RELOADED' }
);
