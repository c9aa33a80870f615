import { matchAllowedType, sniffContentType } from './magic-bytes';

const zipWith = (name: string) => {
  const n = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(n.length, 26);
  return Buffer.concat([h, n]);
};

describe('sniffContentType', () => {
  it('tells files by their bytes, whatever they are called', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n...')).type).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])).type).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])).type).toBe('image/jpeg');
    expect(sniffContentType(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)])).label).toBe('Windows executable');
    expect(sniffContentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1])).type).toBe('application/x-executable');
    expect(sniffContentType(Buffer.concat([zipWith('[Content_Types].xml'), zipWith('xl/workbook.xml')])).type).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffContentType(Buffer.concat([zipWith('[Content_Types].xml'), zipWith('word/document.xml')])).type).toContain('wordprocessingml');
    expect(sniffContentType(zipWith('evil.exe')).type).toBe('application/zip');
    expect(sniffContentType(Buffer.from('Буџет,износ\nклупи,1000\n', 'utf8')).type).toBe('text/plain');
    expect(sniffContentType(Buffer.from([0xc3, 0x28, 0x00, 0x01])).type).toBe('application/octet-stream');
  });

  it('matches only what the call allows', () => {
    const exe = sniffContentType(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(10)]));
    expect(matchAllowedType(exe, ['application/pdf'])).toBeNull();
    expect(matchAllowedType(sniffContentType(Buffer.from('%PDF-1.4')), ['image/png', 'application/pdf'])).toBe('application/pdf');
    expect(matchAllowedType(sniffContentType(Buffer.from('a,b\n1,2\n')), ['text/csv'])).toBe('text/csv');
  });
});
