import {
  getMetadataStorage,
  IS_BASE64,
  IS_BIC,
  IS_DATE_STRING,
  IS_EMAIL,
  IS_IBAN,
  IS_ISO4217_CURRENCY_CODE,
  IS_ISO8601,
  IS_LOCALE,
  IS_TIMEZONE,
  IS_URL,
  IS_UUID,
  ValidationError,
} from 'class-validator';
import { FieldProblem } from './errors';

type Expected = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

/** class-validator constraints that check a JSON type. */
const TYPE_OF_CONSTRAINT: Record<string, Expected> = {
  isString: 'string',
  isInt: 'integer',
  isNumber: 'number',
  isBoolean: 'boolean',
  isArray: 'array',
  isObject: 'object',
  nestedValidation: 'object',
  unknownValue: 'object',
};

/** class-validator constraints (and ours) that check a form, with the FORMAT param they give. */
const FORMAT_OF_CONSTRAINT: Record<string, string> = {
  [IS_EMAIL]: 'email',
  [IS_UUID]: 'uuid',
  [IS_ISO8601]: 'date-time',
  [IS_DATE_STRING]: 'date-time',
  [IS_BASE64]: 'base64',
  isCleanText: 'clean-text', // applications' own decorator
  [IS_URL]: 'url',
  [IS_IBAN]: 'iban',
  [IS_BIC]: 'bic',
  [IS_ISO4217_CURRENCY_CODE]: 'currency',
  [IS_TIMEZONE]: 'time-zone',
  [IS_LOCALE]: 'language',
};

/** Regular expressions of @Matches that stand for a named format. */
const FORMAT_OF_PATTERN: Record<string, string> = {
  '^-?\\d{1,18}$': 'minor-units',
  '^\\d{4}-\\d{2}-\\d{2}$': 'date',
};

/** The arguments a decorator gave its constraint (Length(10, 200) → [10, 200]), from class-validator's metadata. */
function constraintArgs(target: object | undefined, property: string, name: string): unknown[] {
  if (!target || typeof target !== 'object') return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  const meta = metas.find((m) => m.propertyName === property && (m.name ?? m.type) === name);
  return (meta?.constraints as unknown[] | undefined) ?? [];
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const missing = (v: unknown) => v === undefined || v === null;

/**
 * One class-validator constraint failure as a problem with a stable code and the parameters its
 * message needs, taken from the decorator (the reason stays class-validator's English, or the
 * DTO's own message).
 */
export function problemOfConstraint(name: string, args: unknown[], field: string, reason: string, value: unknown): FieldProblem {
  switch (name) {
    case 'whitelistValidation':
      return { field, code: 'UNKNOWN_FIELD', reason };
    case 'isDefined':
    case 'isNotEmpty':
    case 'arrayNotEmpty':
      return { field, code: 'REQUIRED', reason };
    case 'isLength': {
      const [min, max] = [num(args[0]), num(args[1])];
      if (min !== undefined && max !== undefined) return { field, code: 'LENGTH', params: { min, max }, reason };
      if (max !== undefined) return { field, code: 'TOO_LONG', params: { max }, reason };
      return { field, code: 'TOO_SHORT', params: { min: min ?? 0 }, reason };
    }
    case 'minLength':
      return { field, code: 'TOO_SHORT', params: { min: num(args[0]) ?? 0 }, reason };
    case 'maxLength':
      return { field, code: 'TOO_LONG', params: { max: num(args[0]) ?? 0 }, reason };
    case 'isIn':
      return { field, code: 'ONE_OF', params: { allowed: Array.isArray(args[0]) ? args[0].map(String) : [] }, reason };
    case 'isEnum': {
      const entity = args[0] && typeof args[0] === 'object' ? Object.values(args[0] as object) : [];
      return { field, code: 'ONE_OF', params: { allowed: entity.filter((v) => typeof v === 'string') as string[] }, reason };
    }
    case 'min':
      return { field, code: 'MIN', params: { min: num(args[0]) ?? 0 }, reason };
    case 'max':
      return { field, code: 'MAX', params: { max: num(args[0]) ?? 0 }, reason };
    case 'isPositive':
      return { field, code: 'MIN', params: { min: 0, exclusive: true }, reason };
    case 'arrayMinSize':
      return { field, code: 'TOO_FEW', params: { min: num(args[0]) ?? 0 }, reason };
    case 'arrayMaxSize':
      return { field, code: 'TOO_MANY', params: { max: num(args[0]) ?? 0 }, reason };
    case 'arrayUnique':
      return { field, code: 'DUPLICATE', reason };
    case 'matches': {
      const pattern = args[0] instanceof RegExp ? args[0].source : String(args[0] ?? '');
      return { field, code: 'FORMAT', params: { format: FORMAT_OF_PATTERN[pattern] ?? 'pattern', pattern }, reason };
    }
  }
  const expected = TYPE_OF_CONSTRAINT[name];
  if (expected) return missing(value) ? { field, code: 'REQUIRED', reason } : { field, code: 'TYPE', params: { expected }, reason };
  const format = FORMAT_OF_CONSTRAINT[name];
  if (format) return { field, code: 'FORMAT', params: { format }, reason };
  return { field, code: 'INVALID', reason };
}

/**
 * Flattens nested class-validator errors into `a.b[2].c` problems, each with its code. A field
 * that is missing altogether is one REQUIRED problem, not one per constraint it fails.
 */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = parent ? (isIndex ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.length && missing(e.value) && !('whitelistValidation' in (e.constraints ?? {}))) {
      out.push({ field: path, code: 'REQUIRED', reason: `${e.property} is required` });
    } else {
      for (const [name, reason] of constraints) {
        out.push(problemOfConstraint(name, constraintArgs(e.target, e.property, name), path, reason, e.value));
      }
    }
    if (e.children?.length) out.push(...toFieldProblems(e.children, path));
  }
  return out;
}
