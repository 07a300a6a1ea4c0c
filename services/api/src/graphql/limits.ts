import { complexityFromQuery } from '@pothos/plugin-complexity';
import type { FastifyReply } from 'fastify';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { GraphQLContext } from './builder.ts';

/**
 * Query cost and rate limits, checked after validation and before execution, so a rejected
 * operation touches no database. Each key has a budget of cost points per minute kept in Redis
 * and shared by every process; while Redis is down each process falls back to a local budget of
 * the same size, so a key stays within budget times the number of processes.
 */

const WINDOW_SECONDS = 60;

export class KeyRateLimiter {
  private readonly limiters = new Map<number, RateLimiterRedis>();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /** Consumes `cost` points from the key's minute; resolves to what is left, or rejects with RateLimiterRes. */
  async consume(keyId: string, pointsPerMinute: number, cost: number): Promise<RateLimiterRes> {
    return this.limiterFor(pointsPerMinute).consume(keyId, cost);
  }

  private limiterFor(points: number): RateLimiterRedis {
    let limiter = this.limiters.get(points);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${this.keyPrefix}rate:${points}`,
        points,
        duration: WINDOW_SECONDS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
      });
      this.limiters.set(points, limiter);
    }

    return limiter;
  }
}

export interface CostLimitOptions {
  readonly maxCost: number;
  readonly limiter: KeyRateLimiter;
}

type LimitContext = GraphQLContext & { reply?: FastifyReply };

/** The Yoga plugin: rejects operations over maxCost, charges the rest to the key's budget. */
export function useCostLimits(options: CostLimitOptions): Plugin<LimitContext> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue;
      const cost = Math.max(
        1,
        complexityFromQuery(args.document as DocumentNode, {
          schema: args.schema as GraphQLSchema,
          ctx,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
        }).complexity,
      );
      if (cost > options.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`query cost ${cost} exceeds the maximum of ${options.maxCost}`, {
              extensions: {
                code: 'QUERY_TOO_COMPLEX',
                cost: { requested: cost, maximum: options.maxCost },
              },
            }),
          ],
        });

        return;
      }

      const key = ctx.identity.key;
      const budget = key.pointsPerMinute;
      const outcome = await options.limiter.consume(key.id, budget, cost).then(
        (result) => ({ allowed: true, result }),
        (result: unknown) => ({ allowed: false, result }),
      );
      if (!(outcome.result instanceof RateLimiterRes)) {
        // Neither Redis nor the local fallback answered: serve rather than fail on a limiter fault.
        ctx.log.warn({ keyId: key.id }, 'rate limiter unavailable, request not charged');

        return undefined;
      }

      const remaining = Math.max(0, outcome.result.remainingPoints);
      const resetSeconds = Math.ceil(outcome.result.msBeforeNext / 1000);
      setRateLimitHeaders(ctx.reply, budget, remaining, resetSeconds);
      if (!outcome.allowed) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `rate limit of ${budget} points per minute reached; retry in ${resetSeconds} s`,
              {
                extensions: {
                  code: 'RATE_LIMITED',
                  cost: { requested: cost, remaining, limit: budget },
                  http: { status: 429, headers: { 'retry-after': String(resetSeconds) } },
                },
              },
            ),
          ],
        });

        return undefined;
      }

      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) {
            setResult({
              ...result,
              extensions: {
                ...result.extensions,
                cost: { requested: cost, remaining, limit: budget },
              },
            });
          }
        },
      };
    },
  };
}

function setRateLimitHeaders(
  reply: FastifyReply | undefined,
  limit: number,
  remaining: number,
  resetSeconds: number,
): void {
  void reply?.header('x-ratelimit-limit', String(limit));
  void reply?.header('x-ratelimit-remaining', String(remaining));
  void reply?.header('x-ratelimit-reset', String(resetSeconds));
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
