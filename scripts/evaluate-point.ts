// The distance and the natural experiments of parameter points (a diagnostic, not a calibration):
// each point, a JSON file with `names` and `values` as scripts/local-search.ts writes it, simulated
// on fresh streams (not the search's own), so that two points found by searches on different
// models can be compared without the luck of the streams they were found on.
// Usage: node bin/run-ts.mjs scripts/evaluate-point.ts [--calibration calibration/baseline.yaml]
//        [--streams 8] point.json [point.json ...]
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { readCalibration, calibrationBuild, firstMonthOf } from '../src/run/calibrationSetup.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runOnce } from '../src/run/single.ts';
import { lossOf, summarizeWindow } from '../src/analysis/calibrationLoss.ts';
import { NATURAL_EXPERIMENTS, scoreExperiments } from '../src/analysis/naturalExperiments.ts';
import { mape, pearson } from '../src/analysis/fitMetrics.ts';
import { recordTotals } from '../src/data/encounterRecord.ts';
import { ORIGINS } from '../src/model/entities.ts';

const program = new Command()
  .argument('<points...>', 'points written by scripts/local-search.ts')
  .option('--calibration <file>', 'calibration file (its scenario, record and distance)', 'calibration/baseline.yaml')
  .option('--streams <n>', 'fresh random streams per point', '8')
  .parse();
const opts = program.opts<{ calibration: string; streams: string }>();
const setup = readCalibration(opts.calibration);
const streams = Number(opts.streams);
for (const file of program.args) {
  const point = JSON.parse(readFileSync(file, 'utf8')) as { names: string[]; values: number[] };
  const values = Object.fromEntries(point.names.map((n, k) => [n, point.values[k]]));
  const loaded = loadScenario(setup.scenarioFile, calibrationBuild(setup, values));
  const encounters: Float64Array[] = [];
  let total = 0;
  let data = 0;
  for (let rep = 0; rep < streams; rep++) {
    const run = runOnce(loaded.input, { masterSeed: 7, scope: 'evaluate-point', point: 0, rep });
    const summary = summarizeWindow(run.tables, firstMonthOf(setup), setup.record);
    const loss = lossOf(summary, setup.record, setup.cal, setup.darien); // the distance calibrate uses
    total += loss.total / streams;
    data += loss.data / streams;
    encounters.push(summary.encounters);
  }
  console.log(`${file}: distance ${total.toFixed(4)} (data ${data.toFixed(4)}) on ${streams} fresh streams`);
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
  console.log(`  monthly total: correlation ${pearson(obsTotal, simTotal).toFixed(2)}, MAPE ${mape(obsTotal, simTotal).toFixed(1)}%; MEX ${(simMex / 1e6).toFixed(2)}M against ${(obsMex / 1e6).toFixed(2)}M`);
  for (const e of scoreExperiments(setup.record, encounters, NATURAL_EXPERIMENTS))
    console.log(`  ${e.experiment.id.padEnd(24)} model ${(100 * e.simulated).toFixed(0).padStart(4)}%  observed ${(100 * e.observed).toFixed(0).padStart(4)}%`);
}
