import { supplementOf } from './intl-data';

/** A language code's name in the page's language (Intl.DisplayNames), the code itself if unknown. */
export function languageName(code: string, tag: string): string {
  try {
    const DN = supplementOf(tag).DisplayNames ?? Intl.DisplayNames;
    return new DN([tag], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function listOf(items: string[], tag: string): string {
  const LF = supplementOf(tag).ListFormat ?? Intl.ListFormat;
  return new LF(tag, { style: 'long', type: 'conjunction' }).format(items);
}
