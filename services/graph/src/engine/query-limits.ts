import { HopLimitExceededError, InvalidArgumentError } from '../domain/errors.ts';
import { FIRST_LIMIT, MAX_HOPS_LIMIT, type IntroPathQuery } from '../domain/intro-path.ts';

/** Throws HopLimitExceededError or InvalidArgumentError when maxHops or first is out of range. */
export function assertQueryLimits(query: IntroPathQuery): void {
  if (!Number.isInteger(query.maxHops) || query.maxHops < 1 || query.maxHops > MAX_HOPS_LIMIT) {
    throw new HopLimitExceededError(query.maxHops, MAX_HOPS_LIMIT);
  }

  if (!Number.isInteger(query.first) || query.first < 1 || query.first > FIRST_LIMIT) {
    throw new InvalidArgumentError(
      'first',
      `must be between 1 and ${FIRST_LIMIT}, got ${query.first}`,
    );
  }
}
