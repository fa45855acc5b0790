import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/error-codes';

/** A version number in a path (agreement, meeting schedule): a positive integer, else 400 naming the parameter. */
@Injectable()
export class ParseVersionPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const n = /^[1-9]\d{0,8}$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n)) return n;
    const field = metadata.data ?? 'version';
    throw new AppError('VALIDATION_FAILED', `${field} must be a positive integer.`, { errors: [{ field, reason: 'isPositiveInt', message: `${field} must be a positive integer (1, 2, ...)` }] });
  }
}
