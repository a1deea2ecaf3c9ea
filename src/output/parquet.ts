// Parquet tables for sweep results (hyparquet-writer to write, hyparquet to read back).
// Written atomically (atomic.ts), so a reader never sees a half-written file and an interrupted
// sweep leaves no truncated output.
import { readFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { writeFileAtomic } from './atomic.ts';

export type ParquetColumn =
  | { name: string; type: 'DOUBLE'; data: ArrayLike<number> }
  | { name: string; type: 'INT32'; data: ArrayLike<number> }
  | { name: string; type: 'STRING'; data: readonly string[] };

export function writeParquet(filePath: string, columns: readonly ParquetColumn[]): void {
  if (columns.length === 0) throw new Error(`writeParquet ${filePath}: no columns`);
  const rows = columns[0].data.length;
  const names = new Set<string>();
  for (const column of columns) {
    if (names.has(column.name)) throw new Error(`writeParquet ${filePath}: column '${column.name}' appears twice`);
    names.add(column.name);
    if (column.data.length !== rows) {
      throw new Error(`writeParquet ${filePath}: column '${column.name}' has ${column.data.length} rows, expected ${rows}`);
    }
  }
  const columnData = columns.map((column) => {
    switch (column.type) {
      case 'DOUBLE':
        return { name: column.name, type: column.type, data: Float64Array.from(column.data), nullable: false };
      case 'INT32':
        for (let i = 0; i < rows; i++) {
          const v = column.data[i];
          if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
            throw new Error(`writeParquet ${filePath}: column '${column.name}' row ${i} is not a 32-bit integer: ${v}`);
          }
        }
        return { name: column.name, type: column.type, data: Int32Array.from(column.data), nullable: false };
      case 'STRING':
        return { name: column.name, type: column.type, data: Array.from(column.data), nullable: false };
    }
  });
  writeFileAtomic(filePath, new Uint8Array(parquetWriteBuffer({ columnData })));
}

/** Whole file as columns, keyed by name in schema order. Values as hyparquet decodes them. */
export async function readParquet(filePath: string): Promise<Record<string, unknown[]>> {
  const bytes = readFileSync(filePath);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const names = parquetSchema(metadata).children.map((child) => child.element.name);
  const rows = await parquetReadObjects({ file, metadata });
  const columns: Record<string, unknown[]> = {};
  for (const name of names) columns[name] = rows.map((row) => row[name]);
  return columns;
}
