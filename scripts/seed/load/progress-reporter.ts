import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { LoadProgress } from './load-source.ts';

export interface ProgressReporter {
  readonly onProgress: (progress: LoadProgress) => void;
  stop(): void;
}

const LOG_INTERVAL_MS = 5_000;

/**
 * A progress bar (rows, rate, ETA) on a terminal; elsewhere (CI, files) a plain log line every
 * few seconds, with counts only.
 */
export function createProgressReporter(isTty: boolean, logger: Logger): ProgressReporter {
  return isTty ? createBar() : createLogLines(logger);
}

function createBar(): ProgressReporter {
  const startedAt = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      format:
        '{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | {kind}',
      etaBuffer: 50,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;

  return {
    onProgress(progress) {
      const rate = Math.round(progress.rowsDone / ((performance.now() - startedAt) / 1000));
      if (!started) {
        bar.start(progress.rowsTotal, 0, { rate: 0, kind: progress.kind });
        started = true;
      }
      bar.update(progress.rowsDone, { rate, kind: progress.kind });
    },
    stop: () => started && bar.stop(),
  };
}

function createLogLines(logger: Logger): ProgressReporter {
  const startedAt = performance.now();
  let lastLogAt = startedAt;

  return {
    onProgress(progress) {
      const now = performance.now();
      if (now - lastLogAt < LOG_INTERVAL_MS && progress.rowsDone < progress.rowsTotal) {
        return;
      }
      lastLogAt = now;
      const elapsedS = (now - startedAt) / 1000;
      logger.info(
        {
          kind: progress.kind,
          rowsDone: progress.rowsDone,
          rowsTotal: progress.rowsTotal,
          rowsPerSecond: Math.round(progress.rowsDone / elapsedS),
          elapsedMs: Math.round(now - startedAt),
        },
        'load progress',
      );
    },
    stop: () => undefined,
  };
}
