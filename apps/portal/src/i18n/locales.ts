/** The seven languages of the platform (the gateway's LANGUAGES), in the switcher's order. */
export const LOCALES = ['mk', 'sq', 'bs', 'sr', 'hr', 'bg', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name, as its speakers write it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  mk: 'Македонски',
  sq: 'Shqip',
  bs: 'Bosanski',
  sr: 'Српски',
  hr: 'Hrvatski',
  bg: 'Български',
  en: 'English',
};

/** The BCP 47 tag for Intl and `<html lang>`: Serbian is written in Cyrillic here. */
export const INTL_TAG: Record<Locale, string> = { mk: 'mk', sq: 'sq', bs: 'bs', sr: 'sr-Cyrl', hr: 'hr', bg: 'bg', en: 'en' };

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/**
 * The first of the browser's languages that we speak (`sr-Latn-RS` → sr, `en-GB` → en),
 * English when none.
 */
export function pickLocale(browserLanguages: readonly string[]): Locale {
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(base)) return base;
    // Serbo-Croatian tags seen in the wild.
    if (base === 'sh') return 'sr';
  }
  return DEFAULT_LOCALE;
}
