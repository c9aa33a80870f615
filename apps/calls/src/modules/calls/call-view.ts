import { describeDeadline } from './domain/deadline';
import { isIanaTimeZone } from './domain/call-draft';
import { ON_PUBLICATION } from './dto/instant.validator';
import { CallEntity } from './entities/call.entity';

/** The officer's view: the whole call as stored, texts exactly as written. */
export function callView(c: CallEntity, now = new Date()) {
  return {
    id: c.id,
    referenceCode: c.referenceCode,
    kind: c.kind,
    status: c.status,
    version: c.version,
    programmeId: c.programmeId,
    funder: c.funder,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt?.toISOString() ?? ON_PUBLICATION,
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    deadline: isIanaTimeZone(c.timeZone) ? describeDeadline(c.closesAt, c.timeZone, now) : null,
    blindReview: c.blindReview,
    defaultLanguage: c.defaultLanguage,
    texts: c.texts,
    submissionLanguages: c.submissionLanguages,
    eligibility: c.eligibility,
    form: c.form,
    rubric: c.rubric,
    evaluation: c.evaluation,
    awardRules: c.awardRules,
    paymentPolicy: c.paymentPolicy,
    appealWindowDays: c.appealWindowDays,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    publishedAt: c.publishedAt?.toISOString() ?? null,
    openedAt: c.openedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    cancelledAt: c.cancelledAt?.toISOString() ?? null,
    cancelReason: c.cancelReason,
  };
}
