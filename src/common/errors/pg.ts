/** PostgreSQL error codes the services translate into API errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export const isPgError = (err: unknown, code: string, constraint?: string): boolean => {
  const e = (err as { driverError?: { code?: string; constraint?: string } })?.driverError ?? (err as { code?: string; constraint?: string });
  return e?.code === code && (!constraint || e.constraint === constraint);
};
