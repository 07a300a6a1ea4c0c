import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults when only the secrets are set', () => {
    const config = loadConfig({
      NEO4J_PASSWORD: 'secret',
      TOKEN_SECRET: 'a-token-secret-of-at-least-32-characters',
    });

    expect(config).toMatchObject({
      PORT: 4000,
      NEO4J_URI: 'bolt://127.0.0.1:7687',
      PATH_STRATEGY: 'engine',
      GRAPHIQL: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every problem at once, without secret values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        NEO4J_URI: 'http://x',
        NEO4J_PASSWORD: '',
        CACHE_TTL_SECONDS: '-5',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(problems.sort()).toEqual([
      'CACHE_TTL_SECONDS',
      'NEO4J_PASSWORD',
      'NEO4J_URI',
      'PORT',
      'TOKEN_SECRET',
    ]);
    expect((error as ConfigError).message).not.toContain('short');
  });
});
