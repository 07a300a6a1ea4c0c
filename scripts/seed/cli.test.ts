import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the seed CLI offline (nothing here connects to Neo4j) and returns its exit code and output. */
function runCli(...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' },
  });
  return { status: result.status, stdout: result.stdout };
}

describe('seed CLI', () => {
  it('prints the structure summary and exits 0 with --summary-only', () => {
    const { status, stdout } = runCli('--network', 'demo', '--people', '300', '--summary-only');

    expect(status).toBe(0);
    expect(stdout).toMatch(/out-degree +mean/);
    expect(stdout).toMatch(/reciprocity/);
    expect(stdout).toMatch(/strength histogram/);
  });

  it('exits 0 after a clean offline dry run of the examples', () => {
    const { status, stdout } = runCli(
      'import',
      'scripts/seed/examples/people.csv',
      'scripts/seed/examples/businesses.csv',
      'scripts/seed/examples/trust.csv',
      '--dry-run',
      '--offline',
    );

    expect(stdout).toMatch(/bad rows: 0/);
    expect(status).toBe(0);
  });

  it('reports bad rows and exits 1 on a dry run that would skip them', () => {
    const { status, stdout } = runCli(
      'import',
      'scripts/seed/import/fixtures/people-bad.csv',
      '--dry-run',
      '--offline',
    );

    expect(stdout).toContain(
      'scripts/seed/import/fixtures/people-bad.csv:4: id: duplicate id: already a person at',
    );
    expect(status).toBe(1);
  });

  it('exits 2 before writing anything when --strict finds a bad row', () => {
    const { status, stdout } = runCli(
      'import',
      'scripts/seed/import/fixtures/snap-bad.csv',
      '--strict',
      '--dry-run',
      '--offline',
    );

    expect(stdout).toMatch(/strict: 4 bad rows; aborted before writing anything/);
    expect(status).toBe(2);
  });

  it.each([
    [['--no-such-option']],
    [['import']],
    [['import', 'x.csv', '--offline']],
    [['--network', 'huge']],
  ])('exits 64 on a usage error: %j', (args) => {
    expect(runCli(...args).status).toBe(64);
  });
});
