import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('neutralises formulas and quotes every cell', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r', '＝']) expect(csvCell(`${lead}1+1`).startsWith(`"'`)).toBe(true);
    expect(csvCell('Istočno Novo Sarajevo')).toBe('"Istočno Novo Sarajevo"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });
  it('writes UTF-8 with a byte-order mark and CRLF lines', () => {
    const text = toCsv(['a', 'b'], [['Ана', 'line\nbreak']]);
    expect(text.startsWith('\uFEFF"a","b"\r\n"Ана","line\nbreak"\r\n')).toBe(true);
  });
});
