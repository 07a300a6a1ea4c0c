import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis;
    /**
     * Calls `handler` with every message announced on `channel` (graph versions, revoked keys),
     * through one subscriber connection that subscribes again after each reconnection. While
     * Redis is down nothing arrives, and callers must not depend on hearing every announcement.
     */
    onAnnouncement(channel: string, handler: (message: string) => void): Promise<void>;
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

    const handlers = new Map<string, (message: string) => void>();
    subscriber.on('message', (channel: string, message: string) => {
      handlers.get(channel)?.(message);
    });
    const subscribe = async (channels: string[]) => {
      if (channels.length > 0) {
        await subscriber.subscribe(...channels).catch(() => {
          app.log.warn({ channels: channels.length }, 'redis unavailable, announcements paused');
        });
      }
    };
    subscriber.on('ready', () => void subscribe([...handlers.keys()]));

    app.decorate('redis', redis);
    app.decorate('onAnnouncement', async (channel, handler) => {
      handlers.set(channel, handler);
      if (subscriber.status === 'ready') {
        await subscribe([channel]);
      }
    });
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
