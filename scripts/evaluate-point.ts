// The distance and the natural experiments of parameter points (a diagnostic, not a calibration):
// each point, a JSON file with `names` and `values` as scripts/local-search.ts writes it, simulated
// on fresh streams (not the search's own), so that two points found by searches on different
// models can be compared without the luck of the streams they were found on.
// With no point file, the calibration posterior's best particle; `--set name=value` overrides a
// parameter of every point (what a change of one value does, nothing refitted).
// Usage: node bin/run-ts.mjs scripts/evaluate-point.ts [--calibration calibration/baseline.yaml]
//        [--streams 8] [--set stateDeficitEffect=0 ...] [point.json ...]
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { readCalibration, calibrationBuild, firstMonthOf } from '../src/run/calibrationSetup.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runOnce } from '../src/run/single.ts';
import { logResiduals, lossOf, summarizeWindow } from '../src/analysis/calibrationLoss.ts';
import { experimentsError, NATURAL_EXPERIMENTS, scoreExperiments } from '../src/analysis/naturalExperiments.ts';
import { mape, pearson } from '../src/analysis/fitMetrics.ts';
import { recordTotals } from '../src/data/encounterRecord.ts';
import { ORIGINS } from '../src/model/entities.ts';
import { bestParticle } from '../src/analysis/posterior.ts';
import type { ParticlePosterior } from '../src/analysis/posterior.ts';

const program = new Command()
  .argument('[points...]', 'points written by scripts/local-search.ts (default: the posterior\'s best particle)')
  .option('--calibration <file>', 'calibration file (its scenario, record and distance)', 'calibration/baseline.yaml')
  .option('--streams <n>', 'fresh random streams per point', '8')
  .option('--set <name=value...>', 'override a parameter of every point')
  .parse();
const opts = program.opts<{ calibration: string; streams: string; set?: string[] }>();
const setup = readCalibration(opts.calibration);
const streams = Number(opts.streams);
const overrides = (opts.set ?? []).map((kv) => {
  const [name, value] = kv.split('=');
  if (!name || !Number.isFinite(Number(value))) throw new Error(`--set: expected name=number; found ${kv}`);
  return [name, Number(value)] as const;
});
for (const file of program.args.length ? program.args : [null]) {
  const point = file ? (JSON.parse(readFileSync(file, 'utf8')) as { names: string[]; values: number[] }) : bestParticle(JSON.parse(readFileSync(setup.outputPosterior, 'utf8')) as ParticlePosterior);
  const values: Record<string, number> = { ...Object.fromEntries(point.names.map((n, k) => [n, point.values[k]])), ...Object.fromEntries(overrides) };
  const loaded = loadScenario(setup.scenarioFile, calibrationBuild(setup, values));
  const encounters: Float64Array[] = [];
  let total = 0;
  let data = 0;
  let experiments = 0;
  for (let rep = 0; rep < streams; rep++) {
    const run = runOnce(loaded.input, { masterSeed: 7, scope: 'evaluate-point', point: 0, rep });
    const summary = summarizeWindow(run.tables, firstMonthOf(setup), setup.record);
    const loss = lossOf(summary, setup.record, setup.cal, setup.darien); // the distance calibrate uses
    total += loss.total / streams;
    data += loss.data / streams;
    experiments += experimentsError(summary.encounters, setup.record, setup.cal.loss.offset) / streams;
    encounters.push(summary.encounters);
  }
  console.log(`${file ?? `best particle of ${setup.outputPosterior}`}${overrides.length ? ` with ${opts.set!.join(' ')}` : ''}: distance ${total.toFixed(4)} (data ${data.toFixed(4)}; experiments' mean squared log error ${experiments.toFixed(4)}, weighed ${setup.cal.loss.experimentsWeight}) on ${streams} fresh streams`);
  // the monthly total and Mexico's level, as validate-fit reads them (the streams' mean)
  const nO = ORIGINS.length;
  const months = setup.record.months.length;
  const simTotal = new Float64Array(months);
  let simMex = 0;
  const mex = ORIGINS.indexOf('MEX');
  for (const e of encounters)
    for (let m = 0; m < months; m++) {
      for (let o = 0; o < nO; o++) simTotal[m] += e[m * nO + o] / streams;
      simMex += e[m * nO + mex] / streams;
    }
  let obsMex = 0;
  for (let m = 0; m < months; m++) obsMex += setup.record.encounters[m * nO + mex];
  const obsTotal = recordTotals(setup.record);
  // each origin's part of the data term: its mean squared log error over the months
  const offset = setup.cal.loss.offset;
  const perOrigin = new Float64Array(nO);
  for (const e of encounters) logResiduals(e, setup.record, offset).forEach((r, i) => (perOrigin[i % nO] += (r * r) / months / streams));
  console.log(`  squared log error by origin: ${ORIGINS.map((o, k) => `${o} ${perOrigin[k].toFixed(2)}`).join(', ')}`);
  console.log(`  monthly total: correlation ${pearson(obsTotal, simTotal).toFixed(2)}, MAPE ${mape(obsTotal, simTotal).toFixed(1)}%; MEX ${(simMex / 1e6).toFixed(2)}M against ${(obsMex / 1e6).toFixed(2)}M`);
  for (const e of scoreExperiments(setup.record, encounters, NATURAL_EXPERIMENTS))
    console.log(`  ${e.experiment.id.padEnd(24)} model ${(100 * e.simulated).toFixed(0).padStart(4)}%  observed ${(100 * e.observed).toFixed(0).padStart(4)}%`);
}
