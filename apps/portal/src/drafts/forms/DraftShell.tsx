import { type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../../api/errors';
import type { Draft, FieldProblem, PublicCall } from '../../api/types';
import { AttachmentSlot } from '../../components/AttachmentSlot';
import { fieldId } from '../../components/errors';
import { formatInstant } from '../../format/format';
import { useLocale } from '../../i18n/I18nProvider';
import { GrantErrors } from '../../grants/GrantErrors';
import { CheckAndSubmit, DraftHeading, draftLock, useSubmitDraft } from '../DraftChrome';
import type { useFormDraft } from './useFormDraft';

type FormDraft = ReturnType<typeof useFormDraft<unknown>>;

/** The form parts a field path belongs to have their own ids; list entries link to their group. */
export const targetOf = (field: string) => fieldId(field);

/**
 * A problem the service sent without a code is, when the field is empty, the "is required" one:
 * shown as such. Every other problem keeps its code (or none) and is described from it.
 */
export function withCodes(problems: FieldProblem[], isEmptyAt: (field: string) => boolean): FieldProblem[] {
  return problems.map((p) => (p.code || !isEmptyAt(p.field) ? p : { ...p, code: 'REQUIRED' }));
}

/**
 * What every organisation's form has around its own fields: the call and its deadline, the save
 * state, a conflict between tabs, the error summary, the call's files, "check and submit".
 */
export function DraftShell({
  d,
  call,
  problems,
  describe,
  codify,
  children,
}: {
  d: FormDraft;
  call: PublicCall;
  /** Every problem shown: the last submit's, the last save's, and the form's own checks. */
  problems: FieldProblem[];
  describe: (p: FieldProblem) => string;
  /**
   * The service's problems with codes filled in where the form knows them (see withCodes), judged
   * against what is typed, or (`server`) against the draft as the service last saved it.
   */
  codify: (ps: FieldProblem[], against?: 'server') => FieldProblem[];
  children: (locked: boolean, at: (field: string) => string | undefined) => ReactNode;
}) {
  const intl = useIntl();
  const { tag, locale } = useLocale();
  const draft: Draft = d.draft;
  const applicationId = draft.id;
  const { submit, submitting, submitError } = useSubmitDraft(d, applicationId);
  const tz = call.timeZone;
  const { closed, locked } = draftLock(draft);
  const deadline = `${formatInstant(draft.call.closesAt, tag, tz)} (${tz})`;

  const submitProblems = codify(submitError instanceof ApiError ? submitError.problems : []);
  const draftProblems = codify(draft.problems, 'server');
  const summary = [...submitProblems, ...problems];
  const at = (field: string) => {
    const p = summary.find((x) => x.field === field || x.field.startsWith(`${field}.`) || x.field.startsWith(`${field}[`));
    return p ? describe(p) : undefined;
  };

  return (
    <div className="draft">
      <DraftHeading d={d} draft={draft} call={call} tz={tz} closed={closed} submitError={submitError} />

      <GrantErrors error={submitError} problems={summary} describe={describe} values={{ deadline }} />

      <form noValidate onSubmit={(e) => e.preventDefault()}>
        {children(locked, at)}

        {call.form?.attachments?.length ? (
          <section className="section" aria-labelledby="attachments-h">
            <h2 id="attachments-h">
              <FormattedMessage id="draft.section.attachments" />
            </h2>
            {call.form.attachments.map((slot) => (
              <AttachmentSlot
                key={slot.key}
                applicationId={applicationId}
                slot={{ ...slot, labels: slot.labels ?? (intl.messages[`ngo.attachment.${slot.key}`] ? Object.fromEntries([[locale, { title: intl.formatMessage({ id: `ngo.attachment.${slot.key}` }) }]]) : undefined) }}
                current={draft.attachments.find((a) => a.key === slot.key)}
                disabled={locked}
                error={(() => {
                  const p = summary.find((x) => x.field === `attachments.${slot.key}`);
                  return p ? describe(p) : undefined;
                })()}
                onChanged={() => void d.refreshFromServer()}
              />
            ))}
          </section>
        ) : null}

        <CheckAndSubmit problems={draftProblems} linkOf={(p) => targetOf(p.field)} describe={describe} locked={locked} submitting={submitting} onSubmit={() => void submit()} />
      </form>
    </div>
  );
}
