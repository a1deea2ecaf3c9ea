/**
 * A small RFC 4180 CSV reader for the result folder's own files.
 *
 * Result files are plain (numbers, ISO codes, `YYYY-MM`), but a scenario name may be quoted
 * and contain commas or doubled quotes, so quoted fields are handled properly.
 */

/** A CSV row keyed by header; cells that read as finite numbers become numbers. */
export type CsvRow = Record<string, string | number>;

/** Split CSV text into records of raw string fields (first record is the header). */
function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a UTF-8 byte-order mark

  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    // A blank line (one empty field) is not a record.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };

  for (; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Parse CSV text with a header row into objects; numeric-looking cells become numbers. */
export function parseCsv(text: string): CsvRow[] {
  const [header, ...body] = parseCsvRecords(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return body.map((cells) => {
    const row: CsvRow = {};
    names.forEach((name, j) => {
      row[name] = toCell(cells[j] ?? '');
    });
    return row;
  });
}

function toCell(raw: string): string | number {
  const s = raw.trim();
  // Only plain decimal numbers: keeps "2024-01", "CY2024" and ISO codes as strings.
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (s === 'NaN') return Number.NaN;
  return raw;
}

/** A cell as a number (NaN when missing or not numeric). */
export function num(row: CsvRow, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (v === undefined || v === '') return Number.NaN;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** A cell as a string ('' when missing). */
export function str(row: CsvRow, column: string): string {
  const v = row[column];
  return v === undefined ? '' : String(v);
}
