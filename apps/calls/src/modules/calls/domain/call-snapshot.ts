import { CallPublishedV1, CallStatus } from '@grants/contracts';
import { CallDraft } from './call-draft';

export interface PublishedCall extends CallDraft {
  id: string;
  status: CallStatus;
  version: number;
  blindReview: boolean;
  opensAt: Date | null;
  publishedAt: Date | null;
}

/**
 * The full snapshot of a published call: the payload of `calls.call.published.v1` and the
 * `snapshot` of `calls.call.amended.v1`. Parts not written are left out rather than null.
 */
export function callSnapshot(c: PublishedCall): CallPublishedV1 {
  if (!c.opensAt || !c.publishedAt) throw new Error(`Call ${c.id} has no snapshot before it is published`);
  const s: CallPublishedV1 = {
    callId: c.id,
    referenceCode: c.referenceCode,
    kind: c.kind,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    blindReview: c.blindReview,
    defaultLanguage: c.defaultLanguage,
    texts: c.texts,
    publishedAt: c.publishedAt.toISOString(),
    version: c.version,
    status: c.status,
    submissionLanguages: c.submissionLanguages,
  };
  if (c.programmeId) s.programmeId = c.programmeId;
  if (c.funder) s.funder = c.funder;
  if (c.eligibility) s.eligibility = c.eligibility;
  if (c.form) s.form = c.form;
  if (c.rubric) s.rubric = c.rubric;
  if (c.evaluation) s.evaluation = c.evaluation;
  if (c.awardRules) s.awardRules = c.awardRules;
  if (c.paymentPolicy) s.paymentPolicy = c.paymentPolicy;
  if (c.appealWindowDays !== null) s.appealWindowDays = c.appealWindowDays;
  return s;
}
