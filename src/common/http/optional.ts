import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but not sent as null: for columns that always hold a value.
 * (class-validator's IsOptional lets null through, which would reach a NOT NULL column.)
 */
export const Optional = () => ValidateIf((_object, value) => value !== undefined);
