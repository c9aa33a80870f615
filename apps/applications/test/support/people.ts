import { Actor, PlatformClient, waitFor } from '@grants/testing';

/** A date of birth that makes someone `age` years old today (a month past the birthday). */
export function bornYearsAgo(age: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

export const ESSAY_TEXT = 'Мојот сосед Ахмет секое утро ја полева улицата пред нашата зграда и ги поздравува сите деца.';

/** A complete essay entry from an adult student (no consent needed). */
export function essayEntry(name = 'Марко Јовановић', over: Record<string, unknown> = {}) {
  return {
    language: 'mk',
    title: 'Соседи',
    text: ESSAY_TEXT,
    applicant: { fullName: name, email: `${Math.random().toString(36).slice(2)}@example.mk`, school: 'СУГС Орце Николов', dateOfBirth: bornYearsAgo(18), applicantType: 'STUDENT' },
    ...over,
  };
}

/** Waits until applications holds the call (its replica arrives through Kafka), by opening a draft. */
export async function waitForCall(client: PlatformClient, callId: string, who: Actor): Promise<string> {
  const draft = await waitFor(
    `call ${callId} in applications`,
    async () => {
      const r = await client.call('POST', `/calls/${callId}/applications/drafts`, {}, who.auth);
      return r.status === 201 && r.body;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  return draft.id as string;
}

/** Sleeps until a wall-clock instant. */
export async function until(instant: number): Promise<void> {
  const ms = instant - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

export const fieldsOf = (body: { problems?: { field: string }[] }) => (body.problems ?? []).map((p) => p.field);
