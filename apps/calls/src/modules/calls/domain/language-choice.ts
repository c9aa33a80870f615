/**
 * The language to show a call in: the first requested one the call has a text in, else its
 * default. Pure, so the fallback order is unit tested.
 */
export function chooseLanguage(
  available: string[],
  defaultLanguage: string,
  requested: (string | undefined)[],
): { language: string; requested: string | null; fallback: boolean } {
  const wanted = requested.filter((l): l is string => !!l);
  const hit = wanted.find((l) => available.includes(l));
  return { language: hit ?? defaultLanguage, requested: wanted[0] ?? null, fallback: wanted.length > 0 && !hit };
}

/** Primary language subtags of an Accept-Language header, best first ("sr-Latn-RS,en;q=0.5" → sr, en). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().split('-')[0].toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => /^[a-z]{2,3}$/.test(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.lang);
}
