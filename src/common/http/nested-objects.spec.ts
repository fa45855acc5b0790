import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Type } from 'class-transformer';
import { getMetadataStorage, IsArray, IsDefined, IsOptional, IsString, validate, ValidateNested } from 'class-validator';
import { IsNestedObject, IsNumberWithDecimals } from './validation';

/** Every DTO file of the service, loaded so that its validation metadata is registered. */
function loadDtos(): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.dto\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
  for (const file of walk(resolve(__dirname, '../../modules'))) require(file);
}

describe('nested bodies', () => {
  beforeAll(loadDtos);

  it('every property validated as nested is also checked to be an object (IsNestedObject: ValidateNested alone lets [] and [[]] through)', () => {
    type Meta = { target: Function; propertyName: string; type: string; name?: string; each?: boolean };
    const all = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, Meta[]> }).validationMetadatas;
    const missing: string[] = [];
    let nested = 0;
    for (const [target, metas] of all) {
      for (const m of metas.filter((x) => x.type === 'nestedValidation')) {
        nested++;
        const objectCheck = metas.some((x) => x.propertyName === m.propertyName && x.name === 'isObject' && !!x.each === !!m.each);
        if (!objectCheck) missing.push(`${target.name}.${m.propertyName}`);
      }
    }
    expect(nested).toBeGreaterThanOrEqual(8);
    expect(missing).toEqual([]);
  });
});

describe('IsNestedObject', () => {
  class Inner {
    @IsString() name: string;
  }
  class Outer {
    @IsDefined() @IsNestedObject() @ValidateNested() @Type(() => Inner) one: Inner;
    @IsOptional() @IsArray() @IsNestedObject({ each: true }) @ValidateNested({ each: true }) @Type(() => Inner) many?: Inner[];
  }
  const reasons = async (plain: object) =>
    (await validate(plainToInstance(Outer, plain))).flatMap((e) => [...Object.keys(e.constraints ?? {}), ...(e.children ?? []).flatMap((c) => Object.keys(c.constraints ?? {}).map((k) => `${c.property}.${k}`))]);

  it('takes an object, and arrays of objects', async () => expect(await reasons({ one: { name: 'a' }, many: [{ name: 'b' }] })).toEqual([]));
  it.each([[[]], [[[]]], ['text'], [5]])('refuses %p where an object belongs', async (one) => expect(await reasons({ one })).toContain('isObject'));
  it('refuses arrays among the items', async () => expect(await reasons({ one: { name: 'a' }, many: [[]] })).toContain('isObject'));
  it('leaves a missing object to IsDefined: one error, not two', async () => expect(await reasons({})).toEqual(['isDefined']));
});

describe('IsNumberWithDecimals', () => {
  class Amount {
    @IsNumberWithDecimals(2) value: unknown;
  }
  const ok = async (value: unknown) => (await validate(plainToInstance(Amount, { value }))).length === 0;

  it.each([0, 1, 12.5, 12.34, 1e9, 1e21])('takes %p', async (v) => expect(await ok(v)).toBe(true));
  it.each([1e-7, 5e-324, 12.345, 0.1 + 0.2, Infinity, NaN, '12', null, [1]])('refuses %p (without throwing, as IsNumber did on 1e-7)', async (v) => expect(await ok(v)).toBe(false));
});
