import { answeredProblem, FieldProblem } from '@grants/common';
import { CallRow, callState } from '../call-replica/call-replica.store';
import { ApplicationRow, AttachmentMeta, attachmentRefs } from './application-store';
import { documentSha256, submissionDocument } from './canonical-content';
import { contentProblems } from './domain/content-rules';
import { formatInZone } from './submissions.errors';

/** The ETag of a working copy: its version. */
export const etagOf = (version: number) => `"v${version}"`;

/** `If-Match: "v3"` (or W/"v3", or 3) → 3; undefined when absent or not ours. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^\s*(?:W\/)?"?v?(\d{1,9})"?\s*$/.exec(header);
  return m ? Number(m[1]) : undefined;
}

/**
 * The applicant's working copy, with what submitting it now would say (`problems`): the form
 * can show every missing or wrong field before the applicant presses submit.
 */
export function draftView(app: ApplicationRow, call: CallRow, attachments: AttachmentMeta[], now = new Date()) {
  const problems = contentProblems(app.draftContent, {
    rules: call.rules,
    currency: call.currency,
    timeZone: call.timeZone,
    now,
    mode: 'full',
    identity: app.identity,
    consent: app.consent,
    attachmentKeys: attachments.map((a) => a.key),
  });
  const state = callState(call, now);
  return {
    id: app.id,
    callId: app.callId,
    status: app.status,
    version: app.version,
    revision: app.revision,
    reference: app.reference,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    contentSha256: app.contentSha256,
    content: app.draftContent,
    /** True when the working copy differs from what was last submitted (a resubmission is pending). */
    changedSinceSubmission:
      app.status === 'SUBMITTED' ? documentSha256(submissionDocument(app.draftContent, attachmentRefs(attachments))) !== app.contentSha256 : null,
    applicant: app.identity,
    guardianConsent: app.consent,
    attachments: attachments.map((a) => ({ ...a, downloadPath: `/api/applications/${app.id}/attachments/${a.id}` })),
    problems: problems.map(({ fields: _cause, ...problem }) => answeredProblem(problem as FieldProblem)),
    submittable: problems.length === 0 && state === 'OPEN' && app.status !== 'WITHDRAWN',
    call: {
      referenceCode: call.referenceCode,
      kind: call.kind,
      state,
      closesAt: call.closesAt.toISOString(),
      closesAtLocal: formatInZone(call.closesAt, call.timeZone),
      form: call.rules.form ?? null,
    },
    updatedAt: app.updatedAt.toISOString(),
  };
}
