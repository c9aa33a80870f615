import { FieldProblem } from '@grants/common';
import { EntityManager } from 'typeorm';
import { searchDocument, municipalityKey } from '../domain/search-text';
import { CreateCallDto } from '../dto/create-call.dto';
import { ON_PUBLICATION } from '../dto/instant.validator';
import { CallEntity } from '../entities/call.entity';
import { draftInvalid, fieldsNotNullable, referenceTaken } from '../calls.errors';

/** Fields a call always has: they can be replaced in a draft, never cleared. */
const REQUIRED: (keyof CreateCallDto)[] = [
  'referenceCode',
  'kind',
  'currency',
  'budgetMinor',
  'opensAt',
  'closesAt',
  'timeZone',
  'defaultLanguage',
  'texts',
];

export function refuseNulls(dto: Partial<CreateCallDto>): void {
  const problems: FieldProblem[] = REQUIRED.filter((k) => k in dto && (dto as Record<string, unknown>)[k] === null).map((k) => ({
    field: k,
    code: 'REQUIRED', reason: `${k} cannot be cleared`,
  }));
  if (problems.length) throw fieldsNotNullable(problems);
}

/** Copies the given parts of a request onto a draft (undefined: unchanged; null: cleared). */
export function applyDraftFields(call: CallEntity, dto: Partial<CreateCallDto>): void {
  const set = <K extends keyof CallEntity>(key: K, value: CallEntity[K] | undefined) => {
    if (value !== undefined) call[key] = value;
  };
  set('referenceCode', dto.referenceCode);
  set('kind', dto.kind);
  set('programmeId', dto.programmeId);
  set('funder', dto.funder);
  set('currency', dto.currency);
  if (dto.budgetMinor !== undefined) call.budgetMinor = BigInt(dto.budgetMinor);
  if (dto.opensAt !== undefined) call.opensAt = dto.opensAt === ON_PUBLICATION ? null : new Date(dto.opensAt);
  if (dto.closesAt !== undefined) call.closesAt = new Date(dto.closesAt);
  set('timeZone', dto.timeZone);
  set('defaultLanguage', dto.defaultLanguage);
  set('texts', dto.texts);
  if (dto.submissionLanguages !== undefined) call.submissionLanguages = dto.submissionLanguages ?? [];
  set('eligibility', dto.eligibility);
  set('form', dto.form);
  set('rubric', dto.rubric);
  set('evaluation', dto.evaluation);
  set('awardRules', dto.awardRules);
  set('paymentPolicy', dto.paymentPolicy);
  set('appealWindowDays', dto.appealWindowDays);
  call.blindReview = call.evaluation?.blind ?? false;
  refreshSearchFields(call);
}

export function refreshSearchFields(call: CallEntity): void {
  const municipalities = call.eligibility?.partnerMunicipalities ?? [];
  call.searchText = searchDocument({ referenceCode: call.referenceCode, texts: call.texts, partnerMunicipalities: municipalities });
  call.municipalityKeys = [...new Set(municipalities.map(municipalityKey))];
}

/** What the database would refuse with a 500 is refused here with the field named. */
export async function checkReferences(m: EntityManager, call: CallEntity): Promise<void> {
  const [taken] = await m.query(`SELECT 1 FROM call WHERE reference_code = $1 AND id <> $2`, [call.referenceCode, call.id]);
  if (taken) throw referenceTaken(call.referenceCode);
  if (call.programmeId) {
    const [programme] = await m.query(`SELECT 1 FROM programme WHERE id = $1`, [call.programmeId]);
    if (!programme) throw draftInvalid([{ field: 'programmeId', code: 'NOT_FOUND', reason: `there is no programme ${call.programmeId}` }]);
  }
}

/** A unique index lost a race the check above could not see. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

/** The parts of a call worth recording in the audit log when a draft changes (texts are large). */
export function auditedDraft(c: CallEntity) {
  return {
    referenceCode: c.referenceCode,
    kind: c.kind,
    status: c.status,
    programmeId: c.programmeId,
    currency: c.currency,
    budgetMinor: c.budgetMinor.toString(),
    opensAt: c.opensAt?.toISOString() ?? ON_PUBLICATION,
    closesAt: c.closesAt.toISOString(),
    timeZone: c.timeZone,
    languages: Object.keys(c.texts).sort(),
  };
}
