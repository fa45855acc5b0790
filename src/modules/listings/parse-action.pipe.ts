import { PipeTransform } from '@nestjs/common';
import { AppError } from '../../common/errors/error-codes';

/** An unknown action in POST /{id}/{action} is a 404 naming the actions that exist. */
export class ParseActionPipe<A extends string> implements PipeTransform<string, A> {
  constructor(private readonly actions: readonly A[]) {}

  transform(value: string): A {
    if ((this.actions as readonly string[]).includes(value)) return value as A;
    throw new AppError('ROUTE_NOT_FOUND', `Unknown action "${value}". Actions: ${this.actions.join(', ')}.`, { actions: this.actions });
  }
}
