import type { FieldProblem } from '../api/types';

/** The service takes attachments of at most 5 MB each (decoded). */
export const REPORT_FILE_MAX = 5 * 1024 * 1024;

export interface ReportValues {
  kind: 'FINAL' | 'INTERIM';
  narrative: string;
  eventsHeld: string;
  participants: string;
  municipalitiesReached: string;
  file: (Pick<File, 'name' | 'size' | 'type'> & Partial<Blob>) | null;
}

const LIMITS = { eventsHeld: 1_000_000, participants: 100_000_000, municipalitiesReached: 100_000 } as const;

/** What the form can tell before sending: a narrative, whole-number indicators, a PDF of at most 5 MB. */
export function reportProblems(v: ReportValues): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!v.narrative.trim()) out.push({ field: 'narrative', code: 'REPORT_REQUIRED', reason: 'required' });
  for (const k of ['eventsHeld', 'participants', 'municipalitiesReached'] as const) {
    const t = v[k].trim();
    if (!t) out.push({ field: `indicators.${k}`, code: 'REPORT_REQUIRED', reason: 'required' });
    else if (!/^\d{1,9}$/.test(t) || Number(t) > LIMITS[k]) out.push({ field: `indicators.${k}`, code: 'REPORT_WHOLE_NUMBER', reason: 'not a whole number' });
  }
  if (v.file) {
    if (v.file.type !== 'application/pdf' && !v.file.name.toLowerCase().endsWith('.pdf')) out.push({ field: 'attachment', code: 'REPORT_FILE_TYPE', reason: 'not a PDF' });
    else if (v.file.size > REPORT_FILE_MAX) out.push({ field: 'attachment', code: 'REPORT_FILE_TOO_LARGE', reason: 'too large' });
  }
  return out;
}

/** A file's bytes as base64 (the service's JSON body carries attachments so). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
