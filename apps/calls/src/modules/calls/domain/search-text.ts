import { CallTextV1 } from '@grants/contracts';

/**
 * Search is case- and accent-insensitive in every script: both the stored document and the query
 * are decomposed, lower-cased and stripped of combining marks (Istočno → istocno, СОГРАЃАНИН →
 * сограганин), so the result does not depend on the database's locale. The texts themselves are
 * stored and returned exactly as written; only this derived column is folded.
 */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/\s+/gu, ' ')
    .normalize('NFC')
    .trim();
}

/** The searchable text of a call: titles and summaries in every language, its code and partner municipalities. */
export function searchDocument(call: {
  referenceCode: string;
  texts: Record<string, CallTextV1>;
  partnerMunicipalities?: string[];
}): string {
  const parts = [call.referenceCode];
  for (const t of Object.values(call.texts)) parts.push(t.title, t.summary ?? '');
  parts.push(...(call.partnerMunicipalities ?? []));
  return parts.map(foldForSearch).filter(Boolean).join('\n');
}

/** The query's words, folded, each to be found somewhere in the document (AND). */
export function searchTerms(q: string): string[] {
  return [...new Set(foldForSearch(q).split(' ').filter(Boolean))].slice(0, 8);
}

/** A LIKE/ILIKE pattern that finds `term` anywhere, with the wildcards in it taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Municipality names as the filter compares them. */
export const municipalityKey = (name: string): string => foldForSearch(name);
