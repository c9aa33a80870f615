import type { CallPublishedV1 } from '@grants/contracts';
import { ProfileRecord } from '../workflow/evaluation.repository';

export function profileView(p: ProfileRecord) {
  return {
    userId: p.userId,
    displayName: p.displayName,
    email: p.email,
    organisation: p.organisation,
    languages: p.languages,
    expertise: p.expertise,
    maxLoadPerCall: p.maxLoadPerCall,
    declaredConflicts: p.declared,
    updatedAt: p.updatedAt instanceof Date ? p.updatedAt.toISOString() : p.updatedAt,
  };
}

/** A call's title in its default language: what an evaluator needs to recognise the call. */
export function callTitle(snapshot: CallPublishedV1 | null): string | null {
  if (!snapshot) return null;
  return snapshot.texts?.[snapshot.defaultLanguage]?.title ?? Object.values(snapshot.texts ?? {})[0]?.title ?? null;
}
