import type { Draft } from '../api/types';

/** What the essay form edits: the applicant's own data and the essay. */
export interface EssayValues {
  fullName: string;
  email: string;
  school: string;
  dateOfBirth: string;
  language: string;
  title: string;
  text: string;
}

export function valuesOf(d: Draft): EssayValues {
  return {
    fullName: d.applicant?.fullName ?? '',
    email: d.applicant?.email ?? '',
    school: d.applicant?.school ?? '',
    dateOfBirth: d.applicant?.dateOfBirth ?? '',
    language: d.content?.language ?? '',
    title: d.content?.title ?? '',
    text: d.content?.text ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

/** The PATCH body: every field the form edits (an emptied field is cleared with null). */
export function patchOf(v: EssayValues) {
  return {
    language: orNull(v.language),
    title: orNull(v.title),
    text: orNull(v.text),
    applicant: { fullName: orNull(v.fullName), email: orNull(v.email), school: orNull(v.school), dateOfBirth: orNull(v.dateOfBirth) },
  };
}

/** Age in whole years on a day (both YYYY-MM-DD); null when the date is not complete. */
export function ageOn(dateOfBirth: string, today: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  const t = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!m || !t) return null;
  let age = Number(t[1]) - Number(m[1]);
  if (t[2]! < m[2]! || (t[2] === m[2] && t[3]! < m[3]!)) age--;
  return age;
}

export const sameValues = (a: EssayValues, b: EssayValues) => (Object.keys(a) as (keyof EssayValues)[]).every((k) => a[k] === b[k]);
