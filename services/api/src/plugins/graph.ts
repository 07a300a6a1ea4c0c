import fp from 'fastify-plugin';
import { GraphService } from '../../../graph/src/index.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    graph: GraphService;
  }
}

export interface GraphPluginOptions {
  readonly config: Config;
}

/**
 * Wires the graph service to Neo4j and Redis, builds this process's projection before the server
 * takes traffic, and applies other processes' writes as their versions are announced.
 */
export default fp<GraphPluginOptions>(
  async (app, { config }) => {
    const graph = new GraphService(app.neo4j, app.redis, app.log, {
      strategy: config.PATH_STRATEGY,
      model: {
        halfLifeDays: config.WARMTH_HALF_LIFE_DAYS,
        floor: config.WARMTH_FLOOR,
        roleStrength: 1,
      },
      transaction: { timeoutMs: config.NEO4J_QUERY_TIMEOUT_MS },
      searchTimeoutMs: config.SEARCH_TIMEOUT_MS,
      cache: { keyPrefix: config.REDIS_KEY_PREFIX, ttlSeconds: config.CACHE_TTL_SECONDS },
      driftCheckIntervalMs: config.DRIFT_CHECK_INTERVAL_MS,
      scoresIntervalMs: config.SCORES_INTERVAL_MS,
      changeLogRetentionMs: config.CHANGE_LOG_RETENTION_MS,
    });
    app.decorate('graph', graph);

    await graph.start();
    // While Redis is down no announcements arrive; the drift check keeps this process current.
    await app.onAnnouncement(graph.changesChannel, (message) => {
      void graph.onVersionAnnounced(Number(message));
    });
    app.addHook('onClose', (_instance, done) => {
      graph.stop();
      done();
    });
  },
  { name: 'graph', dependencies: ['neo4j', 'redis'] },
);
