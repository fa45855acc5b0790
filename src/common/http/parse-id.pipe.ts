import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError } from '../errors/error-codes';

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUUID(value)) return value;
    const field = metadata.data ?? 'id';
    throw new AppError('VALIDATION_FAILED', `${field} must be a UUID.`, { errors: [{ field, reason: 'isUuid', message: `${field} must be a UUID` }] });
  }
}
