// The project's observed-data format: written with provenance, read back by readObservedCsv.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCbp } from '../../src/data/cbpImport.ts';
import { DataError } from '../../src/data/errors.ts';
import { formatObservedCsv, isCorridorImport, OBSERVED_MAGIC, readObservedCsv } from '../../src/data/observed.ts';
import { maskOf, originSetCode, parseOriginSet, partitionOf } from '../../src/data/origins.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { ROOT } from '../helpers/scenario.ts';

const FIXTURES = join(ROOT, 'tests/fixtures/cbp');

function readError(text: string): string {
  try {
    readObservedCsv(text, 'obs.csv');
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('expected a DataError');
}

const HEADER = 'month,origin,encounters,title42_expulsions';

describe('origin sets', () => {
  it('are written in ORIGINS order and read back to the same set', () => {
    const mask = maskOf(['OTHER', 'NIC', 'CUB']);
    expect(originSetCode(mask)).toBe('NIC+CUB+OTHER');
    expect(parseOriginSet('OTHER+CUB+NIC')).toBe(mask);
    expect(parseOriginSet('MEX+XYZ')).toMatch(/expected an origin code/);
    expect(parseOriginSet('MEX+MEX')).toBe("origin 'MEX' appears twice in 'MEX+MEX'");
  });

  it('overlapping sets merge into one part; disjoint ones stay apart', () => {
    const parts = partitionOf([maskOf(['MEX']), maskOf(['OTHER']), maskOf(['NIC', 'OTHER']), maskOf(['ECU']), maskOf(['ECU', 'COL'])]);
    expect(parts.map(originSetCode)).toEqual(['MEX', 'NIC+OTHER', 'ECU+COL']);
  });
});

describe('readObservedCsv', () => {
  it('reads the project\'s own data file (no provenance lines) as one-origin rows', () => {
    const data = readObservedCsv(readFileSync(join(ROOT, 'scenarios/data/cbp_sw_encounters_monthly.csv'), 'utf8'), 'cbp.csv');
    expect(data.provenance).toEqual({});
    expect(data.rows).toHaveLength(429);
    expect(data.rows[0]).toEqual({ line: 2, month: '2020-10', origin: 'MEX', origins: [0], encounters: 46786, title42Expulsions: 43595 });
    expect(data.rows.every((r) => r.origins.length === 1)).toBe(true);
  });

  it('round-trips an import: rows and provenance come back as written', () => {
    for (const name of ['sbo-encounters-fy22-fy25-aug.sample.csv', 'nationwide-encounters-fy20-fy23-aor.sample.csv', 'nationwide-encounters-state.no-nicaragua.csv']) {
      const result = importCbp(readFileSync(join(FIXTURES, name)), name);
      const text = formatObservedCsv(result);
      expect(isCorridorImport(text)).toBe(true);
      expect(text.startsWith(OBSERVED_MAGIC)).toBe(true);
      const back = readObservedCsv(text, 'out.csv');
      expect(back.provenance).toEqual({ 'written-by': 'corridor data import', ...result.provenance });
      expect(back.rows.map(({ line: _, ...r }) => r)).toEqual(result.rows.map(({ line: _, ...r }) => r));
      expect(formatObservedCsv({ provenance: Object.fromEntries(Object.entries(back.provenance).filter(([k]) => k !== 'written-by')), rows: back.rows })).toBe(text);
    }
  });

  it('gives each partial row its set of origin indices', () => {
    const text = `# source: x\n${HEADER}\n2023-12,MEX,10,0\n2023-12,NIC+CUB+HTI+VEN+ECU+COL+OTHER,25,3\r\n`;
    const rows = readObservedCsv(text, 'obs.csv').rows;
    expect(rows[1].origins).toEqual(['NIC', 'CUB', 'HTI', 'VEN', 'ECU', 'COL', 'OTHER'].map((c) => (ORIGINS as readonly string[]).indexOf(c)));
    expect(rows[1].line).toBe(4);
  });

  it('bad files get one line naming the line and column', () => {
    expect(readError('month,origin,count\n')).toBe('obs.csv:1: expected columns month, origin, encounters, title42_expulsions; missing encounters, title42_expulsions (found: month, origin, count)');
    expect(readError(`${HEADER}\n2023-13,MEX,1,0\n`)).toBe("obs.csv:2: month: expected a calendar month YYYY-MM; found '2023-13'");
    expect(readError(`${HEADER}\n2023-12,MEXICO,1,0\n`)).toMatch(/^obs\.csv:2: origin: expected an origin code \(MEX, GTM, .*\) or codes joined by '\+'; found 'MEXICO'$/);
    expect(readError(`${HEADER}\n2023-12,MEX,1.5,0\n`)).toBe("obs.csv:2: encounters: expected a whole number ≥ 0; found '1.5'");
    expect(readError(`${HEADER}\n2023-12,MEX,1,2\n`)).toBe("obs.csv:2: title42_expulsions: expected at most the row's encounters (1); found 2");
    expect(readError(`${HEADER}\n2023-12,MEX,1,0\n2023-12,MEX,2,0\n`)).toBe('obs.csv:3: origin: expected each origin at most once a month; a second row for 2023-12 MEX (first on line 2)');
    expect(readError(`${HEADER}\n2023-12,NIC+OTHER,1,0\n2023-12,OTHER,2,0\n`)).toBe('obs.csv:3: origin: expected each origin at most once a month; OTHER overlaps NIC+OTHER in 2023-12 (first on line 2)');
    expect(readError(`${HEADER}\n2023-12,MEX,1\n`)).toBe('obs.csv:2: expected 4 fields as in the header; found 3');
    expect(readError('# only comments\n')).toBe("obs.csv: expected a header line 'month,origin,encounters,title42_expulsions'; found no rows");
  });
});
