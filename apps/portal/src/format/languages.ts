import { supplementOf } from './intl-data';

const CODES = ['mk', 'sq', 'tr', 'rom', 'bs', 'sr', 'rup', 'hr', 'bg', 'en'] as const;
/**
 * The names of the region's languages (the calls' submission languages and the portal's), in
 * each portal language. Browsers' DisplayNames lack several of them (Chromium: mk, sq, bs), and
 * CLDR's whole name table is ~30 KB per language for these ten words.
 */
const NAMES: Record<string, readonly string[]> = {
  mk: ['македонски', 'албански', 'турски', 'ромски', 'босански', 'српски', 'влашки', 'хрватски', 'бугарски', 'англиски'],
  sq: ['maqedonisht', 'shqip', 'turqisht', 'romisht', 'boshnjakisht', 'serbisht', 'vllahisht', 'kroatisht', 'bullgarisht', 'anglisht'],
  bs: ['makedonski', 'albanski', 'turski', 'romski', 'bosanski', 'srpski', 'aromunski', 'hrvatski', 'bugarski', 'engleski'],
  hr: ['makedonski', 'albanski', 'turski', 'romski', 'bosanski', 'srpski', 'arumunjski', 'hrvatski', 'bugarski', 'engleski'],
  'sr-Cyrl': ['македонски', 'албански', 'турски', 'ромски', 'босански', 'српски', 'аромунски', 'хрватски', 'бугарски', 'енглески'],
  bg: ['македонски', 'албански', 'турски', 'ромски', 'босненски', 'сръбски', 'арумънски', 'хърватски', 'български', 'английски'],
  en: ['Macedonian', 'Albanian', 'Turkish', 'Romani', 'Bosnian', 'Serbian', 'Aromanian', 'Croatian', 'Bulgarian', 'English'],
};

/** A language code's name in the page's language; Intl.DisplayNames for others, else the code. */
export function languageName(code: string, tag: string): string {
  const i = (CODES as readonly string[]).indexOf(code);
  const own = i >= 0 ? NAMES[tag]?.[i] : undefined;
  if (own) return own;
  try {
    return new Intl.DisplayNames([tag], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function listOf(items: string[], tag: string): string {
  const LF = supplementOf(tag).ListFormat ?? Intl.ListFormat;
  return new LF(tag, { style: 'long', type: 'conjunction' }).format(items);
}
