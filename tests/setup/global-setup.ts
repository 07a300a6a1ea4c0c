import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Neo4jContainer, type StartedNeo4jContainer } from '@testcontainers/neo4j';
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import neo4j from 'neo4j-driver';
import { getContainerRuntimeClient } from 'testcontainers';
import type { TestProject } from 'vitest/node';
import { applySchema, readSchemaStatements } from '../../services/graph/src/index.ts';
import { buildCrossroadsNetwork } from '../../scripts/seed/networks/hand-built.ts';
import { buildVouchingNetwork } from '../../scripts/seed/networks/scores-networks.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jUser: string;
    neo4jPassword: string;
    redisUrl: string;
    suiteLogFile: string;
  }
}

const NEO4J_IMAGE = 'neo4j:5.26-community';
const REDIS_IMAGE = 'redis:7.4';

/**
 * Integration tests run against real services: the ones named by NEO4J_URI and REDIS_URL when
 * set (how CI runs on machines without a container engine), otherwise containers started here.
 * With neither, the run fails and says what to start; it never skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: (StartedNeo4jContainer | StartedRedisContainer)[] = [];
  let neo4jUri = process.env.NEO4J_URI;
  let neo4jPassword = process.env.NEO4J_PASSWORD ?? 'warmpath-dev';
  let redisUrl = process.env.REDIS_URL;
  if (!neo4jUri || !redisUrl) {
    await assertContainerRuntime();
  }

  if (!neo4jUri) {
    const container = await new Neo4jContainer(NEO4J_IMAGE).withPassword(neo4jPassword).start();
    started.push(container);
    neo4jUri = container.getBoltUri();
    neo4jPassword = container.getPassword();
  }
  if (!redisUrl) {
    const container = await new RedisContainer(REDIS_IMAGE).start();
    started.push(container);
    redisUrl = container.getConnectionUrl();
  }

  const neo4jUser = process.env.NEO4J_USER ?? 'neo4j';
  await migrate(neo4jUri, neo4jUser, neo4jPassword);
  project.provide('neo4jUri', neo4jUri);
  project.provide('neo4jUser', neo4jUser);
  project.provide('neo4jPassword', neo4jPassword);
  project.provide('redisUrl', redisUrl);
  const suiteLogFile = path.resolve(
    import.meta.dirname,
    `../../.warmpath/test-logs/suite-${process.pid}.log`,
  );
  await rm(suiteLogFile, { force: true });
  project.provide('suiteLogFile', suiteLogFile);

  return async () => {
    await Promise.all(started.map((container) => container.stop()));
    await assertNoPersonalDataLogged(suiteLogFile);
  };
}

/**
 * Fails the run when any app log line of the whole suite holds a seeded person's name or email.
 * Every integration test builds its app through tests/helpers/app.ts, which appends here.
 */
async function assertNoPersonalDataLogged(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const lines = text.split('\n').filter(Boolean).length;
  if (lines === 0) {
    // Runs of a few files that build no app (a store test, say) have nothing to check.
    process.stdout.write('personal-data check: no app log lines in this run\n');

    return;
  }

  const people = [buildCrossroadsNetwork('', 0), buildVouchingNetwork('', 0)].flatMap(
    (network) => network.people,
  );
  const secrets = people.flatMap((person) => [person.name, person.email ?? '']).filter(Boolean);
  const leaked = secrets.filter((secret) => text.includes(secret));
  if (leaked.length > 0) {
    throw new Error(
      `app logs of the suite contain ${leaked.length} seeded names or emails (see ${file})`,
    );
  }
  process.stdout.write(`personal-data check: ${lines} app log lines, no seeded names or emails\n`);
}

async function assertContainerRuntime(): Promise<void> {
  try {
    await getContainerRuntimeClient();
  } catch {
    throw new Error(
      'Integration tests need a real Neo4j and Redis. Set NEO4J_URI, NEO4J_PASSWORD and REDIS_URL ' +
        '(for example `npm run neo4j:start` and a local redis-server), or run a container engine ' +
        'so testcontainers can start them.',
    );
  }
}

async function migrate(uri: string, user: string, password: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
  try {
    await applySchema(
      driver,
      await readSchemaStatements(path.resolve(import.meta.dirname, '../../schema')),
    );
  } finally {
    await driver.close();
  }
}
