// RFC 4180 CSV, read record by record with the line each record starts on, so that errors can
// name it. Quoted fields may hold the delimiter, doubled quotes and line breaks; lines end in
// CRLF, LF or CR. (A library parser would not give line numbers for records that span lines.)
import { DataError } from './errors.ts';

export interface CsvRecord {
  /** 1-based line on which the record starts */
  line: number;
  cells: string[];
}

export interface CsvOptions {
  delimiter?: string;
  /** Lines starting with this character, at the start of a record, are skipped. */
  comment?: string;
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/** Yields the records of `text`; blank lines are skipped. */
export function* csvRecords(text: string, file: string, options: CsvOptions = {}): Generator<CsvRecord> {
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  const comment = options.comment?.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    if (comment !== undefined && text.charCodeAt(i) === comment) {
      while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      i = skipNewline(text, i);
      line++;
      continue;
    }
    const cells: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = line;
        let parts = '';
        let from = ++i;
        for (;;) {
          if (i >= n) throw new DataError(file, `a quoted field opened on this line is never closed (expected a closing '"')`, openedOn);
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              parts += text.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            parts += text.slice(from, i);
            i++;
            break;
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        value = parts;
        const next = text.charCodeAt(i);
        if (i < n && next !== delim && next !== LF && next !== CR) {
          throw new DataError(file, `expected a '${String.fromCharCode(delim)}' or the end of the line after a closing quote; found ${JSON.stringify(text[i])}`, line);
        }
      } else {
        const from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          i++;
        }
        value = text.slice(from, i);
      }
      cells.push(value);
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      break;
    }
    i = skipNewline(text, i);
    line++;
    if (cells.length === 1 && cells[0] === '') continue;
    yield { line: start, cells };
  }
}

function skipNewline(text: string, i: number): number {
  if (text.charCodeAt(i) === CR) i++;
  if (text.charCodeAt(i) === LF) i++;
  return i;
}

/** One field as CSV: quoted only when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
