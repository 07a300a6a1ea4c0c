import { InvalidArgumentError } from './errors.ts';

/** External ids: 1-128 characters of letters, digits and `._:-`, starting with a letter or digit. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

export function assertValidId(field: string, value: string): string {
  if (!isValidId(value)) {
    throw new InvalidArgumentError(field, 'must be 1-128 letters, digits or ._:- characters');
  }

  return value;
}
