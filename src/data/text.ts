// From a downloaded file's bytes to text, or a one-line reason why it is not a CSV at all.
// CBP's files are ASCII; a copy re-saved by Excel may carry a UTF-8 byte-order mark or be
// Windows-1252, and Tableau's crosstab download is UTF-16 with tabs.
import { DataError } from './errors.ts';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8 (with BOM)' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive or an Excel workbook (.xlsx); download the CSV file, or save the sheet as CSV' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls); save the sheet as CSV' },
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed; decompress it first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document; CBP publishes the encounters as CSV files beside it' },
];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length === 0) throw new DataError(file, 'the file is empty; expected a CBP encounters CSV');
  for (const s of SIGNATURES) if (startsWith(bytes, s.bytes)) throw new DataError(file, `not a CSV file: this is ${s.what}`);
  let decoded: DecodedText;
  if (startsWith(bytes, [0xff, 0xfe])) decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  else if (startsWith(bytes, [0xfe, 0xff])) decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  else {
    const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
    const body = bom ? bytes.subarray(3) : bytes;
    const probe = body.subarray(0, 65536);
    if (probe.includes(0)) throw new DataError(file, 'not a CSV file: it holds binary data (NUL bytes); expected the text of a CBP encounters CSV');
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: bom ? 'utf-8 (with BOM)' : 'utf-8' };
    } catch {
      decoded = { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
    }
  }
  if (/^\s*<(!doctype|html|\?xml)/i.test(decoded.text.slice(0, 200))) {
    throw new DataError(file, 'not a CSV file: this is a web page (a download that was refused or redirected?); expected a CBP encounters CSV');
  }
  return decoded;
}
