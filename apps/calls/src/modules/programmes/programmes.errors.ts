import { ConflictError, DomainError, FieldProblem, NotFoundError } from '@grants/common';

export const programmeNotFound = (id: string) => new NotFoundError('PROGRAMME.NOT_FOUND', `No programme ${id}`);
export const programmeCodeTaken = (code: string) =>
  new ConflictError('PROGRAMME.CODE_TAKEN', `Programme code ${code} is already used`);
export const programmeInvalid = (problems: FieldProblem[]) =>
  new DomainError('PROGRAMME.INVALID', 'The programme cannot be created as it is', 'UNPROCESSABLE', problems);
