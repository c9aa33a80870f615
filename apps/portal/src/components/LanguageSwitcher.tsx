import { useIntl } from 'react-intl';
import { useLocale } from '../i18n/I18nProvider';
import { INTL_TAG, LOCALE_NAMES, LOCALES, isLocale } from '../i18n/locales';

/** On every page: each language named in itself, with its `lang` so screen readers say it right. */
export function LanguageSwitcher() {
  const { locale, setLocale } = useLocale();
  const intl = useIntl();
  return (
    <div className="lang-switch">
      <label htmlFor="lang-switch" className="lang-switch__label">
        {intl.formatMessage({ id: 'lang.label' })}
      </label>
      <select
        id="lang-switch"
        className="input input--select lang-switch__select"
        value={locale}
        onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={INTL_TAG[l]}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
