import { InvalidArgumentError, SelfTrustError } from './errors.ts';

export const trustContexts = [
  'FAMILY',
  'FRIEND',
  'NEIGHBOUR',
  'COWORKER',
  'CUSTOMER',
  'CLUB',
  'OTHER',
] as const;

export type TrustContext = (typeof trustContexts)[number];

/**
 * A directed tie from a person to a person or a business. Distrust is recorded as a tie with
 * `distrust: true`; it never carries an introduction, in either direction.
 */
export interface Trust {
  readonly fromId: string;
  readonly toId: string;
  /** In [0, 1]; meaningless (kept at 0) for distrust. */
  readonly strength: number;
  readonly distrust: boolean;
  readonly context: TrustContext;
  readonly since: Date;
  readonly lastInteractionAt: Date;
}

export interface TrustInput {
  readonly fromId: string;
  readonly toId: string;
  readonly strength: number;
  readonly distrust?: boolean;
  readonly context: TrustContext;
  readonly since?: Date;
  readonly lastInteractionAt?: Date;
}

export function assertValidTrust(input: TrustInput): void {
  if (input.fromId === input.toId) {
    throw new SelfTrustError(input.fromId);
  }

  if (!Number.isFinite(input.strength) || input.strength < 0 || input.strength > 1) {
    throw new InvalidArgumentError('strength', `must be between 0 and 1, got ${input.strength}`);
  }

  if (input.since && input.lastInteractionAt && input.lastInteractionAt < input.since) {
    throw new InvalidArgumentError('lastInteractionAt', 'must not be before since');
  }
}
