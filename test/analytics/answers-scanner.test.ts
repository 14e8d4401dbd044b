/**
 * Stored documents read by the scanner fill the table exactly as the same documents parsed
 * with JSON.parse do, whatever their shape: the store's own, and every other shape (which
 * the scanner hands to JSON.parse).
 */
import { describe, expect, it } from 'vitest';
import { AnswersScanner } from '../../src/analytics/answers-scanner.ts';
import { ResponseTableBuilder, type ResponseTable } from '../../src/analytics/response-table.ts';
import type { Answers } from '../../src/survey/answers.ts';
import { tiny } from './fixture.ts';

const DOCUMENTS = [
  '{}',
  '{"spec":"gp","area":"yes","sought":"yes","useful":9,"strengths":["speed","free"],"comment":"Très utile"}',
  '{"spec":"other","area":"no","sought":"no","strengths":[],"comment":"Bien, « merci »"}',
  // Values the definition does not list, of every type, under every kind of item.
  '{"spec":"surgeon","area":3,"sought":["yes"],"useful":"nine","strengths":"speed","comment":42}',
  '{"spec":"gp","useful":-0,"strengths":["speed","nope","speed"],"unknown":["a","b"],"other":12}',
  '{"spec":"gp","area":"no","sought":"maybe","useful":"x","strengths":"speed","comment":7}',
  '{"area":"yes","sought":12,"useful":["a"],"strengths":12,"comment":"-3"}',
  // Shapes JSON.parse reads and the scanner leaves to it.
  '{ "spec": "gp", "useful": 7 }',
  '{"spec":"g\\u0070","comment":"line\\nbreak"}',
  '{"useful":7.5,"sought":"yes"}',
  '{"useful":1e1,"area":"no"}',
  '{"spec":"gp","spec":"other"}',
  '{"comment":["a","b"],"area":"yes"}',
  '{"strengths":[1,2],"extra":{"nested":true},"flag":null}',
  '{"useful":10,"comment":""}',
];

function columns(table: ResponseTable): unknown {
  return {
    size: table.size,
    complete: [...table.complete],
    participant: [...table.participant],
    cursor: [...table.cursor],
    items: [...table.items].map(([code, column]) => [
      code,
      column.type === 'single' ? [...column.codes] : column.type === 'scale' ? [...column.values].map(String) : column.type === 'multi' ? [[...column.state], column.chosen.map((c) => [...c])] : [column.texts, column.answered],
    ]),
    derived: tiny.derived.map((d) => [...(table.derivedCodes(d.code) ?? [])]),
  };
}

describe('stored answers scanner', () => {
  it('fills the same table as JSON.parse, document by document, and as a whole', () => {
    const scanned = new ResponseTableBuilder(tiny, 4, 0);
    const parsed = new ResponseTableBuilder(tiny, 4);
    DOCUMENTS.forEach((json, i) => {
      const status = i % 3 === 0 ? 'in_progress' : 'complete';
      const cursor = status === 'in_progress' ? 'useful' : null;
      expect(scanned.addStored({ status, cursor, answersJson: json })).toBe(parsed.add(status, cursor, JSON.parse(json) as Answers));
    });
    expect(columns(scanned.build())).toEqual(columns(parsed.build()));
  });

  it('counts free-text answers without keeping them when asked to (Table 1), on both routes', () => {
    const [kept, counted] = [new ResponseTableBuilder(tiny, 4, 3), new ResponseTableBuilder(tiny, 4, 3, false)];
    for (const json of DOCUMENTS) for (const builder of [kept, counted]) builder.addStored({ status: 'complete', cursor: null, answersJson: json });
    const [a, b] = [kept.build(), counted.build()];
    const texts = (table: ResponseTable) => {
      const column = table.items.get('comment');
      return column?.type === 'text' ? column : null;
    };
    expect(texts(a)?.texts.length).toBeGreaterThan(3);
    expect(texts(b)?.texts).toEqual([]);
    expect(texts(b)?.answered).toBe(texts(a)?.answered);
    const withoutTexts = (table: ResponseTable) => ({ ...(columns(table) as object), items: (columns(table) as { items: [string, unknown][] }).items.filter(([code]) => code !== 'comment') });
    expect(withoutTexts(b)).toEqual(withoutTexts(a));
  });

  it('reads the store’s shape itself, and refuses any other', () => {
    const scanner = new AnswersScanner();
    expect(scanner.scan('{"spec":"gp","useful":10,"strengths":["speed","kind"],"comment":"é"}')).toBe(true);
    expect(scanner.members).toBe(4);
    for (const other of ['{ "spec":"gp"}', '{"a":"\\n"}', '{"a":1.5}', '{"a":01}', '{"a":true}', '{"a":{}}', '{"a":1}x', '[1]', '{"a":[1]}', '{"a"', '']) {
      expect(scanner.scan(other)).toBe(false);
    }
  });

  it('reads the first documents with JSON.parse, then scans', () => {
    const builder = new ResponseTableBuilder(tiny, 4, 2);
    // Both routes fill the same table (above): a spy on the scanner says which one ran.
    const scanned: string[] = [];
    const scanner = (builder as unknown as { scanner: AnswersScanner }).scanner;
    const scan = scanner.scan.bind(scanner);
    scanner.scan = (json: string) => (scanned.push(json), scan(json));
    const documents = ['{"spec":"gp"}', '{"spec":"other"}', '{"area":"yes"}', '{"area":"no"}'];
    for (const json of documents) builder.addStored({ status: 'complete', cursor: null, answersJson: json });
    expect(scanned).toEqual(documents.slice(2));
    expect(builder.build().size).toBe(4);
  });

  it('refuses a stored document that is not a JSON object, as before', () => {
    const builder = new ResponseTableBuilder(tiny);
    expect(() => builder.addStored({ status: 'complete', cursor: null, answersJson: '[1,2]' })).toThrow('not a JSON object');
    expect(() => builder.addStored({ status: 'complete', cursor: null, answersJson: '{"spec":' })).toThrow(SyntaxError);
  });
});
