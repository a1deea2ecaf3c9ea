import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readParquet, writeParquet } from '../../src/output/parquet.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-parquet-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeParquet / readParquet', () => {
  it('round-trips values and column names, in order', async () => {
    const file = path.join(dir, 'sweep.parquet');
    const origins = ['MEX', 'GTM', 'HND', 'VEN', 'OTHER'];
    const encounters = [123456.5, 0, -1.25, 1e-9, 98765432.125];
    const seeds = [1, 2, 3, -4, 2147483647];
    writeParquet(file, [
      { name: 'origin', type: 'STRING', data: origins },
      { name: 'encounters', type: 'DOUBLE', data: Float64Array.from(encounters) },
      { name: 'seed', type: 'INT32', data: seeds },
    ]);
    const table = await readParquet(file);
    expect(Object.keys(table)).toEqual(['origin', 'encounters', 'seed']);
    expect(table.origin).toEqual(origins);
    expect(table.encounters).toEqual(encounters);
    expect(table.seed).toEqual(seeds);
  });

  it('handles many rows (several row groups)', async () => {
    const file = path.join(dir, 'big.parquet');
    const n = 25_000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
    writeParquet(file, [
      { name: 'run', type: 'INT32', data: Int32Array.from({ length: n }, (_, i) => i) },
      { name: 'value', type: 'DOUBLE', data: values },
    ]);
    const table = await readParquet(file);
    expect(table.run).toHaveLength(n);
    expect(table.run[n - 1]).toBe(n - 1);
    expect(table.value).toEqual(values);
  });

  it('writes atomically: no temp file is left and an existing file is replaced whole', async () => {
    const file = path.join(dir, 'out.parquet');
    writeParquet(file, [{ name: 'x', type: 'DOUBLE', data: [1, 2, 3] }]);
    writeParquet(file, [{ name: 'y', type: 'DOUBLE', data: [4] }]);
    expect(fs.readdirSync(dir)).toEqual(['out.parquet']);
    expect(await readParquet(file)).toEqual({ y: [4] });
  });

  it('rejects ragged columns and non-integer INT32 values, leaving nothing behind', () => {
    const file = path.join(dir, 'bad.parquet');
    expect(() =>
      writeParquet(file, [
        { name: 'a', type: 'DOUBLE', data: [1, 2] },
        { name: 'b', type: 'DOUBLE', data: [1] },
      ]),
    ).toThrow(/'b' has 1 rows, expected 2/);
    expect(() => writeParquet(file, [{ name: 'n', type: 'INT32', data: [1.5] }])).toThrow(/not a 32-bit integer/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
