import { useMemo, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useParams } from 'react-router';
import { api, query, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { FieldProblem, PublicCall } from '../api/types';
import { useAsync } from '../app/useAsync';
import { usePageTitle } from '../app/usePageTitle';
import { AttachmentSlot } from '../components/AttachmentSlot';
import { ErrorSummary } from '../components/ErrorSummary';
import { describeProblem, fieldId, problemAt } from '../components/errors';
import { SelectField, TextArea, TextField } from '../components/Field';
import { LoadFailed, Loading } from '../components/PageStates';
import { ageOn, type EssayValues } from '../drafts/essayValues';
import { CheckAndSubmit, DraftHeading, draftLock, useSubmitDraft } from '../drafts/DraftChrome';
import { KindDraftForm } from '../drafts/forms/KindDraftForm';
import { useDraft } from '../drafts/useDraft';
import { countWords, formatInstant } from '../format/format';
import { languageName } from '../format/languages';
import { useLocale } from '../i18n/I18nProvider';

const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The essay contest's form: autosaved, with the guardian's consent for minors, files and submit. */
export default function DraftPage() {
  const { applicationId = '' } = useParams();
  const intl = useIntl();
  const { locale, tag } = useLocale();
  const d = useDraft(applicationId);
  const { draft, values } = d;
  const { data: call } = useAsync(
    async () => (draft ? (await unwrap<PublicCall>(api.GET('/api/calls/catalogue/{callId}', { params: { path: { callId: draft.callId }, ...query({ lang: locale }) } as never }))).data : null),
    [draft?.callId, locale],
  );
  const { submit, submitting, submitError } = useSubmitDraft(d, applicationId);
  const [guardian, setGuardian] = useState({ guardianName: '', relation: '' });
  const [guardianError, setGuardianError] = useState<unknown>(null);
  usePageTitle(intl.formatMessage({ id: 'draft.title' }));

  const labels = useMemo(() => {
    const l: Record<string, string> = {};
    for (const s of draft?.call.form?.sections ?? []) {
      const t = s.labels?.[locale]?.title;
      if (t) l[s.key === 'essay' ? 'text' : s.key] = t;
    }
    return l;
  }, [draft, locale]);

  if (d.loadError) return <LoadFailed error={d.loadError} />;
  if (!draft || !values) return <Loading />;
  // The other kinds of call have their own forms (drafts/forms), with their own autosave.
  if (draft.call.kind !== 'ESSAY_CONTEST') return <KindDraftForm draft={draft} call={call} />;

  const tz = call?.timeZone ?? 'UTC';
  const deadline = `${formatInstant(draft.call.closesAt, tag, tz)} (${tz})`;
  const limits = call?.eligibility?.wordLimits;
  const words = countWords(values.text);
  const consentAge = call?.eligibility?.guardianConsentUnderAge;
  const age = ageOn(values.dateOfBirth, todayIn(tz));
  const needsConsent = Boolean(draft.guardianConsent) || draft.problems.some((p) => p.field === 'guardianConsent') || (consentAge !== undefined && age !== null && age < consentAge);
  const { closed, locked } = draftLock(draft);
  const submitProblems: FieldProblem[] = submitError instanceof ApiError ? submitError.problems : [];
  const shownProblems = [...submitProblems, ...d.saveProblems];
  const at = (field: string) => problemAt(intl, shownProblems, field, labels);
  const set = (k: keyof EssayValues) => (e: { target: { value: string } }) => d.setValues({ ...values, [k]: e.target.value });

  return (
    <div className="draft">
      <DraftHeading d={d} draft={draft} call={call} tz={tz} closed={closed} submitError={submitError} />

      <ErrorSummary error={submitError} problems={shownProblems} labels={labels} values={{ deadline }} targets={{ guardianConsent: fieldId('guardianName') }} />

      <form noValidate onSubmit={(e) => e.preventDefault()}>
        <fieldset className="section" disabled={locked}>
          <legend>
            <h2>
              <FormattedMessage id="draft.section.applicant" />
            </h2>
          </legend>
          <TextField name="applicant.fullName" autoComplete="name" label={<FormattedMessage id="draft.fullName" />} value={values.fullName} onChange={set('fullName')} error={at('applicant.fullName')} />
          <TextField name="applicant.email" type="email" autoComplete="email" label={<FormattedMessage id="draft.email" />} value={values.email} onChange={set('email')} error={at('applicant.email')} />
          <TextField name="applicant.school" label={<FormattedMessage id="draft.school" />} value={values.school} onChange={set('school')} error={at('applicant.school')} optional />
          <TextField
            name="applicant.dateOfBirth"
            type="date"
            autoComplete="bday"
            label={<FormattedMessage id="draft.dateOfBirth" />}
            hint={<FormattedMessage id="draft.dateOfBirth.hint" />}
            value={values.dateOfBirth}
            onChange={set('dateOfBirth')}
            error={at('applicant.dateOfBirth')}
          />
        </fieldset>

        {needsConsent ? (
          <fieldset className="section" disabled={locked} data-testid="guardian-section">
            <legend>
              <h2 id="guardian-h">
                <FormattedMessage id="draft.section.guardian" />
              </h2>
            </legend>
            {draft.guardianConsent ? (
              <p className="notice notice--success" data-testid="guardian-recorded">
                <FormattedMessage
                  id="draft.guardian.recorded"
                  values={{
                    name: draft.guardianConsent.guardianName,
                    relation: draft.guardianConsent.relation,
                    time: draft.guardianConsent.consentedAt ? formatInstant(draft.guardianConsent.consentedAt, tag, tz) : '',
                  }}
                />
              </p>
            ) : (
              <>
                <p>
                  <FormattedMessage id="draft.guardian.intro" values={{ age: consentAge ?? 18 }} />
                </p>
                {guardianError ? <ErrorSummary error={guardianError} problems={guardianError instanceof ApiError ? guardianError.problems : []} /> : null}
                <TextField
                  name="guardianName"
                  label={<FormattedMessage id="draft.guardian.name" />}
                  value={guardian.guardianName}
                  onChange={(e) => setGuardian({ ...guardian, guardianName: e.target.value })}
                  error={problemAt(intl, guardianError instanceof ApiError ? guardianError.problems : [], 'guardianName') ?? at('guardianConsent')}
                />
                <TextField
                  name="relation"
                  label={<FormattedMessage id="draft.guardian.relation" />}
                  hint={<FormattedMessage id="draft.guardian.relation.hint" />}
                  value={guardian.relation}
                  onChange={(e) => setGuardian({ ...guardian, relation: e.target.value })}
                  error={problemAt(intl, guardianError instanceof ApiError ? guardianError.problems : [], 'relation')}
                />
                <button
                  type="button"
                  className="button button--secondary"
                  data-testid="record-consent"
                  onClick={async () => {
                    setGuardianError(null);
                    const missing = (['guardianName', 'relation'] as const).filter((k) => !guardian[k].trim());
                    if (missing.length) return setGuardianError(new ApiError(400, 'REQUEST.INVALID', missing.map((field) => ({ field, reason: 'required', code: 'REQUIRED' }))));
                    try {
                      if (!(await d.flush())) return;
                      await unwrap(
                        api.PUT('/api/applications/{applicationId}/guardian-consent', { params: { path: { applicationId } }, body: guardian as never }),
                      );
                      await d.refreshFromServer();
                    } catch (err) {
                      setGuardianError(err);
                    }
                  }}
                >
                  <FormattedMessage id="draft.guardian.save" />
                </button>
              </>
            )}
          </fieldset>
        ) : null}

        <fieldset className="section" disabled={locked}>
          <legend>
            <h2>
              <FormattedMessage id="draft.section.essay" />
            </h2>
          </legend>
          <SelectField name="language" label={<FormattedMessage id="draft.language" />} value={values.language} onChange={set('language')} error={at('language')}>
            <option value="">—</option>
            {(call?.submissionLanguages ?? [values.language]).filter(Boolean).map((l) => (
              <option key={l} value={l}>
                {languageName(l, tag)}
              </option>
            ))}
          </SelectField>
          <TextField name="title" label={labels.title ?? <FormattedMessage id="draft.essayTitle" />} value={values.title} onChange={set('title')} error={at('title')} lang={values.language || undefined} />
          <TextArea
            name="text"
            rows={16}
            label={labels.text ?? <FormattedMessage id="draft.essayText" />}
            hint={limits ? <FormattedMessage id="draft.wordLimits" values={{ min: limits.minWords ?? 0, max: limits.maxWords ?? '∞' }} /> : undefined}
            value={values.text}
            onChange={set('text')}
            error={at('text')}
            lang={values.language || undefined}
            describedBy="word-count"
            after={
              <p id="word-count" className="word-count" data-testid="word-count">
                <FormattedMessage id="draft.wordCount" values={{ count: words }} />
                {limits?.maxWords && words > limits.maxWords ? (
                  <span className="word-count__over">
                    {' — '}
                    <FormattedMessage id="draft.wordsOver" values={{ count: words - limits.maxWords }} />
                  </span>
                ) : limits?.minWords && words < limits.minWords ? (
                  <span className="word-count__under">
                    {' — '}
                    <FormattedMessage id="draft.wordsUnder" values={{ count: limits.minWords - words }} />
                  </span>
                ) : null}
              </p>
            }
          />
        </fieldset>

        {draft.call.form?.attachments?.length ? (
          <section className="section" aria-labelledby="attachments-h">
            <h2 id="attachments-h">
              <FormattedMessage id="draft.section.attachments" />
            </h2>
            {draft.call.form.attachments.map((slot) => (
              <AttachmentSlot
                key={slot.key}
                applicationId={applicationId}
                slot={slot}
                current={draft.attachments.find((a) => a.key === slot.key)}
                disabled={locked}
                error={at(`attachments.${slot.key}`)}
                onChanged={() => void d.refreshFromServer()}
              />
            ))}
          </section>
        ) : null}

        <CheckAndSubmit
          problems={draft.problems}
          linkOf={(p) => (p.field === 'guardianConsent' ? fieldId('guardianName') : fieldId(p.field))}
          describe={(p) => describeProblem(intl, p, labels)}
          locked={locked}
          submitting={submitting}
          onSubmit={() => void submit()}
        />
      </form>
    </div>
  );
}
