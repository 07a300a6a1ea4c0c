import { createNeo4jGraphLookup, createStaticGraphLookup } from '../import/graph-lookup.ts';
import { formatIssue } from '../import/import-issue.ts';
import { planImport, type ImportOptions, type ImportPlan } from '../import/plan-import.ts';
import { loadSource } from '../load/load-source.ts';
import { recordKinds } from '../seed-source.ts';
import { loadWithProgress, type CliContext, type LoadCliOptions } from './cli-context.ts';
import { ExitCode } from './exit-codes.ts';

export interface ImportCliOptions extends ImportOptions, LoadCliOptions {
  readonly strict: boolean;
  readonly dryRun: boolean;
  /** Validate without Neo4j: references must then be satisfied by the input alone. */
  readonly offline: boolean;
}

/** Reads and validates the files, reports every bad row, then loads the good ones. */
export async function runImport(
  context: CliContext,
  files: readonly string[],
  options: ImportCliOptions,
): Promise<number> {
  const lookup = options.offline
    ? createStaticGraphLookup()
    : createNeo4jGraphLookup(await context.connect());
  const plan = await planImport(files, options, lookup);
  reportPlan(context, plan);

  if (options.strict && plan.issues.length > 0) {
    context.out(`strict: ${plan.issues.length} bad rows; aborted before writing anything`);
    return ExitCode.Aborted;
  }
  if (options.dryRun) {
    context.out('dry run: nothing written');
    return plan.issues.length > 0 ? ExitCode.SkippedRows : ExitCode.Clean;
  }
  if (options.fresh && plan.validated.graphReferences > 0) {
    context.out(
      `--fresh needs every referenced id in the input; ${plan.validated.graphReferences} are only in the graph`,
    );
    return ExitCode.Aborted;
  }

  const keySalt = JSON.stringify({ undirected: options.undirected, prefix: options.idPrefix });
  const summary = await loadWithProgress(
    context,
    (driver, loadOptions) => loadSource(driver, plan.source, { ...loadOptions, keySalt }),
    options,
  );
  return plan.issues.length + summary.total.skipped > 0 ? ExitCode.SkippedRows : ExitCode.Clean;
}

function reportPlan(context: CliContext, plan: ImportPlan): void {
  for (const file of plan.files) {
    const extra =
      file.edgeLines === undefined
        ? ''
        : `, ${file.edgeLines} edge lines, ${file.selfLoops ?? 0} self-loops skipped`;
    context.out(
      `${file.file}: ${file.format}${file.kind ? ` ${file.kind}` : ''}, ${file.rows} rows parsed${extra}`,
    );
  }
  for (const issue of plan.issues) {
    context.out(formatIssue(issue));
  }
  const valid = recordKinds
    .filter((k) => plan.source.count(k) > 0)
    .map((k) => `${k} ${plan.source.count(k)}`)
    .join(', ');
  context.out(
    `valid: ${valid || 'nothing'}; bad rows: ${plan.issues.length}; ids found in the graph: ${plan.validated.graphReferences}`,
  );
  context.logger.info(
    {
      files: plan.files.length,
      badRows: plan.issues.length,
      graphReferences: plan.validated.graphReferences,
    },
    'import validated',
  );
}
