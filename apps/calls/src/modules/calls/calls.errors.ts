import { ConflictError, DomainError, FieldProblem, InputError, NotFoundError } from '@grants/common';

export const callNotFound = (id: string) => new NotFoundError('CALL.NOT_FOUND', `No call ${id}`);
export const callNotDraft = (status: string) =>
  new ConflictError('CALL.NOT_DRAFT', `Only a draft can be edited or published; this call is ${status}`);
export const referenceTaken = (code: string) =>
  new ConflictError('CALL.REFERENCE_TAKEN', `Reference code ${code} is already used by another call`);
export const callInvalid = (problems: FieldProblem[]) =>
  new DomainError('CALL.INVALID', 'The call cannot be published as it is', 'UNPROCESSABLE', problems);
export const draftInvalid = (problems: FieldProblem[]) =>
  new DomainError('CALL.DRAFT_INVALID', 'The draft cannot be saved as it is', 'UNPROCESSABLE', problems);
export const fieldsNotNullable = (problems: FieldProblem[]) =>
  new InputError('REQUEST.INVALID', 'The request has invalid fields', problems);
export const amendmentRefused = (reason: string) => new ConflictError('CALL.AMENDMENT_REFUSED', reason);
export const amendmentInvalid = (problems: FieldProblem[]) => {
  const shortened = problems.some((p) => p.field === 'closesAt' && /never shortened/.test(p.reason));
  return new DomainError(
    shortened ? 'CALL.DEADLINE_SHORTENED' : 'CALL.AMENDMENT_INVALID',
    shortened ? 'A deadline can only be extended, never shortened' : 'The amendment cannot be made as it is',
    'UNPROCESSABLE',
    problems,
  );
};
export const versionMismatch = (expected: number, actual: number) =>
  new ConflictError('CALL.VERSION_MISMATCH', `The call is at version ${actual}, not ${expected}: reload it and amend again`);
export const transitionRefused = (action: string, status: string) =>
  new ConflictError('CALL.TRANSITION_REFUSED', `A ${status} call cannot be ${action}`);
