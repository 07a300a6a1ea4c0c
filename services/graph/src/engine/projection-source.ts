import type { BusinessRole } from '../domain/business.ts';
import type { NodeKind } from '../domain/intro-path.ts';
import type { TrustContext } from '../domain/trust.ts';
import type { WarmthModel } from '../domain/warmth.ts';

/** A person as the projection needs it: the id and whether they opted out of being an intermediary. */
export interface PersonRecord {
  readonly id: string;
  readonly optedOut: boolean;
}

export interface BusinessRecord {
  readonly id: string;
}

/** One directed trust tie from a person to a person or a business. Times in ms since the epoch. */
export interface TieRecord {
  readonly fromId: string;
  readonly toId: string;
  /** Optional hint; the projection decides by which kind of node `toId` names. */
  readonly toKind?: NodeKind;
  /** In [0, 1]; kept at float32 precision by the projection. */
  readonly strength: number;
  readonly distrust: boolean;
  readonly context: TrustContext;
  readonly lastInteractionAtMs: number;
}

export interface RoleRecord {
  readonly personId: string;
  readonly businessId: string;
  readonly role: BusinessRole;
}

/**
 * Where the projection is loaded from, in batches of any size. Storage implements it over Neo4j;
 * people and businesses are read before ties and roles, so ties can be resolved to nodes.
 */
export interface ProjectionSource {
  people(): AsyncIterable<readonly PersonRecord[]>;
  businesses(): AsyncIterable<readonly BusinessRecord[]>;
  ties(): AsyncIterable<readonly TieRecord[]>;
  roles(): AsyncIterable<readonly RoleRecord[]>;
}

/** Counts so far while a projection loads; records naming unknown nodes are skipped and counted. */
export type ProjectionProgress = {
  readonly people: number;
  readonly businesses: number;
  readonly ties: number;
  readonly roles: number;
  readonly skipped: number;
};

export interface ProjectionOptions {
  /** The instant hops are cooled to, in ms since the epoch. */
  readonly nowMs: number;
  /** Defaults to `defaultWarmthModel`. */
  readonly model?: WarmthModel;
}

export interface BuildProjectionOptions extends ProjectionOptions {
  /** Called after every batch, so the caller can log progress. */
  readonly onProgress?: (progress: ProjectionProgress) => void;
}

/**
 * A whole network in memory, shaped like `SeedNetwork` so seed networks load directly. A trust
 * tie without `lastInteractionAt` counts from `since`, and without either from `nowMs` (no cooling).
 */
export interface NetworkRecords {
  readonly people: readonly { readonly id: string; readonly optedOut?: boolean }[];
  readonly businesses: readonly { readonly id: string }[];
  readonly trust: readonly {
    readonly fromId: string;
    readonly toId: string;
    readonly strength: number;
    readonly distrust?: boolean;
    readonly context: TrustContext;
    readonly since?: number;
    readonly lastInteractionAt?: number;
  }[];
  readonly roles: readonly RoleRecord[];
}

/**
 * People in a columnar batch. Keys are any integers unique across people and businesses (Neo4j's
 * internal node ids, say); ties and roles name their ends by key, so loading needs no id strings.
 */
export interface PersonColumns {
  readonly keys: ArrayLike<number>;
  readonly ids: readonly string[];
  /** 1 (or true) when the person opted out of being an intermediary. */
  readonly optedOut: ArrayLike<number | boolean>;
}

export interface BusinessColumns {
  readonly keys: ArrayLike<number>;
  readonly ids: readonly string[];
}

/** Directed trust ties from people to people or businesses, one entry per column index. */
export interface TieColumns {
  readonly count: number;
  readonly fromKeys: ArrayLike<number>;
  readonly toKeys: ArrayLike<number>;
  /** In [0, 1]; kept at float32 precision. */
  readonly strengths: ArrayLike<number>;
  /** 1 for distrust. */
  readonly distrust: ArrayLike<number>;
  /** Index into `trustContexts`. */
  readonly contexts: ArrayLike<number>;
  readonly lastInteractionAtMs: ArrayLike<number>;
}

export interface RoleColumns {
  readonly count: number;
  readonly personKeys: ArrayLike<number>;
  readonly businessKeys: ArrayLike<number>;
  /** 0 for OWNS, 1 for WORKS_AT. */
  readonly roles: ArrayLike<number>;
}

/**
 * A source that hands over typed columns per batch instead of one object per record, so ten
 * million ties load without ten million allocations. Nodes come before ties and roles.
 */
export interface ColumnarProjectionSource {
  personColumns(): AsyncIterable<PersonColumns>;
  businessColumns(): AsyncIterable<BusinessColumns>;
  tieColumns(): AsyncIterable<TieColumns>;
  roleColumns(): AsyncIterable<RoleColumns>;
}

export function isColumnarSource(
  source: ProjectionSource | ColumnarProjectionSource,
): source is ColumnarProjectionSource {
  return typeof (source as Partial<ColumnarProjectionSource>).tieColumns === 'function';
}
