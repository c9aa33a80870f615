import type { ProblemCode, ProblemParamsByCode } from '@grants/contracts';

/**
 * One problem with one field of an input: returned together, never one at a time. `code` and
 * `params` are stable and translatable (libs/contracts/src/problem-codes.ts lists them); `reason`
 * is the same in English for API users. `params` may be left out where a code has none required;
 * answers always carry it (`{}` at least).
 */
export type FieldProblem = {
  [C in ProblemCode]: { field: string; code: C; reason: string } & ({} extends ProblemParamsByCode[C]
    ? { params?: ProblemParamsByCode[C] }
    : { params: ProblemParamsByCode[C] });
}[ProblemCode];

/** A problem's code and params without its field and reason, e.g. `{ code: 'MIN', params: { min: 1 } }`. */
export type ProblemCoding = FieldProblem extends infer P ? (P extends FieldProblem ? Omit<P, 'field' | 'reason'> : never) : never;

/** A field problem from its field, English reason and coding. */
export const fieldProblem = (field: string, reason: string, coding: ProblemCoding): FieldProblem =>
  ({ field, params: {}, ...coding, reason }) as FieldProblem;

/** A problem as answered: `params` always present. */
export const answeredProblem = (p: FieldProblem): FieldProblem & { params: object } =>
  ({ ...p, params: p.params ?? {} }) as FieldProblem & { params: object };

export type ErrorKind =
  | 'VALIDATION' // 400: the input's shape is wrong
  | 'UNPROCESSABLE' // 422: well-formed but breaks a business rule
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409: state does not allow it (deadline passed, already published, version mismatch)
  | 'FORBIDDEN' // 403
  | 'UNAUTHORIZED'; // 401

/**
 * A domain error with a stable code (e.g. APPLICATION.DEADLINE_PASSED). Use cases throw these;
 * only the transport edge maps the kind to an HTTP status.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'NOT_FOUND');
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'CONFLICT');
  }
}

export class InputError extends DomainError {
  constructor(code: string, message: string, problems: FieldProblem[]) {
    super(code, message, 'VALIDATION', problems);
  }
}

export const HTTP_STATUS_OF_KIND: Record<ErrorKind, number> = {
  VALIDATION: 400,
  UNPROCESSABLE: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
};
