import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits rows and fields', () => {
    expect(parseCsv('id,title\nMUG-SAND,Mug\n')).toEqual([
      ['id', 'title'],
      ['MUG-SAND', 'Mug'],
    ]);
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('a,"b, ""c""\nd",e')).toEqual([['a', 'b, "c"\nd', 'e']]);
  });

  it('reads CRLF line ends and skips blank lines', () => {
    expect(parseCsv('a,b\r\n\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps empty fields', () => {
    expect(parseCsv('a,,c,\n')).toEqual([['a', '', 'c', '']]);
  });

  it('rejects an unclosed quote with its line', () => {
    expect(() => parseCsv('a,b\nc,"d\n')).toThrow('line 2: a quoted field is not closed');
  });

  it('rejects a quote inside an unquoted field', () => {
    expect(() => parseCsv('ab"c,d')).toThrow('line 1: a quote inside an unquoted field');
  });
});
