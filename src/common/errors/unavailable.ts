/**
 * Errors that mean a dependency is away (PostgreSQL restarting, Redis stopped), not that the
 * request or the code is wrong: the problem filter answers them with 503 SERVICE_UNAVAILABLE and
 * `Retry-After` instead of 500.
 */
export type Dependency = 'postgres' | 'redis';

/** Seconds a client should wait before trying again after a 503 (README "Faults"). */
export const RETRY_AFTER_S = 5;

/**
 * SQLSTATE classes and codes: 08 connection exception, 57P01 admin shutdown (terminated by a
 * restart), 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down), 53300
 * too many connections, 57014 query canceled (statement_timeout).
 */
const PG_SQLSTATE = /^(08...|57P0[123]|53300|57014)$/;
/** node-postgres and pg-pool's own messages for a lost or unobtainable connection. */
const PG_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Cannot use a pool after calling end/i;
/**
 * TypeORM releases a query runner whose connection broke (a restart terminated the session in the
 * middle of a transaction); the transaction's next statement then throws this.
 */
const TYPEORM_LOST_CONNECTION = new Set(['QueryRunnerAlreadyReleasedError']);
/** Socket errors of a connection attempt (pg passes them through as they are). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE']);
/** ioredis: a command that gave up (maxRetriesPerRequest) or found the connection closed. */
const REDIS_MESSAGE = /Connection is closed|Stream isn't writeable|enableOfflineQueue|max retries per request/i;

/**
 * Which dependency an error says is unavailable, or undefined for any other error. Redis calls
 * on a request's path are guarded where they are made (rate limiter, enqueue): a bare socket
 * error reaching the filter comes from the database driver.
 */
export function unavailableDependency(err: unknown): Dependency | undefined {
  // duck-typed, not `instanceof Error`: socket errors are made by Node's core, which under jest is another realm
  if (typeof err !== 'object' || err === null) return undefined;
  const { name, message } = err as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGE.test(text)) return 'redis';
  if (typeof name === 'string' && TYPEORM_LOST_CONNECTION.has(name)) return 'postgres';
  // TypeORM wraps query errors (QueryFailedError) around the driver's error
  const driver = ((err as { driverError?: unknown }).driverError ?? err) as { code?: unknown; message?: unknown };
  const code = typeof driver.code === 'string' ? driver.code : undefined;
  if (code && (PG_SQLSTATE.test(code) || SOCKET_CODES.has(code))) return 'postgres';
  if (PG_MESSAGE.test(text) || (typeof driver.message === 'string' && PG_MESSAGE.test(driver.message))) return 'postgres';
  return undefined;
}
