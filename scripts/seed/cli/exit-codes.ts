/** Exit codes of `npm run seed`, documented in FORMATS.md. */
export const ExitCode = {
  /** Everything was read (and, unless a dry run, written). */
  Clean: 0,
  /** Written (or, in a dry run, checked), but some rows were refused and skipped. */
  SkippedRows: 1,
  /** Nothing more was written: a --strict check found bad rows, or a fatal error occurred. */
  Aborted: 2,
  /** The command line was wrong (sysexits EX_USAGE). */
  Usage: 64,
} as const;
