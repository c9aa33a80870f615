import { CallTextV1 } from '@grants/contracts';
import { chooseLanguage } from '../calls/domain/language-choice';
import { describeDeadline, localIso } from '../calls/domain/deadline';
import { CallEntity } from '../calls/entities/call.entity';

export interface PublicProgramme {
  code: string;
  name: string;
  funder: string;
}

function textIn(c: CallEntity, requested: (string | undefined)[]) {
  const choice = chooseLanguage(Object.keys(c.texts), c.defaultLanguage, requested);
  const text: CallTextV1 = c.texts[choice.language] ?? { title: c.referenceCode };
  return { choice, text };
}

/** One line of the catalogue, in the requested language or the call's default. */
export function catalogueItem(c: CallEntity, requested: (string | undefined)[], now: Date) {
  const { choice, text } = textIn(c, requested);
  return {
    id: c.id,
    referenceCode: c.referenceCode,
    kind: c.kind,
    status: c.status,
    language: choice.language,
    fallback: choice.fallback,
    title: text.title,
    summary: text.summary ?? null,
    funder: c.funder,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt?.toISOString() ?? null,
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    deadline: describeDeadline(c.closesAt, c.timeZone, now),
    submissionLanguages: c.submissionLanguages,
    partnerMunicipalities: c.eligibility?.partnerMunicipalities ?? [],
  };
}

/** Everything an applicant needs to read about a call; texts exactly as written. */
export function publicCallView(
  c: CallEntity,
  requested: (string | undefined)[],
  now: Date,
  extra: {
    programme: PublicProgramme | null;
    amendments: { version: number; reason: string; changes: unknown; at: string }[];
    outcome: unknown;
  },
) {
  const { choice, text } = textIn(c, requested);
  return {
    id: c.id,
    referenceCode: c.referenceCode,
    kind: c.kind,
    status: c.status,
    version: c.version,
    language: choice.language,
    requestedLanguage: choice.requested,
    fallback: choice.fallback,
    availableLanguages: Object.keys(c.texts).sort(),
    title: text.title,
    summary: text.summary ?? null,
    body: text.body ?? null,
    funder: c.funder,
    programme: extra.programme,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt?.toISOString() ?? null,
    opensAtLocal: c.opensAt ? localIso(c.opensAt, c.timeZone) : null,
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    deadline: describeDeadline(c.closesAt, c.timeZone, now),
    submissionLanguages: c.submissionLanguages,
    eligibility: c.eligibility,
    form: c.form,
    rubric: c.rubric,
    evaluation: c.evaluation,
    awardRules: c.awardRules,
    paymentPolicy: c.paymentPolicy,
    appealWindowDays: c.appealWindowDays,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    amendments: extra.amendments,
    outcome: extra.outcome,
  };
}
