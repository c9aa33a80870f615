import type { IntlShape } from 'react-intl';
import type { FieldProblem } from '../../api/types';
import { describeProblem } from '../../components/errors';

/**
 * A problem in the user's language. The organisation forms know two the general messages do not:
 * the co-funding share below the call's minimum and budget lines that do not add up. Until every
 * service sends codes, a problem without one on those fields, whose value is there, is that one.
 */
export function describeFormProblem(intl: IntlShape, p: FieldProblem, labels: Record<string, string>, ctx: { minPercent?: number; hasShare: boolean; hasLines: boolean }): string {
  if (p.field === 'municipalityCoFundingMinor' && (p.code === 'SHARE_BELOW_MIN' || (!p.code && ctx.hasShare))) {
    const min = p.params?.minPercent ?? ctx.minPercent ?? 0;
    return intl.formatMessage({ id: 'makers.problem.shareBelowMin' }, { min });
  }
  if (p.field.startsWith('attachments.') && (p.code === 'REQUIRED' || !p.code)) {
    const field: string = labels[p.field] ?? p.field.slice('attachments.'.length);
    return intl.formatMessage({ id: 'ngo.attachment.required' }, { field });
  }
  if (p.field === 'budgetLines' && (p.code === 'SUM_MISMATCH' || (!p.code && ctx.hasLines))) return intl.formatMessage({ id: 'ngo.budget.mismatchServer' });
  return describeProblem(intl, p, labels);
}
