import { describe, expect, it } from 'vitest';
import { BOM, parseCsv, toCsv } from '../../src/analytics/csv.ts';
import { splitText } from '../../src/shared/split-text.ts';

describe('CSV (RFC 4180)', () => {
  it('quotes only what needs it and doubles quotes', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', '']])).toBe('a,"b,c","say ""hi""","two\nlines",\r\n');
    expect(toCsv([['é']], { bom: true })).toBe(`${BOM}é\r\n`);
  });

  it('reads back what it writes, with the line each record starts on', () => {
    const rows = [['code', 'text'], ['q1', 'multi\nline, "quoted"'], ['q2', '']];
    const parsed = parseCsv(toCsv(rows, { bom: true }));
    expect(parsed).toEqual({
      ok: true,
      value: [
        { line: 1, fields: ['code', 'text'] },
        { line: 2, fields: ['q1', 'multi\nline, "quoted"'] },
        // The quoted field above spans two lines.
        { line: 4, fields: ['q2', ''] },
      ],
    });
  });

  it('takes LF line ends, skips blank lines, keeps an empty quoted field', () => {
    expect(parseCsv('a,b\n\n"",x\n1,2')).toEqual({
      ok: true,
      value: [
        { line: 1, fields: ['a', 'b'] },
        { line: 3, fields: ['', 'x'] },
        { line: 4, fields: ['1', '2'] },
      ],
    });
  });

  it('says where a malformed record is', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({ ok: false, error: { code: 'csv.unterminated_quote', line: 2, column: 2 } });
    expect(parseCsv('a,b\n1,x"y\n')).toEqual({ ok: false, error: { code: 'csv.stray_quote', line: 2, column: 2 } });
    expect(parseCsv('a,b\n"1"x,2\n')).toEqual({ ok: false, error: { code: 'csv.text_after_quote', line: 2, column: 1 } });
  });
});

describe('splitText', () => {
  it('splits at line boundaries within the limit', () => {
    const text = ['a'.repeat(8), 'b'.repeat(8), 'c'.repeat(8)].join('\n');
    // 8 + 1 + 8 = 17 fits 20; adding "\n" + 8 more would make 26.
    expect(splitText(text, 20)).toEqual([`${'a'.repeat(8)}\n${'b'.repeat(8)}`, 'c'.repeat(8)]);
  });

  it('cuts a line longer than the limit at a space, or hard', () => {
    expect(splitText('one two three', 8)).toEqual(['one two', 'three']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps every part within Discord’s and Telegram’s limits and loses no line', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'·'.repeat(i % 70)}`);
    for (const max of [2000, 4096]) {
      const parts = splitText(lines.join('\n'), max);
      expect(parts.every((p) => p.length <= max)).toBe(true);
      expect(parts.join('\n').split('\n')).toEqual(lines);
    }
  });
});
