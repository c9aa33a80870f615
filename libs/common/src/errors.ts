/** One problem with one field of an input: returned together, never one at a time. */
export interface FieldProblem {
  field: string;
  reason: string;
}

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
