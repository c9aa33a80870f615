/**
 * Text in SEPA payment files.
 *
 * Decision: names and remittance text are written as UTF-8, exactly as stored, by default
 * (`UTF8`). Reasons:
 * - the pain.001.001.03 schema types names as Max70Text and remittance as Max140Text, with no
 *   character restriction, so "Клуб „Отворено общество“ – Русе" is a valid file (the integration
 *   test proves it with xmllint against the XSD);
 * - the platform promises to keep names in their own script, and the name is compared with the
 *   account holder's: under the EU Instant Payments Regulation the payer's bank checks it with the
 *   payee's bank (Verification of Payee), so a transliteration such as
 *   "Klub 'Otvoreno obshtestvo' - Ruse" can raise a "close match / no match" where the exact name
 *   would not;
 * - the EPC rulebook only guarantees the basic Latin set between banks but lets communities and
 *   banks support more; whether a given debtor bank accepts Cyrillic in a pain.001 upload is that
 *   bank's own rule, so it is a per-channel setting, not a code change.
 * For a debtor bank that accepts only the basic set, `EPC_BASIC_LATIN` converts text at the last
 * moment (stored data never changes): Cyrillic by the Bulgarian Streamlined System (the official
 * one), or by the Macedonian/Serbian single-letter romanisation when the text has a letter only
 * those alphabets have; Latin diacritics dropped; typographic quotes and dashes to their ASCII
 * neighbours, "&" to "+", anything else to ".".
 */
export type SepaCharacterSet = 'UTF8' | 'EPC_BASIC_LATIN';

/** a-z A-Z 0-9 / - ? : ( ) . , ' + space: the EPC SEPA basic character set. */
export const EPC_BASIC_LATIN_PATTERN = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'sht', ъ: 'a', ь: 'y', ю: 'yu', я: 'ya', ѐ: 'e', ѝ: 'i',
  // Macedonian and Serbian letters (their official romanisations, diacritics dropped).
  // ѓ and ќ follow the Macedonian gj/kj; Serbian ђ is đ → dj, ћ is ć → c.
  ѓ: 'gj', ѕ: 'dz', ј: 'j', љ: 'lj', њ: 'nj', ќ: 'kj', џ: 'dz', ђ: 'dj', ћ: 'c',
  // Russian and Ukrainian letters, for completeness.
  ё: 'yo', ы: 'y', э: 'e', є: 'ye', і: 'i', ї: 'yi', ґ: 'g',
};

/**
 * Macedonian and Serbian are romanised with single letters (ц → c, ж → ž → z), not Bulgarian's
 * digraphs. A text with a letter only those alphabets have (ј, љ, њ, ѓ, ќ, ѕ, џ, ђ, ћ) is taken to
 * be one of them; otherwise the Bulgarian system applies (the EUR payees are Bulgarian).
 */
const WEST_SOUTH_SLAVIC_MARKER = /[јљњѓќѕџђћЈЉЊЃЌЅЏЂЋ]/u;
const WEST_SOUTH_SLAVIC: Readonly<Record<string, string>> = { ц: 'c', ж: 'z', ч: 'c', ш: 's', џ: 'dz' };

/** Latin letters that Unicode decomposition does not reduce to a base letter. */
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  đ: 'dj', Đ: 'Dj', ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L',
  þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i',
};

const PUNCTUATION: Readonly<Record<string, string>> = {
  '„': "'", '“': "'", '”': "'", '‟': "'", '"': "'", '«': "'", '»': "'", '‘': "'", '’': "'", '‚': "'", '`': "'",
  '–': '-', '—': '-', '‒': '-', '−': '-', '‐': '-', '&': '+', '_': '-',
};

/** Converts text to the EPC basic Latin set (see the decision above). */
export function toEpcBasicLatin(text: string): string {
  // The Bulgarian system writes a word-final "ия" as "ia" (България → Bulgaria).
  const bulgarianEndings = text.replace(/ия(?=$|[^\p{L}])/gu, 'иa').replace(/ИЯ(?=$|[^\p{L}])/gu, 'ИA').replace(/Ия(?=$|[^\p{L}])/gu, 'Иa');
  const chars = [...bulgarianEndings];
  const table = WEST_SOUTH_SLAVIC_MARKER.test(text) ? { ...CYRILLIC, ...WEST_SOUTH_SLAVIC } : CYRILLIC;
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const lower = ch.toLowerCase();
    const cyrillic = table[lower];
    if (cyrillic !== undefined) {
      if (ch === lower) {
        out += cyrillic;
      } else {
        // "Ж" in "Жена" is "Zh"; in an all-capitals word ("ЖЕНА") it is "ZH".
        const next = chars[i + 1];
        const nextIsCapital = next !== undefined && next !== next.toLowerCase();
        out += nextIsCapital ? cyrillic.toUpperCase() : cyrillic.charAt(0).toUpperCase() + cyrillic.slice(1);
      }
    } else if (LATIN_SPECIAL[ch] !== undefined) {
      out += LATIN_SPECIAL[ch];
    } else if (PUNCTUATION[ch] !== undefined) {
      out += PUNCTUATION[ch];
    } else if (/\s/u.test(ch)) {
      out += ' ';
    } else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += EPC_BASIC_LATIN_PATTERN.test(base) ? base : '.';
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Applies the chosen character set to a text field of the file. */
export function sepaText(text: string, characterSet: SepaCharacterSet): string {
  const trimmed = text.trim().replace(/\s+/gu, ' ');
  return characterSet === 'EPC_BASIC_LATIN' ? toEpcBasicLatin(trimmed) : trimmed;
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab/newline/return, lone
 * surrogates, U+FFFE/U+FFFF): text containing them is refused, not silently altered.
 */
export function hasXmlForbiddenCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Length as the schema counts it: characters (code points), not UTF-16 units or bytes. */
export function characterLength(text: string): number {
  return [...text].length;
}
