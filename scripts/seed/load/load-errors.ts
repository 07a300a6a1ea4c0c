/** Thrown when `failAfterBatches` stops a load on purpose, to exercise resuming. */
export class LoadInterruptedError extends Error {
  readonly code = 'LOAD_INTERRUPTED';

  constructor(readonly batches: number) {
    super(`load stopped after ${batches} batches as requested`);
    this.name = 'LoadInterruptedError';
  }
}

/** A fresh load (CREATE instead of MERGE) found records that already exist. */
export class FreshLoadConflictError extends Error {
  readonly code = 'FRESH_LOAD_CONFLICT';

  constructor(
    readonly existing: number,
    options?: { cause?: unknown },
  ) {
    super(
      `fresh load refused: ${existing} of its ids already exist in the graph; load without --fresh`,
      options,
    );
    this.name = 'FreshLoadConflictError';
  }
}
