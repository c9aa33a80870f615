import type { IntlShape } from 'react-intl';
import type { Draft, FieldProblem, PublicCall } from '../../api/types';
import { withCodes } from './DraftShell';
import { emptyAt, type Patch } from './kindValues';

/**
 * The labels every organisation's form gives the fields they share, the call's files and its
 * free-text sections (the call's own title in this language, else the portal's, else the key).
 */
export function proposalLabels(intl: IntlShape, locale: string, call: PublicCall, sectionKeys: string[]): Record<string, string> {
  const m = (id: string) => intl.formatMessage({ id });
  const known = (id: string, fallback: string) => (intl.messages[id] ? m(id) : fallback);
  return {
    title: m('ngo.title'),
    summary: m('ngo.summary'),
    language: m('ngo.language'),
    objectives: m('ngo.objectives'),
    activities: m('ngo.activities'),
    budgetLines: m('ngo.budget'),
    requestedAmountMinor: m('ngo.requested'),
    otherCoFundingMinor: m('ngo.otherCoFunding'),
    'applicant.fullName': m('ngo.applicant.fullName'),
    'applicant.email': m('ngo.applicant.email'),
    'leadOrganisation.name': m('ngo.org.name'),
    ...Object.fromEntries((call.form?.attachments ?? []).map((a) => [`attachments.${a.key}`, a.labels?.[locale]?.title ?? known(`ngo.attachment.${a.key}`, a.key)])),
    ...Object.fromEntries(sectionKeys.map((k) => [`sections.${k}`, call.form?.sections?.find((s) => s.key === k)?.labels?.[locale]?.title ?? known(`ngo.section.${k}`, k)])),
  };
}

/**
 * The form's `codify` (see DraftShell): a missing file is judged against the draft's attachments,
 * any other field against what is typed (`body`) or, for `server`, what the service last saved.
 */
export const proposalCodify =
  (draft: Draft, body: Patch, saved: Patch) =>
  (ps: FieldProblem[], against?: 'server'): FieldProblem[] =>
    withCodes(ps, (f) => (f.startsWith('attachments.') ? !draft.attachments.some((a) => `attachments.${a.key}` === f) : emptyAt(against ? saved : body, f)));
