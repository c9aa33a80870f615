import { ConflictError, DomainError, FieldProblem, NotFoundError } from '@grants/common';

export const callNotFound = (id: string) => new NotFoundError('CALL.NOT_FOUND', `No call ${id}`);
export const callNotDraft = (status: string) =>
  new ConflictError('CALL.NOT_DRAFT', `Only a draft can be published; this call is ${status}`);
export const referenceTaken = (code: string) =>
  new ConflictError('CALL.REFERENCE_TAKEN', `Reference code ${code} is already used by another call`);
export const callInvalid = (problems: FieldProblem[]) =>
  new DomainError('CALL.INVALID', 'The call cannot be published as it is', 'UNPROCESSABLE', problems);
