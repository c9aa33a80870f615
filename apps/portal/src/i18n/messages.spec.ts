import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from './locales';

const dir = __dirname;
const load = (l: string): Record<string, string> => JSON.parse(readFileSync(join(dir, `${l}.json`), 'utf8'));

/** Every argument a message uses, with its kind (`count:plural`, `name:argument`, …). */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument) out.add(`${e.value}:argument`);
    else if (e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.add(`${e.value}:${TYPE[e.type]}`);
    else if (e.type === TYPE.plural || e.type === TYPE.select) {
      out.add(`${e.value}:${e.type === TYPE.select ? 'select' : e.pluralType === 'ordinal' ? 'selectordinal' : 'plural'}`);
      for (const o of Object.values(e.options)) argumentsOf(o.value, out);
    } else if (e.type === TYPE.tag) argumentsOf(e.children, out);
  }
  return out;
}

describe('portal messages', () => {
  const en = load('en');

  it('has one file per language of the platform, and no other', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every key of en and nothing else', (l) => {
    const m = load(l);
    expect(Object.keys(m).filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !(k in m))).toEqual([]);
  });

  it.each([...LOCALES])('%s messages parse as ICU and use the same arguments as en', (l) => {
    const m = load(l);
    const wrong: string[] = [];
    for (const [key, text] of Object.entries(m)) {
      const own = [...argumentsOf(parse(text))].sort();
      const ref = [...argumentsOf(parse(en[key] ?? ''))].sort();
      if (own.join() !== ref.join()) wrong.push(`${key}: ${own.join(' ')} ≠ ${ref.join(' ')}`);
      if (!text.trim()) wrong.push(`${key}: empty`);
    }
    expect(wrong).toEqual([]);
  });

  it('the checker itself sees a missing argument', () => {
    expect([...argumentsOf(parse('{count, plural, one {# call} other {# calls}} for {name}'))].sort()).toEqual(['count:plural', 'name:argument']);
    expect([...argumentsOf(parse('{rank, selectordinal, one {#st} other {#th}}'))]).toEqual(['rank:selectordinal']);
  });
});
