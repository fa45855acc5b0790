import { ValidationError, ValidationPipe, type Type } from '@nestjs/common';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { AppError, FieldError } from '../errors/error-codes';

/** Words that mean money in a category or unit. Marktplatz trades everything but money. */
const MONEY_WORDS = /^(money|cash|geld|bargeld|euro?s?|eur|€|\$|usd|dollars?|spende|geldspende|donation|sponsoring|funds?|finanzierung)$/i;
export const MONEY_RULE =
  'Marktplatz rule: everything but money. Needs and offers trade time, skills, logistics, goods, contacts or space; ' +
  'cash, euros and money donations are not accepted (Marktplatz für Gute Geschäfte: "alles außer Geld").';

export const isMoneyWord = (value: unknown) => typeof value === 'string' && MONEY_WORDS.test(value.trim());

/** Fails with reason `moneyNotAllowed` when a value names money; mapped to 422 MONEY_NOT_ALLOWED. */
export function IsNotMoney(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'moneyNotAllowed',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName}: ${MONEY_RULE}`, ...options },
      validator: { validate: (value: unknown) => !isMoneyWord(value) },
    });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [reason, message] of Object.entries(error.constraints ?? {})) {
      out.push({ field, reason: reason === 'whitelistValidation' ? 'unknownField' : reason, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

export function validationException(errors: ValidationError[]): AppError {
  const fields = flattenValidationErrors(errors);
  // The money rule wins: it is a domain refusal (422), not a malformed request. Nest's enum
  // check runs on the same field, so only the money entries are reported then.
  const money = fields.filter((f) => f.reason === 'moneyNotAllowed');
  if (money.length) {
    return new AppError('MONEY_NOT_ALLOWED', MONEY_RULE, { errors: money, rule: 'everything-but-money' });
  }
  return new AppError('VALIDATION_FAILED', `${fields.length} field(s) failed validation: ${fields.map((f) => f.field).join(', ')}`, {
    errors: fields,
  });
}

/** The global pipe; with `expectedType` for bodies whose declared type is erased (generic controllers). */
export const createValidationPipe = (expectedType?: Type<unknown>) =>
  new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: validationException,
  });
