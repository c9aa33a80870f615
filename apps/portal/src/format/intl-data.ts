/**
 * Browsers ship a reduced ICU: Chromium formats no Macedonian or Albanian (and Bosnian only in
 * part), falling back to the root locale ("MKD 1,234.50", "2026 M12 4"). For a locale the
 * browser cannot format, FormatJS's implementations of the same Intl APIs are loaded with that
 * locale's CLDR data, as a separate chunk, and used *beside* the native ones (never replacing
 * them globally). Time zones stay native: an instant is formatted at the zone's UTC offset.
 * Language names come from format/languages.ts (ten words, not CLDR's 30 KB table).
 */
type Ctor = { new (locales?: string | string[], options?: object): unknown; __addLocaleData?: (...d: unknown[]) => void };

export interface IntlSupplement {
  NumberFormat?: typeof Intl.NumberFormat;
  DateTimeFormat?: typeof Intl.DateTimeFormat;
  ListFormat?: typeof Intl.ListFormat;
}

const supplements = new Map<string, IntlSupplement>();
export const supplementOf = (tag: string): IntlSupplement => supplements.get(tag) ?? {};

// Native constructors, captured before anything can touch the globals.
export const Native = { NumberFormat: Intl.NumberFormat, DateTimeFormat: Intl.DateTimeFormat, ListFormat: Intl.ListFormat };

/** What the browser cannot format in this locale (root-locale output is the tell). */
export function missingIn(tag: string): (keyof IntlSupplement)[] {
  if (tag === 'en') return [];
  const missing: (keyof IntlSupplement)[] = [];
  try {
    if (new Native.NumberFormat(tag).format(1234.5) === '1,234.5') missing.push('NumberFormat');
  } catch {
    missing.push('NumberFormat');
  }
  try {
    if (/^M\d+$/.test(new Native.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 15)))) missing.push('DateTimeFormat');
  } catch {
    missing.push('DateTimeFormat');
  }
  try {
    if (new Native.ListFormat(tag).format(['a', 'b']) === 'a and b') missing.push('ListFormat');
  } catch {
    missing.push('ListFormat');
  }
  return missing;
}

/** Loads one CLDR data file into a FormatJS class (the files register with the global class). */
async function withData<T extends Ctor>(poly: T, native: Ctor, load: () => Promise<unknown>): Promise<T> {
  const had = Object.prototype.hasOwnProperty.call(native, '__addLocaleData');
  const previous = native.__addLocaleData;
  native.__addLocaleData = (...d: unknown[]) => poly.__addLocaleData!(...d);
  try {
    await load();
  } finally {
    if (had) native.__addLocaleData = previous;
    else delete native.__addLocaleData;
  }
  return poly;
}

// One loader per locale and API, so each is its own chunk, fetched only when needed.
const NUMBER_DATA: Record<string, () => Promise<unknown>> = {
  mk: () => import('@formatjs/intl-numberformat/locale-data/mk.js'),
  sq: () => import('@formatjs/intl-numberformat/locale-data/sq.js'),
  bs: () => import('@formatjs/intl-numberformat/locale-data/bs.js'),
  'sr-Cyrl': () => import('@formatjs/intl-numberformat/locale-data/sr-Cyrl.js'),
  hr: () => import('@formatjs/intl-numberformat/locale-data/hr.js'),
  bg: () => import('@formatjs/intl-numberformat/locale-data/bg.js'),
};
const DATE_DATA: Record<string, () => Promise<unknown>> = {
  mk: () => import('@formatjs/intl-datetimeformat/locale-data/mk.js'),
  sq: () => import('@formatjs/intl-datetimeformat/locale-data/sq.js'),
  bs: () => import('@formatjs/intl-datetimeformat/locale-data/bs.js'),
  'sr-Cyrl': () => import('@formatjs/intl-datetimeformat/locale-data/sr-Cyrl.js'),
  hr: () => import('@formatjs/intl-datetimeformat/locale-data/hr.js'),
  bg: () => import('@formatjs/intl-datetimeformat/locale-data/bg.js'),
};
const LIST_DATA: Record<string, () => Promise<unknown>> = {
  mk: () => import('@formatjs/intl-listformat/locale-data/mk.js'),
  sq: () => import('@formatjs/intl-listformat/locale-data/sq.js'),
  bs: () => import('@formatjs/intl-listformat/locale-data/bs.js'),
  'sr-Cyrl': () => import('@formatjs/intl-listformat/locale-data/sr-Cyrl.js'),
  hr: () => import('@formatjs/intl-listformat/locale-data/hr.js'),
  bg: () => import('@formatjs/intl-listformat/locale-data/bg.js'),
};

/** Makes formatting in `tag` right in this browser; a no-op where the browser has the data. */
export async function supplyLocale(tag: string): Promise<void> {
  if (supplements.has(tag)) return;
  const missing = missingIn(tag);
  const s: IntlSupplement = {};
  const jobs: Promise<unknown>[] = [];
  if (missing.includes('NumberFormat') && NUMBER_DATA[tag]) {
    jobs.push(
      import('@formatjs/intl-numberformat').then(async ({ NumberFormat }) => {
        s.NumberFormat = (await withData(NumberFormat as unknown as Ctor, Native.NumberFormat as unknown as Ctor, NUMBER_DATA[tag]!)) as unknown as typeof Intl.NumberFormat;
      }),
    );
  }
  if (missing.includes('DateTimeFormat') && DATE_DATA[tag]) {
    jobs.push(
      import('@formatjs/intl-datetimeformat').then(async ({ DateTimeFormat }) => {
        s.DateTimeFormat = (await withData(DateTimeFormat as unknown as Ctor, Native.DateTimeFormat as unknown as Ctor, DATE_DATA[tag]!)) as unknown as typeof Intl.DateTimeFormat;
      }),
    );
  }
  if (missing.includes('ListFormat') && LIST_DATA[tag]) {
    jobs.push(
      import('@formatjs/intl-listformat').then(async (m) => {
        s.ListFormat = (await withData(m.default as unknown as Ctor, Native.ListFormat as unknown as Ctor, LIST_DATA[tag]!)) as unknown as typeof Intl.ListFormat;
      }),
    );
  }
  await Promise.all(jobs);
  supplements.set(tag, s);
}
