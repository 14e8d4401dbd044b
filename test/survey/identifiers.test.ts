/**
 * The identifier finder skips its number patterns for text with fewer than five digits: each
 * pattern is tried here at the fewest digits it can match, so the shortcut never hides one.
 */
import { describe, expect, it } from 'vitest';
import { findIdentifier } from '../../src/survey/identifiers.ts';

describe('findIdentifier', () => {
  it('finds each kind at the fewest digits its pattern needs', () => {
    const cases: [string, string][] = [
      ['née le 1 mars 1980', 'birth_date'], // 5 digits: the fewest any number pattern matches
      ['vu le 1 mars 1999', 'birth_date'], // a full date before 2000, no birth word
      ['1/2/1984', 'birth_date'],
      ['ddn 1984-02-03', 'birth_date'],
      ['+1 2345 6789', 'phone'], // 9 digits: an international number
      ['0612345678', 'phone'],
      ['+33 6 12 34 56 78', 'phone'],
      ['1 84 12 2A 123 456', 'social_security_number'], // 12 digits: Corsica, no key
      ['a@b.fr', 'email'], // no digit at all
      ['écrire à ＠ non, à x@exemple.org', 'email'],
    ];
    for (const [text, kind] of cases) expect([text, findIdentifier(text)]).toEqual([text, kind]);
  });

  it('lets through text with too few digits, or whose digits make no identifier', () => {
    for (const text of ['Remarque 0-0', 'né le 1 mars 198', '1 mars 2021', 'Recommandations HAS du 12/03/2021', '+1 2345 678', '06 12 34', 'arobase @ seule', '']) {
      expect([text, findIdentifier(text)]).toEqual([text, null]);
    }
  });
});
