/**
 * What a file is, from its first bytes: the name and the Content-Type the client sends are never
 * trusted (a renamed .exe is still an executable). Covers what calls ask for (PDF, images, Office
 * and OpenDocument files, plain text) and recognises executables and archives to refuse them.
 */
export interface Sniffed {
  /** The MIME type the content really is. */
  type: string;
  /** For messages: what a person would call it. */
  label: string;
}

const OOXML: Record<string, Sniffed> = {
  'word/': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document (.docx)' },
  'xl/': { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook (.xlsx)' },
  'ppt/': { type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint presentation (.pptx)' },
};

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + b.length && buf.subarray(at, at + b.length).equals(b);
};

/** Entry names of a ZIP archive, from its local file headers (enough to tell Office files apart). */
function zipEntryNames(buf: Buffer, limit = 200): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < limit && at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50) {
    const compressed = buf.readUInt32LE(at + 18);
    const nameLen = buf.readUInt16LE(at + 26);
    const extraLen = buf.readUInt16LE(at + 28);
    names.push(buf.subarray(at + 30, at + 30 + nameLen).toString('utf8'));
    const flags = buf.readUInt16LE(at + 6);
    if (flags & 0x08 && compressed === 0) break; // sizes follow the data: stop walking
    at += 30 + nameLen + extraLen + compressed;
  }
  return names;
}

function isText(buf: Buffer): boolean {
  const sample = buf.subarray(0, 64 * 1024);
  if (sample.includes(0)) return false;
  try {
    // The sample may end inside a character: only a bad sequence before the last 3 bytes counts.
    new TextDecoder('utf-8', { fatal: true }).decode(sample.length === buf.length ? sample : sample.subarray(0, sample.length - 3));
  } catch {
    return false;
  }
  // Control characters other than tab, newline, carriage return and form feed: not text.
  return !/[\x01-\x08\x0b\x0e-\x1f\x7f]/.test(sample.toString('latin1'));
}

export function sniffContentType(buf: Buffer): Sniffed {
  if (startsWith(buf, '%PDF-')) return { type: 'application/pdf', label: 'PDF document' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: 'image/png', label: 'PNG image' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { type: 'image/jpeg', label: 'JPEG image' };
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return { type: 'image/gif', label: 'GIF image' };
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return { type: 'image/webp', label: 'WebP image' };
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return { type: 'image/tiff', label: 'TIFF image' };
  if (startsWith(buf, 'MZ')) return { type: 'application/x-msdownload', label: 'Windows executable' };
  if (startsWith(buf, [0x7f, 0x45, 0x4c, 0x46])) return { type: 'application/x-executable', label: 'ELF executable' };
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xce, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((m) => startsWith(buf, m))) {
    return { type: 'application/x-mach-binary', label: 'Mach-O executable' };
  }
  if (startsWith(buf, '#!')) return { type: 'text/x-shellscript', label: 'script' };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { type: 'application/x-ole-storage', label: 'legacy Office document (.doc/.xls)' };
  }
  if (startsWith(buf, 'Rar!')) return { type: 'application/vnd.rar', label: 'RAR archive' };
  if (startsWith(buf, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { type: 'application/x-7z-compressed', label: '7-Zip archive' };
  if (startsWith(buf, [0x1f, 0x8b])) return { type: 'application/gzip', label: 'gzip archive' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // OpenDocument: a stored `mimetype` entry first, its text right after the header.
    if (startsWith(buf, 'mimetype', 30)) {
      const m = /^application\/vnd\.oasis\.opendocument\.[a-z.-]+/.exec(buf.subarray(38, 38 + 80).toString('latin1'));
      if (m) return { type: m[0], label: 'OpenDocument file' };
    }
    const names = zipEntryNames(buf);
    if (names.includes('[Content_Types].xml') || names.some((n) => /^(word|xl|ppt)\//.test(n))) {
      for (const [prefix, s] of Object.entries(OOXML)) if (names.some((n) => n.startsWith(prefix))) return s;
    }
    return { type: 'application/zip', label: 'ZIP archive' };
  }
  if (buf.length > 0 && isText(buf)) return { type: 'text/plain', label: 'plain text' };
  return { type: 'application/octet-stream', label: 'unrecognised binary file' };
}

/** Legacy Office files share one container format: it stands for any of their MIME types. */
const OLE_TYPES = ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint'];
const TEXT_TYPES = ['text/plain', 'text/csv', 'text/markdown'];

/** The allowed type the content matches, or null. */
export function matchAllowedType(sniffed: Sniffed, allowed: readonly string[]): string | null {
  const list = allowed.map((t) => t.split(';')[0].trim().toLowerCase());
  if (list.includes(sniffed.type)) return sniffed.type;
  if (sniffed.type === 'application/x-ole-storage') return list.find((t) => OLE_TYPES.includes(t)) ?? null;
  if (sniffed.type === 'text/plain') return list.find((t) => TEXT_TYPES.includes(t)) ?? null;
  return null;
}
