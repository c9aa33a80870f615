import { fileToBase64, REPORT_FILE_MAX, reportProblems, type ReportValues } from './reports';

const ok: ReportValues = { kind: 'FINAL', narrative: 'Проведени 8 информационни срещи.', eventsHeld: '9', participants: '240', municipalitiesReached: '8', file: null };

describe('the report form', () => {
  it('a complete report has no problems', () => {
    expect(reportProblems(ok)).toEqual([]);
    expect(reportProblems({ ...ok, file: { name: 'final.pdf', size: 1000, type: 'application/pdf' } })).toEqual([]);
  });
  it('names each missing or wrong answer', () => {
    const ps = reportProblems({ ...ok, narrative: ' ', participants: '12.5', municipalitiesReached: '', file: { name: 'x.docx', size: 10, type: 'application/msword' } });
    expect(ps.map((p) => [p.field, p.code])).toEqual([
      ['narrative', 'REPORT_REQUIRED'],
      ['indicators.participants', 'REPORT_WHOLE_NUMBER'],
      ['indicators.municipalitiesReached', 'REPORT_REQUIRED'],
      ['attachment', 'REPORT_FILE_TYPE'],
    ]);
    expect(reportProblems({ ...ok, file: { name: 'big.pdf', size: REPORT_FILE_MAX + 1, type: 'application/pdf' } })[0]?.code).toBe('REPORT_FILE_TOO_LARGE');
  });
  it('encodes a file as base64', async () => {
    const blob = { arrayBuffer: async () => new TextEncoder().encode('%PDF-1.4 Русе').buffer } as Blob;
    expect(Buffer.from(await fileToBase64(blob), 'base64').toString('utf8')).toBe('%PDF-1.4 Русе');
  });
});
