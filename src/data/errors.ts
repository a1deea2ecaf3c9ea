// Errors in observed-data files, one line each: `file:line: field: what was expected; what was found`.
// A DataError is an InputError, so the CLI prints it as `error: …` with no stack trace.
import { InputError } from '../scenario/errors.ts';

export class DataError extends InputError {
  constructor(file: string, expected: string, line?: number, field?: string) {
    super(file, field ? [field] : [], expected, line);
    this.name = 'DataError';
    // InputError writes `(top level)` when there is no field; a data file's header or bytes have none.
    this.message = `${line ? `${file}:${line}` : file}: ${field ? `${field}: ` : ''}${expected}`;
  }
}

/** A value as it appears in a message: quoted, control characters escaped (one line), cut short if long. */
export function shown(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  const v = cut.replace(/[\u0000-\u001f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${v}'`;
}
