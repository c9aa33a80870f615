/** A language code's name in the page's language (Intl.DisplayNames), the code itself if unknown. */
export function languageName(code: string, tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function listOf(items: string[], tag: string): string {
  return new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' }).format(items);
}
