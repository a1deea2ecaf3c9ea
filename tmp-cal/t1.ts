import { loadScenario } from '../src/scenario/load.ts';
import { runOnce } from '../src/run/single.ts';
import { metricValues } from '../src/output/tables.ts';
import { ORIGINS } from '../src/model/types.ts';
for (const scale of [50, 20, 10]) {
  let t0 = Date.now();
  const l = loadScenario('scenarios/baseline.yaml', { start: '2019-10', end: '2023-12', scale });
  const t1 = Date.now();
  const r = runOnce(l.input, { masterSeed: 1, scope: 'cal', point: 0, rep: 0 });
  const t2 = Date.now();
  const t = r.tables;
  let enc = 0; const byO = new Array(11).fill(0);
  let rev = 0, sm = 0, al = 0;
  for (let m = 12; m < t.months; m++) for (let o = 0; o < 11; o++) { const v = metricValues(t, m, o); enc += v.encounters; byO[o] += v.encounters; rev += v.smuggler_revenue_usd; sm += v.smuggled; al += v.crossed_alone; }
  let deaths = 0; for (let m = 12; m < t.months; m++) for (let s = 0; s < t.sectors; s++) deaths += t.sectorFlows[(m * 4 + 2) * t.sectors + s];
  console.log(scale, 'load', t1 - t0, 'run', t2 - t1, 'enc', enc, byO.map((x, i) => ORIGINS[i] + ':' + Math.round(x)).join(' '), 'rev/yr', rev / 3.25 / 1e9, 'smshare', sm / (sm + al), 'deaths/yr', deaths / 3.25);
}
