// The scenario library (issue 5): every shipped scenario in scenarios/*.yaml validates, gives
// every number a source, an estimate, an assumption or a comment (in every file of its
// `extends` chain), and runs for a short window with the census adding up.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { unsourcedNumbers } from '../../src/scenario/parse.ts';
import { runOnce } from '../../src/run/single.ts';

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
