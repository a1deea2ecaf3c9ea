// `corridor data import` end to end, as a user runs it: exit code, output file, messages.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readObservedCsv } from '../../src/data/observed.ts';
import { ROOT } from '../helpers/scenario.ts';

const CLI = join(ROOT, 'bin/corridor.mjs');
const FIXTURES = join(ROOT, 'tests/fixtures/cbp');
const work = mkdtempSync(join(tmpdir(), 'corridor-data-'));

function corridor(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 60_000 });
}
const rowsOf = (text: string) => readObservedCsv(text, 'x').rows.map((r) => `${r.month},${r.origin},${r.encounters},${r.title42Expulsions}`);
const expected = (name: string) => rowsOf(readFileSync(join(FIXTURES, name), 'utf8'));

/** A failure is one `error:` line on stderr, exit code 2, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof corridor>, pattern: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  expect(r.stderr.trimEnd()).toMatch(pattern);
}

describe('corridor data import', () => {
  it('imports a Southwest Land Border file to --out, with provenance, and says what it did', () => {
    const out = join(work, 'data', 'cbp-latest.csv');
    const r = corridor('data', 'import', join(FIXTURES, 'sbo-encounters-fy22-fy25-aug.sample.csv'), '--out', 'data/cbp-latest.csv');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^imported sbo-encounters-fy22-fy25-aug\.sample\.csv: southwest-grouping, FY2023–FY2024 \(through 2023-12\)\n/);
    expect(r.stdout).toMatch(/wrote data\/cbp-latest\.csv \(15 rows\)\n$/);
    const text = readFileSync(out, 'utf8');
    expect(rowsOf(text)).toEqual(expected('sbo-encounters-fy22-fy25-aug.sample.expected.csv'));
    const p = readObservedCsv(text, out).provenance;
    expect(p.source).toBe('sbo-encounters-fy22-fy25-aug.sample.csv');
    expect(p['source-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(p.rows).toBe('read 117, used 117, skipped 0');
    expect(readdirSync(join(work, 'data'))).toEqual(['cbp-latest.csv']); // no temporary file left behind
  });

  it('re-importing over a previous import is allowed, and the output is byte-identical', () => {
    const a = corridor('data', 'import', join(FIXTURES, 'nationwide-encounters-fy20-fy23-aor.sample.csv'), '--out', 'aor.csv', '--component', 'border-patrol');
    expect(a.status, a.stderr).toBe(0);
    const first = readFileSync(join(work, 'aor.csv'));
    const b = corridor('data', 'import', join(FIXTURES, 'nationwide-encounters-fy20-fy23-aor.sample.csv'), '--out', 'aor.csv', '--component', 'border-patrol');
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(work, 'aor.csv')).equals(first)).toBe(true);
    expect(rowsOf(first.toString('utf8'))).toEqual(expected('nationwide-encounters-fy20-fy23-aor.sample.border-patrol.expected.csv'));
    expect(first.toString('utf8')).toContain('# filters: Land Border Region = Southwest Land Border; component: U.S. Border Patrol only\n');
  });

  it('without --out writes the file to standard output', () => {
    const r = corridor('data', 'import', join(FIXTURES, 'nationwide-encounters-state.no-nicaragua.csv'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith('# corridor observed-data v1')).toBe(true);
    expect(rowsOf(r.stdout)).toEqual(expected('nationwide-encounters-state.no-nicaragua.expected.csv'));
  });

  it('refuses to overwrite a file that is not a Corridor import, unless --force', () => {
    const mine = join(work, 'notes.csv');
    writeFileSync(mine, 'my,own\nfile,here\n');
    const r = corridor('data', 'import', join(FIXTURES, 'sbo-encounters-fy22-fy25-aug.sample.csv'), '--out', 'notes.csv');
    expectOneLineError(r, /^error: notes\.csv: exists and is not a file written by corridor data import; expected a new path, or --force to replace it$/);
    expect(readFileSync(mine, 'utf8')).toBe('my,own\nfile,here\n');
    const forced = corridor('data', 'import', join(FIXTURES, 'sbo-encounters-fy22-fy25-aug.sample.csv'), '--out', 'notes.csv', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(mine, 'utf8').startsWith('# corridor observed-data v1')).toBe(true);
  });

  it('a bad layout: one line naming the file and the column expected, and no output file', () => {
    const r = corridor('data', 'import', join(FIXTURES, 'nationwide-drugs-fy21-fy24.header.csv'), '--out', 'drugs-out.csv');
    expectOneLineError(r, /nationwide-drugs-fy21-fy24\.header\.csv:1: expected columns 'Citizenship' or 'Citizenship Grouping', 'Title of Authority' or 'Encounter Type', 'Encounter Count' \(or 'Count'\)/);
    expect(existsSync(join(work, 'drugs-out.csv'))).toBe(false);
  });

  it('a missing file, a folder, an empty file, a huge file, the source as --out: one line each', () => {
    expectOneLineError(corridor('data', 'import', 'nowhere.csv', '--out', 'x.csv'), /^error: nowhere\.csv: no such file; expected a CBP encounters CSV/);
    mkdirSync(join(work, 'folder.csv'), { recursive: true });
    expectOneLineError(corridor('data', 'import', 'folder.csv', '--out', 'x.csv'), /^error: folder\.csv: is a folder; expected a CBP encounters CSV file$/);
    writeFileSync(join(work, 'empty.csv'), '');
    expectOneLineError(corridor('data', 'import', 'empty.csv'), /^error: empty\.csv: the file is empty/);
    const huge = join(work, 'huge.csv');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 201 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    expectOneLineError(corridor('data', 'import', 'huge.csv', '--out', 'x.csv'), /^error: huge\.csv: is 201 MB; expected a CBP encounters CSV of at most 200 MB/);
    writeFileSync(join(work, 'src.csv'), readFileSync(join(FIXTURES, 'sbo-encounters-fy22-fy25-aug.sample.csv')));
    expectOneLineError(corridor('data', 'import', 'src.csv', '--out', 'src.csv', '--force'), /^error: src\.csv: is the file being imported/);
    expectOneLineError(corridor('data', 'import', 'src.csv', '--out', 'folder.csv'), /^error: folder\.csv: is a folder/);
    expectOneLineError(corridor('data', 'import', 'nowhere.csv', '--out', 'src.csv'), /^error: nowhere\.csv: no such file/);
    expectOneLineError(corridor('data', 'import', 'src.csv', '--out', 'empty.csv/out.csv'), /^error: empty\.csv\/out\.csv: cannot write the file \(E[A-Z]+\); expected a path in a writable folder$/);
    expect(existsSync(join(work, 'x.csv'))).toBe(false);
  });

  it('--component takes all, border-patrol or ofo, and needs a Component column', () => {
    const bad = corridor('data', 'import', join(FIXTURES, 'sbo-encounters-fy22-fy25-aug.sample.csv'), '--component', 'usbp');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are all, border-patrol, ofo/);
    const none = corridor('data', 'import', join(FIXTURES, 'nationwide-encounters-fy21-fy24-state.first-rows.csv'), '--component', 'ofo');
    expectOneLineError(none, /:1: expected a column 'Component' to keep Office of Field Operations only \(--component ofo\); this layout \(nationwide-state\) has none$/);
  });
});
