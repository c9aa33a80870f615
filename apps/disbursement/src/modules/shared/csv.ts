/**
 * CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel reads Cyrillic as such).
 * Safe against formula injection (OWASP): a cell starting with = + - @, a tab or a carriage return
 * is prefixed with a single quote, so a payee named "=HYPERLINK(…)" stays text. This applies to
 * negative amounts too ("'-3548.16"): the rule has no exceptions, so no crafted value slips through
 * by looking like a number.
 */
export type CsvCell = string | number | bigint | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
