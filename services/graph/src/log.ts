import type { Logger } from 'pino';

/** What the graph service logs through: the caller's pino logger (a request's child, usually). */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
