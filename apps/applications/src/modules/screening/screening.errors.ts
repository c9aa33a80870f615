import { ConflictError } from '@grants/common';

export const notScreenable = (status: string) =>
  new ConflictError('SCREENING.NOT_SUBMITTED', `Only a submitted application is screened; this one is ${status.toLowerCase()}`);
export const resultsAlreadyPublished = () =>
  new ConflictError('SCREENING.RESULTS_PUBLISHED', 'The results are published: eligibility can change only through an appeal');
export const clarificationOpen = () =>
  new ConflictError('SCREENING.CLARIFICATION_OPEN', 'A clarification is already waiting for the applicant\'s answer');
export const noOpenClarification = () => new ConflictError('CLARIFICATION.NONE_OPEN', 'No clarification is waiting for an answer');
export const clarificationExpired = (respondBy: string) =>
  new ConflictError('CLARIFICATION.EXPIRED', `The time to answer ended at ${respondBy}`);
