/** One bad row: where it is, which field, and why it was refused. */
export interface ImportIssue {
  readonly file: string;
  /** 1-based line number in the file. */
  readonly line: number;
  /** The field at fault, or `row` when the whole row is. */
  readonly field: string;
  readonly reason: string;
}

/** `file:line: field: reason`, the form editors and terminals link to. */
export function formatIssue(issue: ImportIssue): string {
  return `${issue.file}:${issue.line}: ${issue.field}: ${issue.reason}`;
}

/** Where a parsed record came from, kept beside it until validation is done. */
export interface RowOrigin {
  readonly file: string;
  readonly line: number;
}

/** Thrown for a file that cannot be read at all (missing, unknown format, no header). */
export class ImportFileError extends Error {
  readonly code = 'IMPORT_FILE_INVALID';

  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
    this.name = 'ImportFileError';
  }
}
