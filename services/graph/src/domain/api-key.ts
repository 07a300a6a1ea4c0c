/** What an API key may do. Keys carry one or more; `admin` implies every other. */
export const scopes = ['paths:read', 'graph:read', 'graph:write', 'admin'] as const;

export type Scope = (typeof scopes)[number];

export interface ApiKey {
  /** Public part of the key, safe to log. */
  readonly id: string;
  /** A label for operators, e.g. the partner's name. Not shown to clients. */
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** Internal keys (Warmpath's own tools) may send any GraphQL document and introspect. */
  readonly internal: boolean;
  /** Rate-limit budget in cost points per minute. */
  readonly pointsPerMinute: number;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** Who is asking: the key, and for requests on behalf of an owner, the person asking. */
export interface Identity {
  readonly key: ApiKey;
  /** The person on whose behalf the key acts, from the x-warmpath-viewer header; null for none. */
  readonly viewerId: string | null;
}

export function hasScope(key: Pick<ApiKey, 'scopes'>, scope: Scope): boolean {
  return key.scopes.includes('admin') || key.scopes.includes(scope);
}
