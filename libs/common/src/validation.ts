import { validate } from 'class-validator';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { FieldProblem } from './errors';
import { toFieldProblems } from './problem-mapping';

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
    return { problems: [{ field: '(root)', code: 'TYPE', params: { expected: 'object' }, reason: 'must be a JSON object' }] };
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
