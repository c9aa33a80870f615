import { ClassConstructor, plainToInstance } from 'class-transformer';
import { Matches, registerDecorator, ValidationArguments, ValidationOptions, validateSync } from 'class-validator';

/** Money and other exact integers travel as strings of digits: JSON numbers lose precision. */
export const IsMinorUnits = (opts?: ValidationOptions) =>
  Matches(/^-?\d{1,18}$/, { message: '$property must be an integer number of minor units, as a string', ...opts });

/**
 * A JSON object whose keys match `key` and whose values are each a valid `cls` (e.g. texts per
 * language). class-validator's `each` covers arrays, sets and maps, not plain objects.
 */
export function IsRecordOf(cls: ClassConstructor<object>, opts: { key: RegExp; keyHint: string; maxKeys?: number }) {
  return function (target: object, propertyName: string) {
    registerDecorator({
      name: 'isRecordOf',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          return recordProblems(value, cls, opts).length === 0;
        },
        defaultMessage(args: ValidationArguments) {
          return `${args.property} ${recordProblems(args.value, cls, opts).join('; ')}`;
        },
      },
    });
  };
}

function recordProblems(value: unknown, cls: ClassConstructor<object>, opts: { key: RegExp; keyHint: string; maxKeys?: number }): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['must be an object'];
  const keys = Object.keys(value);
  if (!keys.length) return ['must have at least one entry'];
  if (keys.length > (opts.maxKeys ?? 50)) return [`must have at most ${opts.maxKeys ?? 50} entries`];
  const problems: string[] = [];
  for (const k of keys) {
    if (!opts.key.test(k)) {
      problems.push(`key "${k}" is not ${opts.keyHint}`);
      continue;
    }
    const errors = validateSync(plainToInstance(cls, (value as Record<string, unknown>)[k]) as object, {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    for (const e of errors) for (const c of Object.values(e.constraints ?? {})) problems.push(`.${k}.${e.property}: ${c}`);
    if ((value as Record<string, unknown>)[k] === null || typeof (value as Record<string, unknown>)[k] !== 'object') {
      problems.push(`.${k} must be an object`);
    }
  }
  return problems;
}
