import { isValidId } from '../../../services/graph/src/domain/ids.ts';
import { trustContexts } from '../../../services/graph/src/domain/trust.ts';
import { leadSources } from '../network.ts';
import type { RecordKind, RecordOf } from '../seed-source.ts';

/**
 * The fields of each record kind in the CSV and JSONL formats (documented in FORMATS.md), and
 * how each raw value becomes a record field. CSV values are strings; JSONL values may also be
 * numbers and booleans.
 */
type FieldType = 'id' | 'text' | 'number' | 'boolean' | 'date' | 'context' | 'source' | 'role';

interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
}

const field = (name: string, type: FieldType, required = false): FieldSpec => ({
  name,
  type,
  required,
});

export const recordFields: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  people: [
    field('id', 'id', true),
    field('name', 'text', true),
    field('email', 'text'),
    field('optedOut', 'boolean'),
  ],
  businesses: [
    field('id', 'id', true),
    field('name', 'text', true),
    field('category', 'text', true),
    field('city', 'text', true),
    field('lat', 'number'),
    field('lon', 'number'),
  ],
  trust: [
    field('fromId', 'id', true),
    field('toId', 'id', true),
    field('strength', 'number'),
    field('distrust', 'boolean'),
    field('context', 'context'),
    field('since', 'date'),
    field('lastInteractionAt', 'date'),
  ],
  roles: [
    field('personId', 'id', true),
    field('businessId', 'id', true),
    field('role', 'role', true),
  ],
  customers: [
    field('personId', 'id', true),
    field('businessId', 'id', true),
    field('since', 'date'),
    field('value', 'number'),
  ],
  referrals: [
    field('id', 'id', true),
    field('referrerId', 'id', true),
    field('referredId', 'id', true),
    field('businessId', 'id', true),
    field('at', 'date', true),
    field('converted', 'boolean'),
  ],
  leads: [
    field('personId', 'id', true),
    field('businessId', 'id', true),
    field('source', 'source', true),
    field('at', 'date', true),
    field('convertedAt', 'date'),
    field('referrerId', 'id'),
  ],
};

export interface FieldIssue {
  readonly field: string;
  readonly reason: string;
}

type Converted = { value: unknown } | { issue: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function convert(type: FieldType, raw: unknown, idPrefix: string): Converted {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  switch (type) {
    case 'id': {
      const id = typeof text === 'number' ? String(text) : text;
      if (typeof id !== 'string' || !isValidId(id)) {
        return { issue: 'invalid id: must be 1-128 letters, digits or ._:- characters' };
      }
      return { value: idPrefix + id };
    }
    case 'text':
      return typeof text === 'string' ? { value: text } : { issue: 'must be text' };
    case 'number': {
      const n = typeof text === 'number' ? text : typeof text === 'string' ? Number(text) : NaN;
      return Number.isFinite(n) ? { value: n } : { issue: 'not a number' };
    }
    case 'boolean':
      if (text === true || text === 'true' || text === '1' || text === 1) return { value: true };
      if (text === false || text === 'false' || text === '0' || text === 0) return { value: false };
      return { issue: 'must be true or false' };
    case 'date': {
      if (typeof text === 'number' && Number.isInteger(text)) return { value: text };
      const ms = typeof text === 'string' && ISO_DATE.test(text) ? Date.parse(text) : NaN;
      return Number.isFinite(ms) ? { value: ms } : { issue: 'not an ISO-8601 date' };
    }
    case 'context':
      return (trustContexts as readonly unknown[]).includes(text)
        ? { value: text }
        : { issue: `unknown context (expected one of ${trustContexts.join(', ')})` };
    case 'source':
      return (leadSources as readonly unknown[]).includes(text)
        ? { value: text }
        : { issue: `unknown source (expected one of ${leadSources.join(', ')})` };
    case 'role':
      return text === 'OWNS' || text === 'WORKS_AT'
        ? { value: text }
        : { issue: 'unknown role (expected OWNS or WORKS_AT)' };
  }
}

const isEmpty = (raw: unknown) =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

/**
 * Builds a record of `kind` from raw field values, or returns every field issue found. Rules that
 * span fields (strength against distrust, date order, a lead's referrer) are checked here too.
 */
export function buildRecord<K extends RecordKind>(
  kind: K,
  raw: Readonly<Record<string, unknown>>,
  idPrefix: string,
): { record: RecordOf[K] } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const spec of recordFields[kind]) {
    const value = raw[spec.name];
    if (isEmpty(value)) {
      if (spec.required) {
        issues.push({ field: spec.name, reason: 'empty' });
      }
      continue;
    }
    const converted = convert(spec.type, value, idPrefix);
    if ('issue' in converted) {
      issues.push({ field: spec.name, reason: converted.issue });
    } else {
      values[spec.name] = converted.value;
    }
  }
  if (issues.length === 0) {
    issues.push(...checkAcrossFields(kind, values));
  }

  return issues.length > 0 ? { issues } : { record: shapeRecord(kind, values) };
}

function checkAcrossFields(kind: RecordKind, v: Record<string, unknown>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const before = (a: string, b: string) =>
    typeof v[a] === 'number' && typeof v[b] === 'number' && v[b] < v[a];
  if (kind === 'trust') {
    const strength = v.strength as number | undefined;
    if (v.distrust === true && strength !== undefined && strength !== 0) {
      issues.push({ field: 'strength', reason: 'must be 0 or empty for distrust' });
    } else if (v.distrust !== true && strength === undefined) {
      issues.push({ field: 'strength', reason: 'empty' });
    } else if (strength !== undefined && (strength < 0 || strength > 1)) {
      issues.push({ field: 'strength', reason: 'out of range [0, 1]' });
    }
    if (before('since', 'lastInteractionAt')) {
      issues.push({ field: 'lastInteractionAt', reason: 'before since' });
    }
  }
  if (kind === 'businesses' && (v.lat === undefined) !== (v.lon === undefined)) {
    issues.push({ field: v.lat === undefined ? 'lat' : 'lon', reason: 'lat and lon go together' });
  }
  if (kind === 'businesses' && typeof v.lat === 'number' && Math.abs(v.lat) > 90) {
    issues.push({ field: 'lat', reason: 'out of range [-90, 90]' });
  }
  if (kind === 'businesses' && typeof v.lon === 'number' && Math.abs(v.lon) > 180) {
    issues.push({ field: 'lon', reason: 'out of range [-180, 180]' });
  }
  if (kind === 'customers' && typeof v.value === 'number' && v.value < 0) {
    issues.push({ field: 'value', reason: 'must not be negative' });
  }
  if (kind === 'leads' && before('at', 'convertedAt')) {
    issues.push({ field: 'convertedAt', reason: 'before at' });
  }
  return issues;
}

function shapeRecord<K extends RecordKind>(kind: K, v: Record<string, unknown>): RecordOf[K] {
  const present = (name: string) => (v[name] === undefined ? {} : { [name]: v[name] });
  switch (kind) {
    case 'businesses': {
      const { lat, lon, ...rest } = v;
      return (lat === undefined
        ? rest
        : { ...rest, location: { lat, lon } }) as unknown as RecordOf[K];
    }
    case 'trust':
      return {
        ...v,
        strength: v.distrust === true ? 0 : v.strength,
        context: v.context ?? 'OTHER',
        ...present('distrust'),
      } as RecordOf[K];
    case 'referrals':
      return { ...v, converted: v.converted ?? false } as RecordOf[K];
    default:
      return v as unknown as RecordOf[K];
  }
}
