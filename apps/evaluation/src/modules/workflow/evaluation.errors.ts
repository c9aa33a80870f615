import { ConflictError, DomainError, FieldProblem, NotFoundError } from '@grants/common';

/*
 * Stable codes of evaluation's domain errors. Messages that an evaluator can receive name entries
 * by id only: never an applicant, a school, an organisation or a conflict reason.
 */

export const callNotFound = (callId: string) => new NotFoundError('EVALUATION.CALL_NOT_FOUND', `Call ${callId} is not known to evaluation`);
export const callNotEvaluable = (problems: FieldProblem[]) =>
  new DomainError('EVALUATION.CALL_NOT_EVALUABLE', 'The call lacks what evaluation needs', 'UNPROCESSABLE', problems);
export const callCancelled = (callId: string) => new ConflictError('EVALUATION.CALL_CANCELLED', `Call ${callId} was cancelled`);
export const callNotClosed = (closesAt: string) =>
  new ConflictError('EVALUATION.CALL_NOT_CLOSED', `Evaluation starts after the call closes (${closesAt})`);
export const screeningIncomplete = (problems: FieldProblem[]) =>
  new DomainError(
    'EVALUATION.SCREENING_INCOMPLETE',
    `${problems.length} entries have no eligibility decision or no content yet; evaluation starts when screening is complete`,
    'CONFLICT',
    problems,
  );
export const noPanel = () =>
  new ConflictError('EVALUATION.NO_PANEL', 'Nobody has accepted a place on this call’s panel yet: invite evaluators first');
export const evaluationNotStarted = () => new ConflictError('EVALUATION.NOT_STARTED', 'Evaluation of this call has not started');

export const profileRequired = () =>
  new ConflictError('EVALUATION.PROFILE_REQUIRED', 'Complete your evaluator profile (PUT /evaluation/evaluators/me) first');
export const evaluatorNotFound = (id: string) => new NotFoundError('EVALUATION.EVALUATOR_NOT_FOUND', `No evaluator ${id} in the pool`);
export const invitationNotFound = (callId: string) =>
  new NotFoundError('EVALUATION.INVITATION_NOT_FOUND', `No invitation to the panel of call ${callId}`);
export const invitationState = (status: string) =>
  new ConflictError('EVALUATION.INVITATION_STATE', `This panel place is ${status.toLowerCase()}`);

/** The same answer for "not assigned to you" and "does not exist": ids cannot be probed. */
export const reviewNotFound = (applicationId: string) =>
  new NotFoundError('EVALUATION.REVIEW_NOT_FOUND', `No entry ${applicationId} is assigned to you`);
export const sheetLocked = () =>
  new ConflictError('EVALUATION.SHEET_LOCKED', 'This score sheet was submitted and is locked; the programme officer can reopen it');
export const sheetInvalid = (problems: FieldProblem[]) =>
  new DomainError('EVALUATION.SHEET_INVALID', 'The score sheet has problems', 'UNPROCESSABLE', problems);
export const sheetNotSubmitted = () => new ConflictError('EVALUATION.SHEET_NOT_SUBMITTED', 'Only a submitted score sheet can be reopened');
export const assignmentNotFound = (id: string) => new NotFoundError('EVALUATION.ASSIGNMENT_NOT_FOUND', `No assignment ${id}`);
export const assignmentReleased = () => new ConflictError('EVALUATION.ASSIGNMENT_RELEASED', 'This assignment was released');
export const alreadySubmitted = () =>
  new ConflictError('EVALUATION.ALREADY_SUBMITTED', 'You submitted scores for this entry; ask the programme officer to reopen the sheet first');
export const entryNotFound = (id: string) => new NotFoundError('EVALUATION.ENTRY_NOT_FOUND', `No entry ${id}`);

export const resultsPublished = () =>
  new ConflictError('EVALUATION.RESULTS_PUBLISHED', 'Results are published; they change only through an appeal or an award release');
export const consensusNotNeeded = (status: string) =>
  new ConflictError('EVALUATION.CONSENSUS_NOT_NEEDED', `This entry needs no consensus score (${status})`);
export const notReadyToRank = (problems: FieldProblem[]) =>
  new DomainError('EVALUATION.NOT_READY_TO_RANK', `${problems.length} entries have no final score yet`, 'CONFLICT', problems);
export const noProposal = () => new ConflictError('EVALUATION.NO_PROPOSAL', 'Propose the ranking and selection first');
export const proposalStale = () =>
  new ConflictError('EVALUATION.PROPOSAL_STALE', 'Scores changed since the proposal was made: propose again and review it');
export const overrideInvalid = (problems: FieldProblem[]) =>
  new DomainError('EVALUATION.OVERRIDE_INVALID', 'The override cannot be applied', 'UNPROCESSABLE', problems);
export const awardNotFound = (id: string) => new NotFoundError('EVALUATION.AWARD_NOT_FOUND', `No award ${id}`);
export const awardNotActive = (status: string) => new ConflictError('EVALUATION.AWARD_NOT_ACTIVE', `This award is already ${status.toLowerCase()}`);
export const recoveredInvalid = (amount: string) =>
  new DomainError('EVALUATION.RECOVERED_INVALID', `recoveredMinor must be between 0 and the award amount ${amount}`, 'UNPROCESSABLE', [
    { field: 'recoveredMinor', code: 'MAX', params: { max: String(amount) }, reason: `must be between 0 and ${amount}` },
  ]);
export const roundClosed = () =>
  new ConflictError('EVALUATION.ROUND_CLOSED', 'This entry is being re-evaluated by other evaluators; your earlier sheet is closed');
export const consensusInvalid = (reason: string) =>
  new DomainError('EVALUATION.CONSENSUS_INVALID', 'The consensus score is invalid', 'VALIDATION', [{ field: 'score', code: 'INVALID', reason }]);
export const selectionInputMissing = (problems: FieldProblem[]) =>
  new DomainError('EVALUATION.SELECTION_INPUT_MISSING', 'Some passing entries lack what selection needs', 'UNPROCESSABLE', problems);
