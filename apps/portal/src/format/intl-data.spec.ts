import { NumberFormat } from '@formatjs/intl-numberformat';
import { DateTimeFormat } from '@formatjs/intl-datetimeformat';
import { offsetAt } from './format';

const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

// The classes the portal loads where the browser lacks a locale (Chromium has no mk or sq),
// with the same CLDR data files, checked against what a full ICU (Node's) prints.
const register = (ctor: { __addLocaleData: (...d: unknown[]) => void }, native: object, load: () => unknown) => {
  (native as { __addLocaleData?: unknown }).__addLocaleData = (...d: unknown[]) => ctor.__addLocaleData(...d);
  try {
    load();
  } finally {
    delete (native as { __addLocaleData?: unknown }).__addLocaleData;
  }
};

describe('formatting where the browser has no data for the locale', () => {
  beforeAll(() => {
    register(NumberFormat as never, Intl.NumberFormat, () => require('@formatjs/intl-numberformat/locale-data/mk.js'));
    register(DateTimeFormat as never, Intl.DateTimeFormat, () => require('@formatjs/intl-datetimeformat/locale-data/mk.js'));
  });

  it('prints Macedonian denars as Node’s full ICU does, exactly from a decimal string', () => {
    const nf = new NumberFormat('mk', { style: 'currency', currency: 'MKD' });
    expect(nf.format('30000.00' as never).replace(/\u00a0/g, ' ')).toBe(new Intl.NumberFormat('mk', { style: 'currency', currency: 'MKD' }).format(30000).replace(/\u00a0/g, ' '));
    expect(nf.format('9007199254740993.12' as never)).toContain('9.007.199.254.740.993,12');
  });

  it('prints a Skopje deadline at the zone’s offset, in winter and in summer', () => {
    for (const iso of ['2026-01-15T22:59:00Z', '2026-07-15T21:59:00Z']) {
      const d = new Date(iso);
      const poly = new DateTimeFormat('mk', { dateStyle: 'long', timeStyle: 'short', timeZone: offsetAt(d, 'Europe/Skopje') }).format(d);
      // Same date and time as the full ICU (CLDR's "at" joiner aside: "…, во 23:59" there).
      const icuDate = new Intl.DateTimeFormat('mk', { dateStyle: 'long', timeZone: 'Europe/Skopje' }).format(d);
      expect(norm(poly).startsWith(norm(icuDate))).toBe(true);
      expect(poly.endsWith('23:59')).toBe(true);
    }
    expect(offsetAt(new Date('2026-01-15T12:00:00Z'), 'Europe/Skopje')).toBe('+01:00');
    expect(offsetAt(new Date('2026-07-15T12:00:00Z'), 'Europe/Skopje')).toBe('+02:00');
    expect(offsetAt(new Date('2026-07-15T12:00:00Z'), 'UTC')).toBe('+00:00');
  });
});
