import { ConflictError, DomainError, FieldProblem, InputError, NotFoundError } from '@grants/common';
import { formatInZone } from './domain/zoned-time';

export { formatInZone };

export const callUnknown = (callId: string) =>
  new NotFoundError('APPLICATION.CALL_NOT_FOUND', `No published call ${callId}`);
export const applicationNotFound = (id: string) => new NotFoundError('APPLICATION.NOT_FOUND', `No application ${id}`);
export const attachmentNotFound = (id: string) => new NotFoundError('ATTACHMENT.NOT_FOUND', `No attachment ${id}`);

/** The deadline is stated in the call's own time zone, as applicants read it. */
export function deadlinePassed(closesAt: Date, timeZone: string) {
  return new ConflictError(
    'APPLICATION.DEADLINE_PASSED',
    `The call closed at ${formatInZone(closesAt, timeZone)}; submissions are no longer accepted`,
  );
}

export function notYetOpen(opensAt: Date, timeZone: string) {
  return new ConflictError('APPLICATION.CALL_NOT_OPEN', `The call opens at ${formatInZone(opensAt, timeZone)}`);
}

export const callCancelled = (reason: string | null) =>
  new ConflictError('APPLICATION.CALL_CANCELLED', `The call was cancelled${reason ? `: ${reason}` : ''}; it accepts nothing more`);

export const callStillOpen = (closesAt: Date, timeZone: string) =>
  new ConflictError('SCREENING.CALL_STILL_OPEN', `Screening starts after the call closes at ${formatInZone(closesAt, timeZone)}`);

export const staleVersion = (current: number, given: number) =>
  new ConflictError(
    'APPLICATION.STALE_VERSION',
    `The draft is at version ${current}, not ${given}: it was changed elsewhere (another tab?). Reload it and apply your change again; nothing was written`,
  );

export const versionRequired = () =>
  new InputError('APPLICATION.VERSION_REQUIRED', 'Send the version you edited: an If-Match header with the ETag, or "version" in the body', [
    { field: 'If-Match', code: 'REQUIRED', reason: 'is required (or "version" in the body), so that two tabs never overwrite each other silently' },
  ]);

export const notEditable = (status: string) =>
  new ConflictError('APPLICATION.NOT_EDITABLE', `An application that is ${status.toLowerCase()} cannot be changed`);

export const alreadySubmitted = () =>
  new ConflictError(
    'APPLICATION.ALREADY_SUBMITTED',
    'This call accepts one application per applicant and you have already submitted one: change and resubmit that one, or withdraw it first',
  );

export const notSubmitted = () => new ConflictError('APPLICATION.NOT_SUBMITTED', 'The application has not been submitted');

/** 400: the request's shape (types, lengths, unknown fields, text encoding). */
export const requestInvalid = (problems: FieldProblem[]) => new InputError('REQUEST.INVALID', 'The request has invalid fields', problems);

/** 422: well-formed, but against the call's form or rules. Every problem at once. */
export const applicationInvalid = (problems: FieldProblem[], what = 'The application does not meet the call\'s form and rules') =>
  new DomainError('APPLICATION.INVALID', what, 'UNPROCESSABLE', problems.map(({ fields: _cause, ...problem }: FieldProblem & { fields?: string[] }) => problem as FieldProblem));

export const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used for a different request', 'UNPROCESSABLE', [
    { field: 'Idempotency-Key', code: 'KEY_REUSED', reason: 'was used before with another request body or path' },
  ]);

export const idempotencyInProgress = () =>
  new ConflictError('IDEMPOTENCY.IN_PROGRESS', 'A request with this Idempotency-Key is still being processed: retry in a moment');

export const idempotencyKeyInvalid = () =>
  new InputError('IDEMPOTENCY.KEY_INVALID', 'The Idempotency-Key header is not valid', [
    { field: 'Idempotency-Key', code: 'FORMAT', params: { format: 'header' }, reason: 'must be 1 to 200 visible ASCII characters' },
  ]);
