import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil","click")')).toBe(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csvCell('+38970123456')).toBe("'+38970123456");
    expect(csvCell('-3548.16')).toBe("'-3548.16");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('14192.64')).toBe('14192.64');
  });

  it('quotes separators and keeps UTF-8 text exactly, with a BOM for spreadsheets', () => {
    const csv = toCsv(['payee', 'amount'], [['Клуб „Отворено общество“, Русе', '14192.64']]);
    expect(csv).toBe('\uFEFFpayee,amount\r\n"Клуб „Отворено общество“, Русе",14192.64\r\n');
    expect(Buffer.from(csv, 'utf8').toString('utf8')).toBe(csv);
  });
});
