/**
 * Whole-graph passes are generators that yield between chunks of work, so one body serves both a
 * run straight through (scripts, tests) and a run that lets a server answer requests meanwhile.
 */
export type Steps<T> = Generator<void, T>;

/** People a snapshot pass handles between two yields: tens of milliseconds on a large graph. */
export const SNAPSHOT_CHUNK = 50_000;

/** Runs `steps` to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }
  }
}

/** Runs `steps` to the end, awaiting `pause` at every yield. */
export async function runStepsPausing<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) {
      return step.value;
    }

    await pause();
  }
}
