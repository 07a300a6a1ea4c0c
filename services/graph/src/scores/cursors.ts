import { InvalidArgumentError } from '../domain/errors.ts';

/**
 * Opaque page cursors: a tagged JSON array in base64url. Clients pass them back unchanged; the
 * tag keeps a cursor of one list from being accepted by another.
 */
export function encodeCursor(tag: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...key]), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` with the same tag and `types` (one per key element);
 * throws InvalidArgumentError naming `field` for anything else.
 */
export function decodeCursor(
  field: string,
  tag: string,
  cursor: string,
  types: readonly ('string' | 'number')[],
): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidArgumentError(field, 'is not a cursor from this list');
  }

  const isValid =
    Array.isArray(parsed) &&
    parsed.length === types.length + 1 &&
    parsed[0] === tag &&
    types.every((type, at) => typeof parsed[at + 1] === type);
  if (!isValid) {
    throw new InvalidArgumentError(field, 'is not a cursor from this list');
  }

  return (parsed as (string | number)[]).slice(1);
}
