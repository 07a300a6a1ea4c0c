import fp from 'fastify-plugin';
import neo4j, { type Driver } from 'neo4j-driver';
import path from 'node:path';
import { assertSchema, readSchemaStatements } from '../../../graph/src/index.ts';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    neo4j: Driver;
  }
}

export interface Neo4jPluginOptions {
  readonly config: Config;
  readonly schemaDir: string;
}

/**
 * Owns the Neo4j driver. Start-up fails when Neo4j does not answer or the schema is incomplete
 * (naming what is missing); transient errors later are retried by the driver within
 * NEO4J_MAX_RETRY_MS, never its default 30 s.
 */
export default fp<Neo4jPluginOptions>(
  async (app, { config, schemaDir }) => {
    const driver = neo4j.driver(
      config.NEO4J_URI,
      neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD),
      {
        connectionTimeout: config.NEO4J_CONNECTION_TIMEOUT_MS,
        connectionAcquisitionTimeout:
          config.NEO4J_CONNECTION_TIMEOUT_MS + config.NEO4J_QUERY_TIMEOUT_MS,
        maxTransactionRetryTime: config.NEO4J_MAX_RETRY_MS,
        disableLosslessIntegers: true,
        userAgent: 'warmpath',
      },
    );
    app.decorate('neo4j', driver);
    app.addHook('onClose', async () => {
      await driver.close();
    });

    await driver.verifyConnectivity();
    await assertSchema(driver, await readSchemaStatements(path.resolve(schemaDir)));
    app.log.info({ uri: redactUri(config.NEO4J_URI) }, 'neo4j connected');
  },
  { name: 'neo4j' },
);

/** Host and port only; never credentials. */
function redactUri(uri: string): string {
  const url = new URL(uri);

  return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
}
