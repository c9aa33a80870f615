import { createIntl } from 'react-intl';
import en from '../i18n/en.json';
import mk from '../i18n/mk.json';
import { describeError, describeProblem } from './errors';
import { ApiError } from '../api/errors';

const intlOf = (locale: string, messages: Record<string, string>) => createIntl({ locale, messages, onError: (e) => { throw e; } });

describe('problems in the user’s language', () => {
  const intl = intlOf('mk', { ...en, ...mk });

  it('names the field and fills the code’s params, never the English reason', () => {
    const text = describeProblem(intl, { field: 'text', code: 'WORD_COUNT', params: { min: 300, max: 1500, words: 12 }, reason: 'has 12 words; the call asks for at least 300' });
    expect(text).toBe('Есеј има 12 зборови; повикот бара од 300 до 1500');
    expect(describeProblem(intl, { field: 'applicant.email', code: 'FORMAT', params: { format: 'email' }, reason: 'must be an e-mail' })).toContain('Внесете е-пошта');
  });

  it('formats lists, sizes and the deadline in its zone', () => {
    const files = describeProblem(intl, { field: 'attachments.guardianConsent', code: 'FILE_TYPE', params: { allowed: ['application/pdf', 'image/png'] as never }, reason: 'x' });
    expect(files).toContain('PDF и PNG');
    const late = describeProblem(intl, { field: 'closesAt', code: 'DEADLINE_PASSED', params: { deadline: '2026-03-15T22:59:00Z', timeZone: 'Europe/Skopje' }, reason: 'x' });
    expect(late).toContain('23:59');
    expect(late).toContain('(Europe/Skopje)');
  });

  it('falls back to “check this field” for a code it does not know, and for none', () => {
    expect(describeProblem(intl, { field: 'title', code: 'SOMETHING_NEW', reason: 'x' })).toBe('Проверете: Наслов');
    expect(describeProblem(intl, { field: 'title', reason: 'x' })).toBe('Проверете: Наслов');
  });

  it('states a refusal by its code, with the deadline given', () => {
    expect(describeError(intl, new ApiError(409, 'APPLICATION.DEADLINE_PASSED'), { deadline: '15 март 2026, 23:59 (Europe/Skopje)' })).toBe(
      'Рокот помина: повикот се затвори на 15 март 2026, 23:59 (Europe/Skopje). Пријави повеќе не се примаат.',
    );
    expect(describeError(intl, ApiError.network(new Error('offline')))).toContain('Платформата не е достапна');
  });
});
