import { ConflictError, DomainError, NotFoundError } from '@grants/common';

export const entryNotFound = (id: string) => new NotFoundError('EVALUATION.ENTRY_NOT_FOUND', `No entry ${id}`);
export const alreadyAwarded = (id: string) => new ConflictError('EVALUATION.ALREADY_AWARDED', `Entry ${id} already has an award`);
export const callNotReplicated = (callId: string) =>
  new ConflictError('EVALUATION.CALL_UNKNOWN', `Call ${callId} is not known to evaluation yet`);
export const overBudget = (budget: string, asked: string) =>
  new DomainError('EVALUATION.OVER_BUDGET', `Awards would total ${asked}, over the call's budget of ${budget}`, 'UNPROCESSABLE', [
    { field: 'amountMinor', code: 'EXCEEDS_AVAILABLE', params: { available: budget }, reason: 'the call budget would be exceeded' },
  ]);
export const evaluatedCall = (callId: string) =>
  new ConflictError(
    'EVALUATION.CALL_EVALUATED',
    `Call ${callId} is being evaluated: its awards come from the published selection (POST /evaluation/calls/${callId}/results/publish)`,
  );
