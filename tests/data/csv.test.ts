// The CSV reader follows RFC 4180 and knows on which line each record starts.
import { describe, expect, it } from 'vitest';
import { csvField, csvRecords } from '../../src/data/csv.ts';
import { DataError } from '../../src/data/errors.ts';

const read = (text: string, comment?: string) => [...csvRecords(text, 'x.csv', { comment })];

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('csvRecords', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(read('a,b,,d\n1,2,3,\n')).toEqual([
      { line: 1, cells: ['a', 'b', '', 'd'] },
      { line: 2, cells: ['1', '2', '3', ''] },
    ]);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(read('x,"CHINA, PEOPLES REPUBLIC OF","say ""hi""",""\n')[0].cells).toEqual(['x', 'CHINA, PEOPLES REPUBLIC OF', 'say "hi"', '']);
  });

  it('counts lines through quoted line breaks, for CRLF, LF and CR endings', () => {
    const rows = read('h1,h2\r\n"two\r\nlines",b\r\nc,d\re,f\n\ng,h');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 7]);
    expect(rows[1].cells).toEqual(['two\r\nlines', 'b']);
    expect(rows[4].cells).toEqual(['g', 'h']);
  });

  it('skips blank lines and, when asked, comment lines', () => {
    expect(read('# a comment\na,b\n\n# another\nc,d\n', '#').map((r) => [r.line, r.cells[0]])).toEqual([[2, 'a'], [5, 'c']]);
    expect(read('#,x\n')[0].cells).toEqual(['#', 'x']);
  });

  it('an unterminated quote names the line it was opened on', () => {
    const e = errorOf(() => read('a,b\nc,"open\nmore\n'));
    expect(e.message).toBe(`x.csv:2: a quoted field opened on this line is never closed (expected a closing '"')`);
  });

  it('text after a closing quote is an error on its line', () => {
    expect(errorOf(() => read('a,"b"c\n')).message).toMatch(/^x\.csv:1: expected a ',' or the end of the line after a closing quote; found "c"$/);
  });

  it('reads tab-separated text', () => {
    expect([...csvRecords('a\tb,c\n', 'x.tsv', { delimiter: '\t' })][0].cells).toEqual(['a', 'b,c']);
  });

  it('csvField quotes only what needs it, and reads back', () => {
    const values = ['plain', 'a,b', 'say "x"', 'two\nlines', ''];
    const line = values.map(csvField).join(',');
    expect(line).toBe('plain,"a,b","say ""x""","two\nlines",');
    expect(read(line + '\n')[0].cells).toEqual(values);
  });
});
