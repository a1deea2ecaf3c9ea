// What the slow drivers do to the push to leave (a diagnostic, not a test): for each origin asked
// for, mid-year, the driver values the run reads (homicide rate, state capacity, income as a share
// of the US's) and the terms they add to the logit of the weekly hazard at a parameter point —
// violence, state-capacity deficit, income — against the 2019 reference the base hazard is set
// at, with the factor exp(sum) they multiply the odds of leaving by (docs/MODEL.md §4). The
// point is the calibration's best particle unless --point gives one (JSON with names and values,
// as scripts/local-search.ts writes).
// Usage: node bin/run-ts.mjs scripts/drivers.ts [--calibration calibration/baseline.yaml]
//        [--point point.json] [--origins MEX,NIC,VEN]
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { readCalibration, calibrationBuild } from '../src/run/calibrationSetup.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { ORIGINS } from '../src/model/entities.ts';
import { bestParticle } from '../src/analysis/posterior.ts';
import type { ParticlePosterior } from '../src/analysis/posterior.ts';
import { incomeTerm, stateDeficitTerm, violenceTerm } from '../src/model/leaving.ts';

const program = new Command()
  .option('--calibration <file>', 'calibration file (its scenario and posterior)', 'calibration/baseline.yaml')
  .option('--point <file>', 'parameter point (default: the posterior\'s best particle)')
  .option('--origins <list>', 'origins, comma-separated', 'MEX,GTM,HND,NIC,CUB,VEN')
  .parse();
const opts = program.opts<{ calibration: string; point?: string; origins: string }>();
const setup = readCalibration(opts.calibration);
const point: { names: string[]; values: number[] } = opts.point
  ? JSON.parse(readFileSync(opts.point, 'utf8'))
  : bestParticle(JSON.parse(readFileSync(setup.outputPosterior, 'utf8')) as ParticlePosterior);
const values = Object.fromEntries(point.names.map((n, k) => [n, point.values[k]]));
const { input } = loadScenario(setup.scenarioFile, calibrationBuild(setup, values));
const p = input.params;
const c = input.calendar;
console.log(`violenceElasticity ${p.violenceElasticity.toFixed(3)}, stateDeficitEffect ${p.stateDeficitEffect.toFixed(3)}, incomeElasticity ${p.incomeElasticity.toFixed(3)}`);
for (const name of opts.origins.split(',')) {
  const o = ORIGINS.indexOf(name as (typeof ORIGINS)[number]);
  if (o < 0) throw new Error(`--origins: expected origins among ${ORIGINS.join(', ')}; found ${name}`);
  const origin = input.origins[o];
  console.log(`${name}   homicide  capacity  income | violence  capacity  income   sum  factor`);
  for (let w = 0; w < c.weeks; w++) {
    const phase = c.weekYear[w] - Math.floor(c.weekYear[w]);
    if (phase < 0.49 || phase >= 0.49 + 7 / 365.25) continue; // the week at mid-year
    // the drivers as the run reads them (no scenario shifts: the calibration's scenario sets none)
    const d = {
      homicidePer100k: origin.homicidePer100k[w], homicideRef: origin.ref.homicidePer100k,
      stateCapacity: origin.stateCapacity[w], stateCapacityRef: origin.ref.stateCapacity,
      incomeShareOfUs: origin.incomeShareOfUs[w], incomeRef: origin.ref.incomeShareOfUs,
    };
    const violence = violenceTerm(d, p);
    const capacity = stateDeficitTerm(d, p);
    const income = incomeTerm(d, p);
    const sum = violence + capacity + income;
    const f = (x: number, d = 2, n = 8) => x.toFixed(d).padStart(n);
    console.log(`${Math.floor(c.weekYear[w])} ${f(origin.homicidePer100k[w], 1, 9)} ${f(origin.stateCapacity[w], 1, 9)} ${f(origin.incomeShareOfUs[w], 3, 7)} | ${f(violence)}  ${f(capacity)} ${f(income, 2, 7)} ${f(sum, 2, 5)} ${f(Math.exp(sum), 2, 7)}`);
  }
}
