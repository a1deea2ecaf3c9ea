// What people decide at the border, and what they expect at home, on given dates of a run (a
// diagnostic, not a test): per origin, the expected chance of getting in that departures act on
// (perceived from what migrants saw, the hold of the latest announcement), and the chances of each
// way across for someone waiting in a northern Mexican city (middle risk tolerance, no smuggler
// package left, mean over the sectors), by wealth band; and the appointment queue. At the end, the
// flows of those months, all origins.
// Usage: node bin/run-ts.mjs scripts/border-choice.ts [scenario] [--dates 2023-04,2023-09]
//        [--origins MEX,GTM,HND,VEN] [--scale 20] [--start 2013-10] [--end 2023-12]
import { Command } from 'commander';
import { Simulation } from '../src/model/simulation.ts';
import { FLOW, ORIGIN_FLOWS } from '../src/model/recorder.ts';
import { ORIGINS } from '../src/model/entities.ts';
import { monthIndex } from '../src/model/calendar.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runSeed } from '../src/run/seeds.ts';

const program = new Command()
  .argument('[scenario]', 'scenario file', 'scenarios/baseline.yaml')
  .option('--dates <list>', 'months to look at, YYYY-MM,…', '2023-04,2023-07,2023-10')
  .option('--origins <list>', 'origins', 'MEX,GTM,HND,VEN')
  .option('--scale <n>', 'persons per agent', '20')
  .option('--start <YYYY-MM>', 'first month reported', '2013-10')
  .option('--end <YYYY-MM>', 'last month', '2023-12')
  .parse();
const opts = program.opts<{ dates: string; origins: string; scale: string; start: string; end: string }>();
const loaded = loadScenario(program.args[0] ?? 'scenarios/baseline.yaml', { start: opts.start, end: opts.end, scale: Number(opts.scale) });
const sim = new Simulation(loaded.input, runSeed({ masterSeed: loaded.seed, scope: loaded.hash, point: 0, rep: 0 }));
const cal = loaded.input.calendar;
const origins = opts.origins.split(',').map((c) => {
  const o = (ORIGINS as readonly string[]).indexOf(c);
  if (o < 0) throw new Error(`--origins: unknown origin ${c}; expected some of ${ORIGINS.join(', ')}`);
  return o;
});
const dates = opts.dates.split(',').map((d) => ({ label: d, month: monthIndex(d) })).sort((a, b) => a.month - b.month);
const nS = loaded.input.sectors.length;
const WAYS = ['smuggler', 'alone', 'turn in', 'appointment', 'go home'];
const pct = (x: number) => `${Math.round(100 * x)}%`.padStart(4);
const stop = sim.phases.findIndex((p) => p.name === 'border choice');
for (const { label, month } of dates) {
  while (sim.week < sim.weeks && cal.weekMonth[sim.week] + cal.firstMonth < month) sim.step();
  if (sim.week >= sim.weeks) break;
  sim.phases.slice(0, stop + 1).forEach((p) => p.run());
  const first = sim.borderChoice(0, 0, 1, 1, 0);
  console.log(`${label} (week ${sim.week}): ${Math.round(first.queuedPersons).toLocaleString('en-US')} persons in the appointment queue`);
  console.log(`  origin  perceived  hold  expected | ${WAYS.join(' / ')} by wealth band (low | middle | high)`);
  for (const o of origins) {
    const e = sim.expectation(o);
    const bands = [0, 1, 2].map((b) => {
      const mean = new Array(WAYS.length).fill(0);
      for (let s = 0; s < nS; s++) sim.borderChoice(o, s, b, 1, 0).shares.forEach((v, k) => (mean[k] += v / nS));
      return mean.map(pct).join(' ');
    });
    console.log(`  ${ORIGINS[o].padEnd(6)} ${e.perceived.toFixed(2).padStart(9)} ${e.hold.toFixed(2).padStart(5)} ${e.expected.toFixed(2).padStart(9)} | ${bands.join(' | ')}`);
  }
  sim.phases.slice(stop + 1).forEach((p) => p.run());
}

while (sim.week < sim.weeks) sim.step();
const t = sim.result().tables;
const nF = ORIGIN_FLOWS.length;
const FLOWS = ['decided', 'departed', 'encounters', 'encounters_between_ports', 'released', 'paroled', 'removed', 'expelled', 'returned_home'] as const;
const k = (x: number) => `${Math.round(x / 1000)}k`;
console.log(`month    ${FLOWS.join(' / ')} (persons or events, all origins)`);
for (const { label, month } of dates) {
  const m = month - cal.firstMonth;
  if (m < 0 || m >= t.months) continue;
  const sum = (f: number) => Array.from({ length: t.origins }, (_, o) => t.originFlows[(m * nF + f) * t.origins + o]).reduce((a, b) => a + b, 0);
  console.log(`${label}  ${FLOWS.map((f) => k(sum(FLOW[f]))).join(' / ')}`);
}
