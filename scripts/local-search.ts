// A convergence check for a calibration, not a calibration: from the posterior's best particle, a
// (μ/μ, λ) evolution strategy in the sampler's logit coordinates looks for parameter values with a
// smaller distance, every candidate simulated on the same few streams (common random numbers, so
// that two candidates differ by their parameters, not by their luck). If it finds a distance well
// below the posterior's, the sampler had not reached the region the method is after: its budget
// was too small (docs/CALIBRATION.md, "Convergence"). The point it finds is an optimum of one
// stream set's distance, not a posterior; nothing here is written into a scenario.
// Usage: node bin/run-ts.mjs scripts/local-search.ts [calibration/baseline.yaml] [--iterations 20]
//        [--streams 2] [--out results/local-search.json]
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { Command } from 'commander';
import { readCalibration } from '../src/run/calibrationSetup.ts';
import { simulateCandidates } from '../src/run/calibrate.ts';
import { fromUnit, toUnit } from '../src/analysis/calibrationFile.ts';
import { fromZ, gaussianStep, toZ, weightedMoments } from '../src/analysis/abcSmc.ts';
import { cholesky, gaussian } from '../src/analysis/linalg.ts';
import { bestParticle } from '../src/analysis/posterior.ts';
import type { ParticlePosterior } from '../src/analysis/posterior.ts';
import { writeFileAtomic } from '../src/output/atomic.ts';
import { closeWorkers } from '../src/run/pool.ts';

const program = new Command()
  .argument('[calibration]', 'calibration file', 'calibration/baseline.yaml')
  .option('--iterations <n>', 'generations of the search', '20')
  .option('--streams <n>', 'random streams every candidate is simulated on', '2')
  .option('--out <file>', 'where the best point goes', 'results/local-search.json')
  .parse();
const file = program.args[0] ?? 'calibration/baseline.yaml';
const opts = program.opts<{ iterations: string; streams: string; out: string }>();
const iterations = Number(opts.iterations);
const streams = Number(opts.streams);

const setup = readCalibration(file);
const space = setup.space;
const post = JSON.parse(readFileSync(setup.outputPosterior, 'utf8')) as ParticlePosterior;
if (post.names.join() !== space.names.join()) throw new Error(`${setup.outputPosterior} fits other parameters than ${file}`);
const p = space.names.length;
const valuesToZ = (values: number[]) => toZ(toUnit(space, values));
const zToValues = (z: number[]) => fromUnit(space, fromZ(z));

/** Mean distance (and its data part) of each point over the common streams (stream s: point s of scope 'local-search'), as calibrate measures it. */
async function distances(points: number[][]): Promise<{ total: number; data: number }[]> {
  const values = points.flatMap((z) => Array.from({ length: streams }, () => zToValues(z)));
  const losses = await simulateCandidates(setup, values, 'local-search', values.map((_, k) => k % streams));
  return points.map((_, i) => {
    const mine = losses.slice(i * streams, (i + 1) * streams);
    return { total: mine.reduce((a, l) => a + l.total, 0) / streams, data: mine.reduce((a, l) => a + l.data, 0) / streams };
  });
}

const zs = post.particles.map(valuesToZ);
const { cov } = weightedMoments(zs);
const L = cholesky(cov.map((v) => v * 0.3), p); // steps a little under the posterior's own spread
const normal = gaussian(seedrandom(`local-search|${setup.cal.seed}`));
const lambda = 12;
const mu = 4;
let sigma = 1;
let mean = valuesToZ(bestParticle(post).values);
let [best] = await distances([mean]);
const start = best;
console.log(`local search from the best of ${post.particles.length} particles (its distance in the sampler ${Math.min(...post.distances).toFixed(4)}; the population's median ${[...post.distances].sort((a, b) => a - b)[post.distances.length >> 1].toFixed(4)})`);
console.log(`start: distance ${start.total.toFixed(4)} (data ${start.data.toFixed(4)}) on ${streams} common streams`);
for (let it = 0; it < iterations; it++) {
  const candidates = Array.from({ length: lambda }, () => gaussianStep(mean, L, sigma, normal));
  const scored = await distances(candidates);
  const order = scored.map((_, i) => i).sort((a, b) => scored[a].total - scored[b].total);
  const recombined = mean.map((_, a) => order.slice(0, mu).reduce((s, i) => s + candidates[i][a], 0) / mu);
  const [r] = await distances([recombined]);
  if (r.total < best.total) {
    mean = recombined;
    best = r;
    sigma *= 1.1;
  } else if (scored[order[0]].total < best.total) {
    mean = candidates[order[0]];
    best = scored[order[0]];
  } else sigma *= 0.7;
  console.log(`iteration ${it + 1}: distance ${best.total.toFixed(4)} (data ${best.data.toFixed(4)}), step ${sigma.toFixed(2)}`);
}
writeFileAtomic(opts.out, JSON.stringify({ calibration: file, streams, iterations, start, best, names: space.names, values: zToValues(mean) }, null, 2) + '\n');
console.log(`best: distance ${best.total.toFixed(4)} against ${start.total.toFixed(4)} at the start (${(100 * (1 - best.total / start.total)).toFixed(0)}% lower); wrote ${opts.out}`);
await closeWorkers();
