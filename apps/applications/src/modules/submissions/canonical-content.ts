import { createHash } from 'node:crypto';
import { ApplicationContent } from './domain/application-content';

/** JSON with keys sorted at every level (absent values left out): the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Strings are hashed as UTF-8. */
export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A file as a receipt names it: by slot, type, size and fingerprint (never by its file name). */
export interface AttachmentRef {
  key: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * What a receipt's SHA-256 covers: the submitted content and the fingerprint of every attached
 * file. The applicant's identity is not in it: the fingerprint travels with blind entries, and a
 * hash over content the jury can read plus a name would let anyone confirm a guessed name.
 */
export interface SubmissionDocument {
  language: string;
  content: ApplicationContent;
  attachments: AttachmentRef[];
}

export function submissionDocument(content: ApplicationContent, attachments: AttachmentRef[]): SubmissionDocument {
  return {
    language: content.language ?? '',
    content,
    attachments: [...attachments].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

export const documentSha256 = (doc: unknown) => sha256Hex(canonicalJson(doc));
