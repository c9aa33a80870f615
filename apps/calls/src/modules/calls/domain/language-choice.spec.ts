import { chooseLanguage, parseAcceptLanguage } from './language-choice';

describe('language of a public view', () => {
  it('serves the first requested language the call has, else its default', () => {
    expect(chooseLanguage(['bs', 'sr', 'en'], 'bs', ['sr'])).toEqual({ language: 'sr', requested: 'sr', fallback: false });
    expect(chooseLanguage(['bs', 'sr', 'en'], 'bs', ['hr', 'en'])).toEqual({ language: 'en', requested: 'hr', fallback: false });
    expect(chooseLanguage(['bs', 'sr', 'en'], 'bs', ['hr'])).toEqual({ language: 'bs', requested: 'hr', fallback: true });
    expect(chooseLanguage(['bs'], 'bs', [undefined])).toEqual({ language: 'bs', requested: null, fallback: false });
  });

  it('reads Accept-Language by quality', () => {
    expect(parseAcceptLanguage('en;q=0.5, sr-Latn-RS, mk;q=0.8, *;q=0.1')).toEqual(['sr', 'mk', 'en']);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });
});
