import { ApplicantIdentity, ApplicationContent, textsOf } from './application-content';

/** A possible self-identification in a blind entry: for the officer only, never for evaluators. */
export interface SelfIdentificationFlag {
  /** Where it was found: `title`, `text`, `sections.essay`, … */
  field: string;
  /** What matched: the full name, the surname, the school, the organisation or the e-mail. */
  matched: 'FULL_NAME' | 'SURNAME' | 'GIVEN_NAME' | 'SCHOOL' | 'ORGANISATION' | 'EMAIL';
}

// Cyrillic → Latin as the region's own languages write it (mk, sr, bg, bs), so that
// „Петровска“ also matches an essay that writes "Petrovska".
const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ѓ: 'gj', ђ: 'dj', е: 'e', ж: 'zh', з: 'z', ѕ: 'dz', и: 'i', ј: 'j', й: 'j',
  к: 'k', л: 'l', љ: 'lj', м: 'm', н: 'n', њ: 'nj', о: 'o', п: 'p', р: 'r', с: 's', т: 't', ќ: 'kj', ћ: 'c', у: 'u',
  ф: 'f', х: 'h', ц: 'c', ч: 'ch', џ: 'dz', ш: 'sh', щ: 'sht', ъ: 'a', ь: '', ю: 'ju', я: 'ja', ы: 'y', э: 'e', ё: 'e',
};
const CYR_LETTER = new RegExp(`[${Object.keys(CYR).join('')}]`, 'gu');
// Latin letters with diacritics folded the way people type without them (š → s, ž → z, ı → i).
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/đ/g, 'dj');

/** A form of a text in which the same name in another script or without diacritics compares equal. */
export function comparable(text: string): string {
  // One pass of the engine instead of a string built letter by letter (essays are long).
  const out = text.normalize('NFC').toLocaleLowerCase().replace(CYR_LETTER, (ch) => CYR[ch]);
  return fold(out)
    .replace(/(zh|ch|sh|dz|dj|gj|kj|lj|nj)/g, (m) => m[0]) // č/ch, š/sh, ž/zh all compare as c/s/z
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `padded` is the comparable text with a space on either side (whole words only). */
const containsPhrase = (padded: string, phrase: string) => {
  if (!phrase) return false;
  return padded.includes(` ${phrase} `);
};

/**
 * Looks for the applicant's own name, school, organisation or e-mail in the text of an entry.
 * Whole words only, in either script, with or without diacritics. A given name alone is flagged
 * too (it may be another person's: the officer decides).
 */
export function selfIdentificationFlags(content: ApplicationContent, identity: ApplicantIdentity): SelfIdentificationFlag[] {
  const fields: [string, unknown][] = [
    ['title', content.title],
    ['text', content.text],
    ['summary', content.summary],
    ...Object.entries(content.sections ?? {}).map(([k, v]) => [`sections.${k}`, v] as [string, unknown]),
    ['objectives', content.objectives],
    ['results', content.results],
    ['activities', content.activities],
  ];
  const name = comparable(identity.fullName ?? '');
  const parts = name.split(' ').filter((p) => p.length >= 3);
  const surname = parts.length > 1 ? parts[parts.length - 1] : '';
  const given = parts.length > 1 ? parts[0] : (parts[0] ?? '');
  const phrases: [SelfIdentificationFlag['matched'], string][] = [
    ['FULL_NAME', parts.length > 1 ? name : ''],
    ['SURNAME', surname],
    ['GIVEN_NAME', given],
    ['SCHOOL', comparable(identity.school ?? '')],
    ['ORGANISATION', comparable(identity.organisation ?? '')],
  ];
  const email = (identity.email ?? '').toLowerCase();
  const flags: SelfIdentificationFlag[] = [];
  for (const [field, value] of fields) {
    const texts = textsOf(value);
    if (!texts.length) continue;
    const raw = texts.join(' \n ');
    const hay = ` ${comparable(raw)} `;
    let fullName = false;
    for (const [matched, phrase] of phrases) {
      // The surname and given name are inside a full name: one flag says it.
      if (fullName && (matched === 'SURNAME' || matched === 'GIVEN_NAME')) continue;
      if (phrase.length >= 3 && containsPhrase(hay, phrase)) {
        flags.push({ field, matched });
        if (matched === 'FULL_NAME') fullName = true;
      }
    }
    if (email && raw.toLowerCase().includes(email)) flags.push({ field, matched: 'EMAIL' });
  }
  return flags;
}
