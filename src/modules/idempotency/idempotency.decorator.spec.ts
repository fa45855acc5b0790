import { Reflector } from '@nestjs/core';
import { Public } from '../auth/decorators';
import { idempotencyRefusal, NoIdempotencyKey, PUBLIC_ROUTE_REASON } from './idempotency.decorator';

class KeysController {
  @NoIdempotencyKey('The response shows the new API key once; it is never stored.')
  create() {}

  update() {}

  @Public()
  login() {}
}

@Public()
class OpenController {
  signup() {}

  @NoIdempotencyKey('secret')
  rotate() {}
}

const reflector = new Reflector();
const refusal = (controller: Function, handler: Function) =>
  idempotencyRefusal((key, targets) => reflector.getAllAndOverride<unknown>(key, targets), handler, controller);

describe('idempotencyRefusal: which POST routes refuse Idempotency-Key', () => {
  it.each<[string, Function, Function, string | undefined]>([
    ['an ordinary route takes it', KeysController, KeysController.prototype.update, undefined],
    ['a route marked @NoIdempotencyKey refuses it, with its reason', KeysController, KeysController.prototype.create, 'The response shows the new API key once; it is never stored.'],
    ['a public route refuses it', KeysController, KeysController.prototype.login, PUBLIC_ROUTE_REASON],
    ['a route of a public controller refuses it', OpenController, OpenController.prototype.signup, PUBLIC_ROUTE_REASON],
    ['the explicit marker wins over public', OpenController, OpenController.prototype.rotate, 'secret'],
  ])('%s', (_, controller, handler, expected) => expect(refusal(controller, handler)).toBe(expected));
});
