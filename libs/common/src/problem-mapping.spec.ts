import { IsMinorUnits, PROBLEM_CODES } from '@grants/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { requestProblem } from './http';
import { validateAs } from './validation';

class Line {
  @IsString() @Length(1, 80) label!: string;
  @IsMinorUnits() amountMinor!: string;
}

class Form {
  @IsString() @Length(10, 200, { message: 'password must be 10 to 200 characters' }) password!: string;
  @IsEmail({}, { message: 'email must be a valid e-mail address' }) email!: string;
  @IsIn(['mk', 'sq', 'en']) language!: string;
  @IsInt() @Min(1) @Max(30) days!: number;
  @IsOptional() @IsString() @MaxLength(5) short?: string;
  @IsOptional() @IsUUID() id?: string;
  @IsOptional() @IsISO8601({ strict: true }) at?: string;
  @IsOptional() @Matches(/^[A-Z]{3}$/) code?: string;
  @IsOptional() @IsBoolean() flag?: boolean;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) @ValidateNested({ each: true }) @Type(() => Line) lines?: Line[];
}

const good = { password: 'long-enough-1', email: 'a@example.org', language: 'mk', days: 8 };
const problemsOf = async (over: Record<string, unknown>) => (await validateAs(Form, { ...good, ...over }, { forbidUnknown: true })).problems;

describe('class-validator failures as coded problems', () => {
  it('takes the parameters of each constraint from its decorator', async () => {
    expect(await problemsOf({ password: 'short', language: 'de', days: 31 })).toEqual([
      { field: 'password', code: 'LENGTH', params: { min: 10, max: 200 }, reason: 'password must be 10 to 200 characters' },
      { field: 'language', code: 'ONE_OF', params: { allowed: ['mk', 'sq', 'en'] }, reason: expect.stringContaining('must be one of') },
      { field: 'days', code: 'MAX', params: { max: 30 }, reason: expect.any(String) },
    ]);
    expect(await problemsOf({ days: 0, short: 'too long' })).toEqual([
      { field: 'days', code: 'MIN', params: { min: 1 }, reason: expect.any(String) },
      { field: 'short', code: 'TOO_LONG', params: { max: 5 }, reason: expect.any(String) },
    ]);
  });

  it('names formats and types', async () => {
    const problems = await problemsOf({ email: 'nope', id: 'x', at: 'yesterday', code: 'ab', flag: 'yes', days: 'eight' });
    const byField = Object.fromEntries(problems.map((p) => [p.field + ':' + p.code, p.params]));
    expect(byField).toEqual({
      'email:FORMAT': { format: 'email' },
      'id:FORMAT': { format: 'uuid' },
      'at:FORMAT': { format: 'date-time' },
      'code:FORMAT': { format: 'pattern', pattern: '^[A-Z]{3}$' },
      'flag:TYPE': { expected: 'boolean' },
      'days:TYPE': { expected: 'integer' },
      'days:MIN': { min: 1 },
      'days:MAX': { max: 30 },
    });
  });

  it('reports a missing field once as REQUIRED and an unknown one as UNKNOWN_FIELD', async () => {
    const { password: _omitted, ...withoutPassword } = good;
    const r = await validateAs(Form, { ...withoutPassword, extra: 1 }, { forbidUnknown: true });
    expect(r.problems).toEqual([
      { field: 'extra', code: 'UNKNOWN_FIELD', reason: 'property extra should not exist' },
      { field: 'password', code: 'REQUIRED', reason: 'password is required' },
    ]);
  });

  it('codes nested and list problems with their paths', async () => {
    expect(await problemsOf({ lines: [] })).toEqual([{ field: 'lines', code: 'TOO_FEW', params: { min: 1 }, reason: expect.any(String) }]);
    expect(
      await problemsOf({ lines: [{ label: 'a', amountMinor: '100' }, { label: '', amountMinor: '1.5' }, { label: 'c', amountMinor: '1' }] }),
    ).toEqual([
      { field: 'lines', code: 'TOO_MANY', params: { max: 2 }, reason: expect.any(String) },
      { field: 'lines[1].label', code: 'LENGTH', params: { min: 1, max: 80 }, reason: expect.any(String) },
      { field: 'lines[1].amountMinor', code: 'FORMAT', params: { format: 'minor-units', pattern: '^-?\\d{1,18}$' }, reason: expect.any(String) },
    ]);
  });

  it('uses only codes of the published list', async () => {
    const problems = [
      ...(await problemsOf({ password: 1, email: 2, language: 3, days: 'x', short: 4, id: 5, at: 6, code: 7, flag: 8, lines: 'x', extra: 1 })),
      ...(await validateAs(Form, 'not an object')).problems,
    ];
    expect(problems.length).toBeGreaterThan(10);
    for (const p of problems) expect(PROBLEM_CODES).toContain(p.code);
  });
});

describe("Fastify's client errors as coded problems", () => {
  const fastifyError = (code: string, message: string, name = 'FastifyError') => Object.assign(new Error(message), { code, name });

  it('gives body, media type and JSON errors codes of their own', () => {
    expect(requestProblem(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large'), 413, { routeOptions: { bodyLimit: 1024 } })).toEqual({
      error: 'REQUEST.BODY_TOO_LARGE',
      problem: { field: '(body)', code: 'BODY_TOO_LARGE', params: { maxBytes: 1024 }, reason: 'Request body is too large' },
    });
    expect(
      requestProblem(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 'Unsupported Media Type'), 415, { headers: { 'content-type': 'text/csv' } }),
    ).toMatchObject({ error: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', problem: { code: 'UNSUPPORTED_MEDIA_TYPE', params: { contentType: 'text/csv' } } });
    expect(requestProblem(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 'empty'), 400).problem.code).toBe('EMPTY_BODY');
    expect(requestProblem(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 'bad'), 400).error).toBe('REQUEST.MALFORMED_JSON');
    expect(requestProblem(Object.assign(new SyntaxError('Unexpected end of JSON input'), { statusCode: 400 }), 400)).toMatchObject({
      error: 'REQUEST.MALFORMED_JSON',
      problem: { code: 'MALFORMED_JSON' },
    });
    expect(requestProblem(new Error('odd'), 400)).toMatchObject({ error: 'HTTP.400', problem: { code: 'INVALID' } });
  });
});

describe('the HTTP validation pipe', () => {
  it('gives problems the params of their decorators, as validateAs does', async () => {
    const { strictValidationPipe } = await import('./http');
    const pipe = strictValidationPipe();
    const err = await pipe
      .transform({ ...good, password: 'short', language: 'de' }, { type: 'body', metatype: Form })
      .then(() => undefined, (e: unknown) => e as { problems: unknown[] });
    expect(err?.problems).toEqual([
      { field: 'password', code: 'LENGTH', params: { min: 10, max: 200 }, reason: 'password must be 10 to 200 characters' },
      { field: 'language', code: 'ONE_OF', params: { allowed: ['mk', 'sq', 'en'] }, reason: expect.any(String) },
    ]);
    const { password: _omitted, ...withoutPassword } = good;
    const missing = await pipe.transform(withoutPassword, { type: 'body', metatype: Form }).then(() => undefined, (e: unknown) => e as { problems: unknown[] });
    expect(missing?.problems).toEqual([{ field: 'password', code: 'REQUIRED', reason: 'password is required' }]);
  });
});
