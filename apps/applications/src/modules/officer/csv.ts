/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Cyrillic right), every
 * field quoted, and cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
 * return, and their full-width forms) prefixed with an apostrophe, as OWASP advises.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
