import { ConflictError, NotFoundError } from '@grants/common';

export const callUnknown = (callId: string) =>
  new NotFoundError('APPLICATION.CALL_NOT_FOUND', `No published call ${callId}`);
export const applicationNotFound = (id: string) => new NotFoundError('APPLICATION.NOT_FOUND', `No application ${id}`);

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

export function formatInZone(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'long',
  }).format(instant);
  return `${text} (${timeZone})`;
}
