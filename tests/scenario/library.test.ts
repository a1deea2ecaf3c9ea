// The scenario library (issue 5): every shipped scenario in scenarios/*.yaml validates, gives
// every number a source, an estimate, an assumption or a comment (in every file of its
// `extends` chain), and runs for a short window with the census adding up.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { unsourcedNumbers } from '../../src/scenario/parse.ts';
import { runOnce } from '../../src/run/single.ts';
import { dayToIso, parseDay } from '../../src/model/calendar.ts';
import { changesToThePast } from '../../src/scenario/past.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const DIR = 'scenarios';
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();

/** The library the README's table covers (issue 5); each must be shipped. */
const LIBRARY = [
  'stricter-border', 'national-emergency-2025', 'asylum-cap-5000', 'cartel-fragmentation', 'terrorist-designation',
  'mexico-retaining-wall', 'transit-visas', 'legal-pathways', 'mass-deportation', 'el-salvador-removals',
  'nicaragua-charters-open', 'nicaragua-charters-shut', 'state-capacity-investment', 'haiti-gang-control',
];

describe('scenario library', () => {
  it('ships every library scenario, each extending the baseline', () => {
    for (const name of LIBRARY) {
      expect(FILES, name).toContain(`${name}.yaml`);
      const loaded = loadScenario(join(DIR, `${name}.yaml`));
      expect(loaded.resolved.chain[0].value.extends, name).toBe('baseline.yaml');
      // a header comment saying what it represents comes first
      expect(loaded.resolved.chain[0].text.startsWith('#'), `${name} starts with a header comment`).toBe(true);
    }
  });

  // The first day each scenario may depart from the baseline, from its own description: a lever
  // path that restates the baseline from a later date than the run's warm start (2013) changed
  // the past (five scenarios did, until 2026-12-04: mass deportation's ramps held 2026's values
  // from 2013; three dropped the baseline's steps before 2019-10; Haiti's lacked its initial value).
  const ACTS_FROM: Record<(typeof LIBRARY)[number], string> = {
    'stricter-border': '2026-01-01', 'national-emergency-2025': '2025-01-20', 'asylum-cap-5000': '2026-01-01',
    'cartel-fragmentation': '2026-01-01', 'terrorist-designation': '2026-01-01', 'mexico-retaining-wall': '2026-01-01',
    'transit-visas': '2026-01-01', 'legal-pathways': '2026-01-01', 'mass-deportation': '2026-01-01',
    'el-salvador-removals': '2026-01-01', 'nicaragua-charters-open': '2026-01-01', 'nicaragua-charters-shut': '2021-11-22',
    'state-capacity-investment': '2026-01-01', 'haiti-gang-control': '2026-01-01',
  };

  const baseline = loadScenario(join(DIR, 'baseline.yaml'));

  it.each(LIBRARY)('%s keeps the baseline\'s levers and parameters until the day it acts, and then departs from them', (name) => {
    const base = baseline.input;
    const scen = loadScenario(join(DIR, `${name}.yaml`)).input;
    expect(scen.calendar.weeks).toBe(base.calendar.weeks);
    expect(scen.params).toEqual(base.params);
    const actsFrom = parseDay(ACTS_FROM[name]);
    let first = Infinity;
    let where = '';
    for (const lever of Object.keys(base.levers) as (keyof typeof base.levers)[]) {
      base.levers[lever].forEach((series, e) => {
        const other = scen.levers[lever][e];
        for (let w = 0; w < series.length && w < first; w++)
          if (other[w] !== series[w]) {
            first = w;
            where = `${lever}[${e}] in the week of ${dayToIso(scen.calendar.startDay + 7 * w)}`;
          }
      });
    }
    expect(first, 'the scenario changes nothing').toBeLessThan(Infinity);
    // a lever's week holds the value of its middle day, so the first change may fall in the week that contains the day
    expect(scen.calendar.startDay + 7 * first + 7, where).toBeGreaterThan(actsFrom);
  });

  it('validate warns of a dated lever path that differs from what it extends before its own first date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-past-'));
    try {
      const base = resolve(DIR, 'baseline.yaml');
      const write = (name: string, levers: string) => {
        const path = join(dir, `${name}.yaml`);
        writeFileSync(path, `name: ${name}\nextends: ${base}\nlevers:\n${levers}`);
        return changesToThePast(loadScenario(path), baseline);
      };
      // a ramp holds its start from the run's first week; a path restated from 2019-10 drops the base's 2013 step
      expect(write('ramp', '  removalCapacityPerMonth:\n    ramp: { from: 2026-01-01, to: 2026-12-31, start: 60000, end: 90000 }\n')).toEqual([
        { lever: 'removalCapacityPerMonth', firstDate: '2026-01-01', differsFrom: '2013-01-01' },
      ]);
      expect(write('late', '  transitEnforcement:\n    MEX: { steps: [{ from: 2023-12-27, value: 1.5 }, { from: 2026-01-01, value: 3 }] }\n')).toEqual([
        { lever: 'transitEnforcement', firstDate: '2023-12-27', differsFrom: '2013-01-01' },
      ]);
      // the same change with the base's path restated, or a new step only, changes nothing before 2026
      expect(write('whole', '  removalCapacityPerMonth:\n    steps: [{ from: 2019-10-01, value: 35000 }, { from: 2023-05-11, value: 45000 }, { from: 2025-01-20, value: 60000 }, { from: 2026-01-01, to: 2026-12-31, value: 90000 }]\n')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    for (const name of LIBRARY) expect(changesToThePast(loadScenario(join(DIR, `${name}.yaml`)), baseline), name).toEqual([]);
  });

  describe.each(FILES)('%s', (file) => {
    const path = join(DIR, file);

    it('validates and has no unsourced numbers in its chain', () => {
      const loaded = loadScenario(path);
      for (const parsed of loaded.resolved.chain) {
        expect(unsourcedNumbers(parsed), parsed.file).toEqual([]);
      }
    });

    it('runs 2025-06 to 2026-06 with the census adding up and finite results', () => {
      const loaded = loadScenario(path, { start: '2025-06', end: '2026-06', scale: 200 });
      const result = runOnce(loaded.input, { masterSeed: 1, scope: 'library-test', point: 0, rep: 0 });
      const c = result.census;
      expect(c.atHome + c.inTransit + c.waiting + c.inUS + c.returned + c.dead).toBe(c.population);
      expect(c.population).toBeGreaterThan(0);
      const t = result.tables;
      expect(t.months).toBe(13);
      for (const arr of [t.originFlows, t.originMoney, t.originStocks, t.sectorFlows, t.sectorMoney]) {
        expect(arr.length).toBeGreaterThan(0);
        for (let i = 0; i < arr.length; i++) {
          if (!Number.isFinite(arr[i]) || arr[i] < 0) throw new Error(`${file}: non-finite or negative value ${arr[i]} at index ${i}`);
        }
      }
    });
  });
});
