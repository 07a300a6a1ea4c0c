import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';

/**
 * The root logger. Request lines carry method, path (never the query string, which can hold
 * GraphQL variables) and status; no client address, headers or bodies. `redact` is only a safety
 * net: code logs ids, counts and durations in the first place.
 */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'>,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      serializers: { err: pino.stdSerializers.err },
      redact: {
        paths: [
          'req.headers',
          'headers',
          'variables',
          'password',
          '*.password',
          'email',
          '*.email',
          'name',
          '*.name',
        ],
        remove: true,
      },
    },
    destination,
  );
}

/** One info line per request, when it completes; errors at error level with the error. */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'reqId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      method: request.method,
      path: request.url.split('?')[0],
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
    };
    if (error) {
      reply.log.error({ ...fields, err: error }, 'request failed');
    } else {
      reply.log.info(fields, 'request completed');
    }
  }
}
