import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
    /** A second connection in subscriber mode, for version announcements. */
    redisSubscriber: Redis;
  }
}

export interface RedisPluginOptions {
  readonly config: Config;
}

/**
 * Owns the Redis connections. Redis is a cache and a messenger, never required: with the
 * offline queue off and one retry, commands fail fast while it is down, callers serve without
 * it, and the client reconnects in the background.
 */
export default fp<RedisPluginOptions>(
  async (app, { config }) => {
    const options = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: Math.max(1000, config.REDIS_COMMAND_TIMEOUT_MS),
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    };
    const redis = new Redis(config.REDIS_URL, options);
    const subscriber = new Redis(config.REDIS_URL, { ...options, commandTimeout: undefined });
    for (const [role, client] of [
      ['commands', redis],
      ['subscriber', subscriber],
    ] as const) {
      client.on('error', (error: Error & { code?: string }) => {
        app.log.warn({ role, code: error.code ?? error.name }, 'redis connection error');
      });
    }

    app.decorate('redis', redis);
    app.decorate('redisSubscriber', subscriber);
    app.addHook('onClose', (_instance, done) => {
      redis.disconnect();
      subscriber.disconnect();
      done();
    });

    await Promise.all([redis.connect(), subscriber.connect()]).catch((error: unknown) => {
      app.log.warn(
        { err: { name: (error as Error).name } },
        'redis unavailable at start, serving without cache',
      );
    });
  },
  { name: 'redis' },
);
