import { ValidationError, validate } from 'class-validator';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { FieldProblem } from './errors';

/** Flattens nested class-validator errors into `a.b[2].c: reason` problems. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = parent ? (isIndex ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const reason of Object.values(e.constraints ?? {})) out.push({ field: path, reason });
    if (e.children?.length) out.push(...toFieldProblems(e.children, path));
  }
  return out;
}

/**
 * Turns a plain object into a validated instance of `cls`, or returns every problem at once.
 * Used for HTTP bodies, event payloads, job data and environment variables alike.
 */
export async function validateAs<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  opts: { forbidUnknown?: boolean } = {},
): Promise<{ value: T; problems: [] } | { value?: undefined; problems: FieldProblem[] }> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { problems: [{ field: '(root)', reason: 'must be a JSON object' }] };
  }
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: opts.forbidUnknown ?? false,
    forbidUnknownValues: true,
  });
  const problems = toFieldProblems(errors);
  return problems.length ? { problems } : { value, problems: [] };
}
