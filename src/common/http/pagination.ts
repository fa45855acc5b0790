import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from '../errors/error-codes';
import { EX_CURSOR } from '../examples';
import { parseIsoDateTime } from './iso-date';

export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, example: 20, description: 'Page size.' })
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ example: EX_CURSOR, description: 'Opaque cursor from the previous page\'s `nextCursor`.' })
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

/** Position after the last row of a page: the sort key's value and the row id as tie breaker. */
export interface Cursor {
  s: string; // sort the cursor belongs to
  v: string | number | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `date`: keyset on a timestamp and the id; `offset`: a position in a computed order. */
export type CursorKind = 'date' | 'offset';

const validValue = (v: unknown, kind: CursorKind) =>
  kind === 'date' ? parseIsoDateTime(v)?.toISOString() === v : Number.isSafeInteger(v) && (v as number) >= 0;

/** Decodes a cursor and checks every part of it, so nothing a client made up reaches SQL. */
export function decodeCursor(raw: string | undefined, sort: string, kind: CursorKind = 'date'): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (parsed && parsed.s === sort && typeof parsed.id === 'string' && UUID.test(parsed.id) && validValue(parsed.v, kind)) return parsed;
  } catch {
    /* fall through */
  }
  throw new AppError('INVALID_CURSOR', 'The cursor is malformed or belongs to another sort order; start again without a cursor.', {
    errors: [{ field: 'cursor', reason: 'invalidCursor', message: 'cursor is not valid for this query' }],
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
