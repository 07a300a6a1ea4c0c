import { generateNetwork } from '../generate/generate-network.ts';
import { resolveNetworkSpec, type NetworkName } from '../generate/network-spec.ts';
import { formatStructureSummary, summariseNetwork } from '../generate/structure-summary.ts';
import { loadSource } from '../load/load-source.ts';
import { recordKinds } from '../seed-source.ts';
import { loadWithProgress, type CliContext, type LoadCliOptions } from './cli-context.ts';
import { ExitCode } from './exit-codes.ts';

export interface GenerateCliOptions extends LoadCliOptions {
  readonly network: NetworkName;
  readonly seed: number;
  readonly people?: number;
  readonly meanDegree?: number;
  readonly idPrefix?: string;
  readonly summaryOnly: boolean;
  readonly dryRun: boolean;
}

/** Generates a named network, prints its structure, and loads it unless asked not to. */
export async function runGenerate(
  context: CliContext,
  options: GenerateCliOptions,
): Promise<number> {
  const spec = resolveNetworkSpec(options.network, options);
  const startedAt = performance.now();
  const network = generateNetwork(spec, options.seed);
  const generatedMs = Math.round(performance.now() - startedAt);
  context.logger.info(
    { network: spec.name, seed: options.seed, people: spec.people, generatedMs },
    'network generated',
  );
  context.out(`network ${spec.name}, seed ${options.seed}, generated in ${generatedMs} ms`);
  context.out(formatStructureSummary(summariseNetwork(network)));
  if (options.summaryOnly) {
    return ExitCode.Clean;
  }
  if (options.dryRun) {
    await context.connect();
    const rows = recordKinds.map((k) => `${k} ${network.count(k)}`).join(', ');
    context.out(`dry run: Neo4j reachable; would write ${rows}; nothing written`);
    return ExitCode.Clean;
  }

  const summary = await loadWithProgress(
    context,
    (driver, loadOptions) => loadSource(driver, network, loadOptions),
    options,
  );
  return summary.total.skipped > 0 ? ExitCode.SkippedRows : ExitCode.Clean;
}
