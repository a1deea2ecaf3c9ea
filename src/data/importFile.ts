// The file side of `corridor data import`: reading a user's download with one-line errors for
// what is not a readable CSV (missing, a folder, too big), and deciding whether the output may
// be written (never over the source, nor over a file that is not a Corridor import unless forced).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { importCbp } from './cbpImport.ts';
import type { ImportOptions, ImportResult } from './cbpImport.ts';
import { DataError } from './errors.ts';
import { formatObservedCsv, isCorridorImport } from './observed.ts';

/** CBP's largest encounter file seen (nationwide by AOR, four fiscal years) is about 7 MB: the cap only stops a wrong file. */
export const MAX_SOURCE_BYTES = 200 * 1024 * 1024;

function statOf(path: string, what: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new DataError(path, `cannot read the ${what} (${code ?? String(e)})`);
  }
}

export function readSourceBytes(path: string, maxBytes = MAX_SOURCE_BYTES): Uint8Array {
  const st = statOf(path, 'file');
  if (!st) throw new DataError(path, 'no such file; expected a CBP encounters CSV as downloaded (e.g. sbo-encounters-fy22-fy25.csv)');
  if (st.isDirectory()) throw new DataError(path, 'is a folder; expected a CBP encounters CSV file');
  if (!st.isFile()) throw new DataError(path, 'is not a regular file; expected a CBP encounters CSV file');
  if (st.size > maxBytes) {
    throw new DataError(path, `is ${mb(st.size)}; expected a CBP encounters CSV of at most ${mb(maxBytes)} (CBP's files are under 40 MB)`);
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError(path, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Throws unless `out` may be written: not the source itself, not a folder, not someone else's file (unless `force`). */
export function checkOutput(out: string, source: string, force: boolean): void {
  const st = statOf(out, 'output file');
  if (!st) return;
  if (st.isDirectory()) throw new DataError(out, 'is a folder; expected the path of the CSV file to write (--out data/cbp-latest.csv)');
  if (sameFile(out, source)) throw new DataError(out, 'is the file being imported; expected another path for --out');
  if (force) return;
  let head = '';
  try {
    head = readFileSync(out, 'utf8').slice(0, 200);
  } catch {
    // unreadable: treated as not ours
  }
  if (!isCorridorImport(head)) {
    throw new DataError(out, 'exists and is not a file written by corridor data import; expected a new path, or --force to replace it');
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false; // a source that cannot be resolved is reported when it is read
  }
}

/** Reads, imports and formats: the text to write. */
export function importCbpFile(path: string, options: ImportOptions = {}): { result: ImportResult; text: string } {
  const result = importCbp(readSourceBytes(path), path, options);
  return { result, text: formatObservedCsv(result) };
}
