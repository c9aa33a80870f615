import { FieldProblem, validateAs } from '@grants/common';
import { ClassConstructor } from 'class-transformer';
import { ApplicantIdentity, ApplicationContent, CONTENT_FIELDS } from './domain/application-content';
import { cleanTextProblem } from './dto/application-content.dto';
import { requestInvalid } from './submissions.errors';

const SECTION_KEY = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/** Free-text sections: `sections.<key>` must be text (or null in a PATCH, to clear it). */
function sectionProblems(sections: unknown, allowNull: boolean): FieldProblem[] {
  if (sections === null || sections === undefined || typeof sections !== 'object' || Array.isArray(sections)) return [];
  const out: FieldProblem[] = [];
  const entries = Object.entries(sections as Record<string, unknown>);
  if (entries.length > 50) out.push({ field: 'sections', code: 'TOO_MANY', params: { max: 50 }, reason: 'must have at most 50 entries' });
  for (const [k, v] of entries) {
    const field = `sections.${k}`;
    if (!SECTION_KEY.test(k)) out.push({ field, code: 'FORMAT', params: { format: 'key' }, reason: 'is not a section key (a letter, then up to 63 letters, digits, "_" or "-")' });
    else if (v === null && allowNull) continue;
    else if (typeof v !== 'string') out.push({ field, code: 'TYPE', params: { expected: 'string' }, reason: 'must be a string' });
    else if (v.length < 1 || v.length > 100_000) out.push({ field, code: 'LENGTH', params: { min: 1, max: 100_000 }, reason: 'must be 1 to 100000 characters long' });
    else {
      const bad = cleanTextProblem(v);
      if (bad) out.push({ field, code: 'FORMAT', params: { format: 'clean-text' }, reason: bad });
    }
  }
  return out;
}

/**
 * Validates a body against its DTO and returns it as plain data, or throws 400 naming every
 * field at once (wrong types, unknown fields, lengths, invalid UTF-8). Nothing is written before.
 */
export async function parseBody<T extends object>(cls: ClassConstructor<T>, raw: unknown, opts: { allowNull?: boolean } = {}): Promise<T> {
  const { value, problems } = await validateAs(cls, raw ?? {}, { forbidUnknown: true });
  const all = [...problems, ...sectionProblems((raw as Record<string, unknown> | null)?.sections, !!opts.allowNull)];
  if (all.length || !value) throw requestInvalid(all);
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The content fields of a parsed body (absent and null ones left out). */
export function contentOf(body: Record<string, unknown>): ApplicationContent {
  const out: Record<string, unknown> = {};
  for (const f of CONTENT_FIELDS) {
    const v = body[f];
    if (v === undefined || v === null) continue;
    if (f === 'sections') {
      const kept = Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null));
      if (Object.keys(kept).length) out.sections = kept;
    } else out[f] = v;
  }
  return out as ApplicationContent;
}

export function identityOf(applicant: Record<string, unknown> | undefined | null): ApplicantIdentity {
  if (!applicant) return {};
  return Object.fromEntries(Object.entries(applicant).filter(([, v]) => v !== undefined && v !== null)) as ApplicantIdentity;
}

/**
 * A PATCH applied to the working copy: each field given replaces the stored one, `null` clears
 * it; sections merge entry by entry. Returns the new content and the names of written fields.
 */
export function mergeContent(current: ApplicationContent, patch: Record<string, unknown>): { content: ApplicationContent; written: string[] } {
  const next: Record<string, unknown> = { ...current };
  const written: string[] = [];
  for (const f of CONTENT_FIELDS) {
    if (!(f in patch) || patch[f] === undefined) continue;
    written.push(f);
    const v = patch[f];
    if (v === null) delete next[f];
    else if (f === 'sections') {
      const merged: Record<string, unknown> = { ...(current.sections ?? {}) };
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === null) delete merged[k];
        else merged[k] = x;
      }
      if (Object.keys(merged).length) next.sections = merged;
      else delete next.sections;
    } else next[f] = v;
  }
  return { content: next as ApplicationContent, written };
}
