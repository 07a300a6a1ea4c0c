import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import {
  ApiKeyStore,
  apiKeyRevocationsChannel,
  isValidId,
  type ApiKey,
  type Identity,
} from '../../../graph/src/index.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    apiKeys: ApiKeyStore;
  }
  interface FastifyRequest {
    /** Set for every /graphql request that gets past authentication. */
    identity: Identity | null;
  }
}

export interface AuthPluginOptions {
  readonly config: Config;
}

const VIEWER_HEADER = 'x-warmpath-viewer';

/**
 * Set by this hook, never by clients (any incoming value is dropped first): tells the GraphQL
 * layer's request-level plugins (persisted operations, introspection) what kind of key asked.
 */
export const KEY_KIND_HEADER = 'x-warmpath-key-kind';

/**
 * Every GraphQL request carries an API key (`Authorization: Bearer wp_...`) and, when it acts
 * for an owner, the viewer (`x-warmpath-viewer: <person id>`). Verified keys are remembered for
 * API_KEY_CACHE_MS. A revocation announced through Redis (`admin keys revoke`) drops the key at
 * once; one this process missed (Redis was down) takes effect when the remembered check expires.
 */
export default fp<AuthPluginOptions>(
  async (app, { config }) => {
    const keys = new ApiKeyStore(app.neo4j, { timeoutMs: config.NEO4J_QUERY_TIMEOUT_MS });
    const verified = new LRUCache<string, { key: ApiKey | null }>({
      max: 10_000,
      ttl: config.API_KEY_CACHE_MS || 1,
    });
    // Counts revocations heard, so a verification that was in flight during one is not cached.
    let revocationsHeard = 0;
    app.decorate('apiKeys', keys);
    app.decorateRequest('identity', null);
    await app.onAnnouncement(apiKeyRevocationsChannel(config.REDIS_KEY_PREFIX), (id) => {
      revocationsHeard++;
      const forgotten: string[] = [];
      verified.forEach((entry, cacheKey) => {
        if (entry.key?.id === id) {
          forgotten.push(cacheKey);
        }
      });
      for (const cacheKey of forgotten) {
        verified.delete(cacheKey);
      }
    });

    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/graphql')) {
        return;
      }

      delete request.headers[KEY_KIND_HEADER];
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      const key = token ? await verify(token) : null;
      if (!key) {
        return reply
          .code(401)
          .send(problem('UNAUTHENTICATED', 'send a valid API key: Authorization: Bearer wp_...'));
      }

      const viewer = request.headers[VIEWER_HEADER];
      if (viewer !== undefined && (typeof viewer !== 'string' || !isValidId(viewer))) {
        return reply
          .code(400)
          .send(problem('INVALID_ARGUMENT', `${VIEWER_HEADER} must be a person id`));
      }

      request.identity = { key, viewerId: viewer ?? null };
      request.headers[KEY_KIND_HEADER] = key.internal ? 'internal' : 'partner';
      request.log = request.log.child({ keyId: key.id });
    });

    async function verify(token: string): Promise<ApiKey | null> {
      const cacheKey = createHash('sha256').update(token).digest('base64url');
      const cached = verified.get(cacheKey);
      if (cached) {
        return cached.key;
      }

      const heard = revocationsHeard;
      const key = await keys.verify(token);
      if (heard === revocationsHeard) {
        verified.set(cacheKey, { key });
      }

      return key;
    }
  },
  { name: 'auth', dependencies: ['neo4j', 'redis'] },
);

function problem(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}
