import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../../services/api/src/app.ts';
import type { Config } from '../../services/api/src/config.ts';

/**
 * Builds the app for a test with every log line also appended to the suite's log file, which the
 * global teardown searches for personal data. `extra` receives the lines too.
 */
export async function buildTestApp(
  config: Config,
  options: { extra?: (line: string) => void; schemaDir?: string } = {},
): Promise<FastifyInstance> {
  const file = inject('suiteLogFile');
  mkdirSync(path.dirname(file), { recursive: true });
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString();
      appendFileSync(file, line);
      options.extra?.(line);
      done();
    },
  });

  return buildApp(config, {
    logStream,
    ...(options.schemaDir ? { schemaDir: options.schemaDir } : {}),
  });
}
