import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { supplyLocale } from '../format/intl-data';
import { INTL_TAG, isLocale, pickLocale, type Locale } from './locales';

type Messages = Record<string, string>;
const loaders = import.meta.glob<{ default: Messages }>('./*.json');
const STORAGE_KEY = 'portal.locale';

/** The language chosen before (a preference, not a secret), else the browser's languages. */
export function initialLocale(): Locale {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (isLocale(saved)) return saved;
  return pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

async function load(locale: Locale): Promise<Messages> {
  const [own, en] = await Promise.all([
    loaders[`./${locale}.json`]!(),
    locale === 'en' ? null : loaders['./en.json']!(),
    // CLDR data for what this browser cannot format in the language (Chromium: mk, sq, bs).
    supplyLocale(INTL_TAG[locale]).catch(() => undefined),
  ]);
  // The unit test keeps every locale complete; English only covers a key added in a hurry.
  return { ...(en?.default ?? {}), ...own.default };
}

interface LocaleContext {
  locale: Locale;
  /** The BCP 47 tag for Intl (sr → sr-Cyrl). */
  tag: string;
  setLocale(l: Locale): void;
}

const Ctx = createContext<LocaleContext | null>(null);

export function useLocale(): LocaleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useLocale outside I18nProvider');
  return c;
}

export function I18nProvider({ children, onChange }: { children: ReactNode; onChange?: (l: Locale) => void }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [messages, setMessages] = useState<{ locale: Locale; messages: Messages } | null>(null);

  useEffect(() => {
    let live = true;
    void load(locale).then((m) => live && setMessages({ locale, messages: m }));
    document.documentElement.lang = INTL_TAG[locale];
    return () => {
      live = false;
    };
  }, [locale]);

  const setLocale = useCallback(
    (l: Locale) => {
      window.localStorage.setItem(STORAGE_KEY, l);
      setLocaleState(l);
      onChange?.(l);
    },
    [onChange],
  );

  const value = useMemo(() => ({ locale, tag: INTL_TAG[locale], setLocale }), [locale, setLocale]);
  if (!messages) return null;
  return (
    <Ctx.Provider value={value}>
      <IntlProvider locale={INTL_TAG[messages.locale]} messages={messages.messages} defaultLocale="en">
        {children}
      </IntlProvider>
    </Ctx.Provider>
  );
}
