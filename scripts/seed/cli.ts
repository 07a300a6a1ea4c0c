import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createCliContext, readConnectionSettings } from './cli/cli-context.ts';
import { ExitCode } from './cli/exit-codes.ts';
import { runGenerate } from './cli/run-generate.ts';
import { runImport } from './cli/run-import.ts';
import { networkNames, type NetworkName } from './generate/network-spec.ts';
import { importFormats, type ImportFormat } from './import/plan-import.ts';
import { recordKinds, type RecordKind } from './seed-source.ts';
import { isValidId } from '../../services/graph/src/domain/ids.ts';

/**
 * `npm run seed -- [options]` generates a named network and loads it; `npm run seed -- import
 * <files...>` imports files. Exit codes: 0 clean, 1 loaded with skipped rows, 2 strict abort or
 * fatal error, 64 usage (see FORMATS.md).
 */
const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer`);
  }
  return n;
};
const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('must be a positive number');
  }
  return n;
};
const unitNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('must be between 0 and 1');
  }
  return n;
};
const idPrefix = (value: string) => {
  if (!isValidId(`${value}0`)) {
    throw new InvalidArgumentError('must be letters, digits or ._:- characters');
  }
  return value;
};

const loadOptions = (command: Command) =>
  command
    .addOption(
      new Option('--batch-size <rows>', 'rows per transaction')
        .default(10_000)
        .argParser(positiveInt('--batch-size')),
    )
    .addOption(
      new Option(
        '--concurrency <n>',
        'transactions in flight at once (default: 2 with --fresh, 1 otherwise)',
      ).argParser(positiveInt('--concurrency')),
    )
    .option('--fresh', 'CREATE instead of MERGE; refused unless none of the ids exist yet', false);

function buildProgram(run: (work: Promise<number>) => void): Command {
  const settings = readConnectionSettings(process.env);
  const program = new Command('seed')
    .enablePositionalOptions()
    .description(
      'Generate and load Warmpath networks, or import files (Neo4j from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)',
    )
    .addOption(
      new Option('--network <name>', 'named network').choices(networkNames).default('demo'),
    )
    .addOption(
      new Option('--seed <n>', 'random seed; the same seed gives the same network')
        .default(1)
        .argParser(positiveInt('--seed')),
    )
    .addOption(
      new Option('--people <n>', "resize the network's people (businesses scale along)").argParser(
        positiveInt('--people'),
      ),
    )
    .addOption(
      new Option('--mean-degree <n>', 'mean person-to-person trust ties per person').argParser(
        positiveNumber,
      ),
    )
    .addOption(
      new Option('--id-prefix <prefix>', 'prepended to every generated id').argParser(idPrefix),
    )
    .option('--summary-only', 'generate and print the structure summary; do not connect', false)
    .option('--dry-run', 'generate, summarise and check the connection; write nothing', false);
  loadOptions(program).action((options: Record<string, unknown>) => {
    const context = createCliContext(settings);
    run(
      runGenerate(context, {
        network: options.network as NetworkName,
        seed: options.seed as number,
        ...(options.people === undefined ? {} : { people: options.people as number }),
        ...(options.meanDegree === undefined ? {} : { meanDegree: options.meanDegree as number }),
        ...(options.idPrefix === undefined ? {} : { idPrefix: options.idPrefix as string }),
        summaryOnly: options.summaryOnly === true,
        dryRun: options.dryRun === true,
        batchSize: options.batchSize as number,
        ...(options.concurrency === undefined
          ? {}
          : { concurrency: options.concurrency as number }),
        fresh: options.fresh === true,
      }).finally(() => context.close()),
    );
  });

  const importCommand = program
    .command('import')
    .description('import CSV, JSONL, SNAP or KONECT files (formats in scripts/seed/FORMATS.md)')
    .argument('<files...>', 'files to import together; .gz is read through')
    .addOption(
      new Option('--format <format>', 'file format (default: inferred from each name)').choices(
        importFormats,
      ),
    )
    .addOption(
      new Option(
        '--kind <kind>',
        'record kind of CSV/JSONL files (default: from the name)',
      ).choices(recordKinds),
    )
    .addOption(
      new Option('--id-prefix <prefix>', 'prepended to every id read')
        .default('')
        .argParser(idPrefix),
    )
    .addOption(
      new Option('--default-strength <s>', 'strength of unweighted edge-list ties')
        .default(0.5)
        .argParser(unitNumber),
    )
    .option('--undirected', 'each edge-list line is trust both ways', false)
    .option('--strict', 'abort before writing anything if any row is bad', false)
    .option('--dry-run', 'check everything and write nothing', false)
    .option(
      '--offline',
      'validate without Neo4j (only with --dry-run); references must be in the input',
      false,
    );
  loadOptions(importCommand).action((files: string[], options: Record<string, unknown>) => {
    if (options.offline === true && options.dryRun !== true) {
      importCommand.error('--offline needs --dry-run', {
        exitCode: ExitCode.Usage,
        code: 'seed.usage',
      });
    }
    const context = createCliContext(settings);
    run(
      runImport(context, files, {
        ...(options.format === undefined ? {} : { format: options.format as ImportFormat }),
        ...(options.kind === undefined ? {} : { kind: options.kind as RecordKind }),
        idPrefix: options.idPrefix as string,
        defaultStrength: options.defaultStrength as number,
        undirected: options.undirected === true,
        strict: options.strict === true,
        dryRun: options.dryRun === true,
        offline: options.offline === true,
        batchSize: options.batchSize as number,
        ...(options.concurrency === undefined
          ? {}
          : { concurrency: options.concurrency as number }),
        fresh: options.fresh === true,
      }).finally(() => context.close()),
    );
  });

  return program;
}

function main(): void {
  let work: Promise<number> | undefined;
  const program = buildProgram((w) => {
    work = w;
  });
  program.exitOverride();
  program.commands.forEach((c) => c.exitOverride());
  try {
    program.parse();
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? ExitCode.Clean : ExitCode.Usage;
      return;
    }
    throw error;
  }

  void work?.then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.stderr.write(`seed: aborted${typeof code === 'string' ? ` (${code})` : ''}\n`);
      process.exitCode = ExitCode.Aborted;
    },
  );
}

main();
