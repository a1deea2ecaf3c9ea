// Plain CSV: a header and rows, numbers written so that they read back exactly.

export type Cell = string | number;

function cell(v: Cell): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return '';
    return String(Math.round(v * 100) / 100); // cents and hundredths of a person are enough
  }
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One row of a CSV file, without its line end. */
export function csvLine(row: readonly Cell[]): string {
  return row.map(cell).join(',');
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('\n') + '\n';
}

/** Fractions and indices need more than the two decimals of `toCsv`: six, '' when not finite. */
export function sixDecimals(x: number): Cell {
  return Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '';
}
