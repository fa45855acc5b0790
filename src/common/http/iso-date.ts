import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate } from 'class-validator';

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 date-time strictly: a real calendar day (no 30 February rolled into
 * March), a time zone, and a year PostgreSQL and every client can hold (1900-9999).
 */
export function parseIsoDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year < 1900 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const date = new Date(value);
  return isNaN(date.getTime()) ? undefined : date;
}

/** A date-time field: an RFC 3339 string in, a Date out; anything else fails with `isDate`. */
export const IsoDateTime = () =>
  applyDecorators(
    Transform(({ value }) => (value === null || value === undefined ? value : (parseIsoDateTime(value) ?? value))),
    IsDate({ message: ({ property }) => `${property} must be an RFC 3339 date-time such as 2027-03-01T09:00:00Z (years 1900-9999)` }),
  );
