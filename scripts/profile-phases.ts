// Time in each phase of the week for one run of a scenario (a diagnostic, not a test: the bench
// times the issue's 1:1 run; this times any scale and window, e.g. the calibration's).
// Usage: node bin/run-ts.mjs scripts/profile-phases.ts [scenario] [--scale 100] [--start 2013-10] [--end 2023-12]
import { Command } from 'commander';
import { Simulation } from '../src/model/simulation.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runSeed } from '../src/run/seeds.ts';

const program = new Command()
  .argument('[scenario]', 'scenario file', 'scenarios/baseline.yaml')
  .option('--scale <n>', 'persons per agent', '100')
  .option('--start <YYYY-MM>', 'first month reported', '2013-10')
  .option('--end <YYYY-MM>', 'last month', '2023-12')
  .parse();
const opts = program.opts<{ scale: string; start: string; end: string }>();
const loaded = loadScenario(program.args[0] ?? 'scenarios/baseline.yaml', { start: opts.start, end: opts.end, scale: Number(opts.scale) });
const sim = new Simulation(loaded.input, runSeed({ masterSeed: loaded.seed, scope: loaded.hash, point: 0, rep: 0 }));
const ms = new Map<string, number>(sim.phases.map((p) => [p.name, 0]));
const t0 = performance.now();
while (sim.week < sim.weeks)
  for (const p of sim.phases) {
    const s = performance.now();
    p.run();
    ms.set(p.name, ms.get(p.name)! + performance.now() - s);
  }
const phases = [...ms].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 1);
console.log(`${(performance.now() - t0).toFixed(0)} ms for ${sim.weeks} weeks at scale ${opts.scale}: ${phases.map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
