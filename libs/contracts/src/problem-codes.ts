/**
 * The stable codes of field problems: `{ field, code, params, reason }` in every 400/422 answer's
 * `problems`. `reason` is English for API users; a client translates `code` with `params`
 * instead (the portal keeps one message per code and language). Codes are never renamed or
 * given other params; a new situation gets a new code.
 *
 * This file imports nothing, so the portal can import it as it is (types and the list alike).
 */

/** JSON-safe values a message can interpolate. */
export type ProblemParam = string | number | boolean | readonly string[] | readonly number[];

/** Every code with the params it carries (a `?` param may be absent). */
export interface ProblemParamsByCode {
  /** Missing (or null/empty) but required. */
  REQUIRED: Record<string, never>;
  /** A field the endpoint does not take (unknown fields are refused, never ignored). */
  UNKNOWN_FIELD: Record<string, never>;
  /** The JSON type is wrong: `expected` is string, integer, number, boolean, array or object. */
  TYPE: { expected: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' };
  /**
   * Not in the expected form. `format`: email, uuid, date-time (an ISO 8601 instant), date
   * (YYYY-MM-DD), minor-units (an integer amount as a string of digits), base64, clean-text (no
   * control characters), currency (ISO 4217), time-zone (IANA), iban, bic, file-name, header,
   * key (an identifier), payment-text (the SEPA character set), or pattern (with `pattern`, a
   * regular expression's source).
   */
  FORMAT: { format: string; pattern?: string };
  /** Text length (characters) outside min..max. */
  LENGTH: { min: number; max: number };
  /** Text shorter than min characters. */
  TOO_SHORT: { min: number };
  /** Text longer than max characters. */
  TOO_LONG: { max: number };
  /** Not one of the allowed values (`suggestion`: the allowed value it was probably meant to be). */
  ONE_OF: { allowed: readonly string[]; suggestion?: string };
  /** A number (or an amount in minor units, as a string) below min; `exclusive`: must be above min. */
  MIN: { min: number | string; exclusive?: boolean };
  /** A number (or an amount in minor units, as a string) above max. */
  MAX: { max: number | string };
  /** A list with fewer than min entries. */
  TOO_FEW: { min: number };
  /** A list (or object) with more than max entries. */
  TOO_MANY: { max: number };
  /** The same value twice where each must be unique (`duplicateOf`: the field it repeats). */
  DUPLICATE: { duplicateOf?: string };
  /** A text's word count outside min..max (`words`: the count found). */
  WORD_COUNT: { min?: number; max?: number; words: number };
  /** A co-funding share below the minimum, in percent. */
  SHARE_BELOW_MIN: { minPercent: number; percent?: number };
  /** Parts that must add up to a total do not (`expected` and `actual`, e.g. weights to 100). */
  SUM_MISMATCH: { expected: number | string; actual: number | string };
  /** An amount above what is available (`available`: the budget or outstanding amount, minor units). */
  EXCEEDS_AVAILABLE: { available: string };
  /** A file's content is not of an accepted type (`allowed`: media types; `detected`, when known). */
  FILE_TYPE: { allowed: readonly string[]; detected?: string };
  /** A file larger than `maxBytes`. */
  FILE_TOO_LARGE: { maxBytes: number };
  /** An instant or date that must be in the future is not. */
  NOT_IN_FUTURE: Record<string, never>;
  /** An instant or date that must not be in the past (or after `latest`) is. */
  IN_PAST: Record<string, never>;
  /** An instant or date that must not be later than `latest` is. */
  TOO_LATE: { latest: string };
  /** Must come after the field `after` (a call closes after it opens). */
  NOT_AFTER: { after: string };
  /** The deadline of the call (an ISO instant, shown in `timeZone`) has passed. */
  DEADLINE_PASSED: { deadline?: string; timeZone?: string };
  /** Names something that does not exist (or is not visible to the caller). */
  NOT_FOUND: Record<string, never>;
  /** Does not match what is on record (the current password). */
  MISMATCH: Record<string, never>;
  /** A token or link that is invalid or has expired. */
  INVALID_OR_EXPIRED: Record<string, never>;
  /** One of several fields is required (`fields`: the alternatives). */
  ONE_OF_REQUIRED: { fields: readonly string[] };
  /** Required because of another answer (`because`: a short machine-readable cause, e.g. GUARDIAN_CONSENT_UNDER_18). */
  REQUIRED_BY_RULE: { because: string; age?: number; underAge?: number; threshold?: number };
  /** A number that must be a multiple of `step` (a score on its rubric's grid). */
  STEP: { step: number };
  /** The applicant or entry does not meet an eligibility rule (`rule`: its name, e.g. AGE_RANGE). */
  NOT_ELIGIBLE: { rule: string; min?: number; max?: number; actual?: number | string };
  /** The state of the thing does not allow this value now (`state`: its current status). */
  NOT_ALLOWED_NOW: { state?: string };
  /** Cannot be changed or cleared once set or published. */
  IMMUTABLE: Record<string, never>;
  /** Repeats a request key used before with another body (Idempotency-Key). */
  KEY_REUSED: Record<string, never>;
  /** The change changes nothing. */
  NO_CHANGE: Record<string, never>;
  /** The request body is not valid JSON. */
  MALFORMED_JSON: Record<string, never>;
  /** The request body is empty but must not be. */
  EMPTY_BODY: Record<string, never>;
  /** The request body is larger than `maxBytes`. */
  BODY_TOO_LARGE: { maxBytes?: number };
  /** The request's Content-Type is not accepted (`contentType`: the one sent). */
  UNSUPPORTED_MEDIA_TYPE: { contentType?: string };
  /** A rule without a more specific code; `reason` explains. Clients show a generic message. */
  INVALID: Record<string, never>;
}

export type ProblemCode = keyof ProblemParamsByCode;

/** Every code, for clients that check their translations cover them all. */
export const PROBLEM_CODES = [
  'REQUIRED',
  'UNKNOWN_FIELD',
  'TYPE',
  'FORMAT',
  'LENGTH',
  'TOO_SHORT',
  'TOO_LONG',
  'ONE_OF',
  'MIN',
  'MAX',
  'TOO_FEW',
  'TOO_MANY',
  'DUPLICATE',
  'WORD_COUNT',
  'SHARE_BELOW_MIN',
  'SUM_MISMATCH',
  'EXCEEDS_AVAILABLE',
  'FILE_TYPE',
  'FILE_TOO_LARGE',
  'NOT_IN_FUTURE',
  'IN_PAST',
  'TOO_LATE',
  'NOT_AFTER',
  'DEADLINE_PASSED',
  'NOT_FOUND',
  'MISMATCH',
  'INVALID_OR_EXPIRED',
  'ONE_OF_REQUIRED',
  'REQUIRED_BY_RULE',
  'STEP',
  'NOT_ELIGIBLE',
  'NOT_ALLOWED_NOW',
  'IMMUTABLE',
  'KEY_REUSED',
  'NO_CHANGE',
  'MALFORMED_JSON',
  'EMPTY_BODY',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID',
] as const satisfies readonly ProblemCode[];

// Compile-time proof that the list names every code exactly (a code added above but not here fails).
type Missing = Exclude<ProblemCode, (typeof PROBLEM_CODES)[number]>;
const _everyCodeListed: Missing extends never ? true : Missing = true;
void _everyCodeListed;

/** One field problem as every service answers it. */
export type Problem<C extends ProblemCode = ProblemCode> = C extends ProblemCode
  ? { field: string; code: C; params: ProblemParamsByCode[C]; reason: string }
  : never;
