import { JobSpec } from '@grants/jobs';

export const SCREENING_QUEUE = 'applications-screening';
export const AUTO_SCREEN_JOB = 'auto-screen';
export const CLARIFICATION_DUE_JOB = 'clarification-due';

/** Screening's automatic checks for a call, once it closed. */
export const autoScreenJob = (callId: string, runAt: Date): JobSpec => ({
  id: `auto-screen-${callId}`,
  queue: SCREENING_QUEUE,
  name: AUTO_SCREEN_JOB,
  runAt,
  payload: { callId },
});

/** The end of the time an applicant has to answer a clarification. */
export const clarificationDueJob = (clarificationId: string, runAt: Date): JobSpec => ({
  id: `clarification-due-${clarificationId}`,
  queue: SCREENING_QUEUE,
  name: CLARIFICATION_DUE_JOB,
  runAt,
  payload: { clarificationId },
});
