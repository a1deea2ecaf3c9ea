// The nowcast on data simulated by the model itself: the particle filter, which sees only the
// monthly encounters, recovers the hidden stocks (people waiting in northern Mexico, on the way)
// within its intervals, keeps its effective sample size, and saves states that restore.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nowcast } from '../../src/run/nowcast.ts';
import { readNowcastStates } from '../../src/run/nowcastStates.ts';
import { Simulation } from '../../src/model/simulation.ts';
import { monthKey } from '../../src/model/calendar.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { FLOW, ORIGIN_FLOWS, ORIGIN_STOCKS } from '../../src/model/recorder.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { withParameters } from '../../src/scenario/build.ts';
import { BASELINE } from '../helpers/scenario.ts';

const PINNED_PARAMETERS = readFileSync(new URL('../fixtures/calibrated-2026-12-01.yaml', import.meta.url), 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
import { closeWorkers } from '../../src/run/pool.ts';
import { encodeSnapshot } from '../../src/output/snapshotCodec.ts';

const dir = mkdtempSync(join(tmpdir(), 'corridor-nowcast-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await closeWorkers();
});

describe('nowcast', () => {
  it('recovers the hidden stocks of a model-made world within its 90% intervals, and keeps its sample size', async () => {
    const scenario = join(dir, 'short.yaml');
    writeFileSync(scenario, `name: short\nextends: ${BASELINE}\nperiod: { warmStart: 2019-10 }\n`);
    const scale = 200;
    const base = loadScenario(scenario, { start: '2021-01', end: '2022-01', scale });
    const hazards = base.parameters.baseHazard as Record<string, number>;
    // a posterior sample: two hazards spread ×/÷ 1.5 around the scenario's, the truth among them
    const names = ['baseHazard.MEX', 'baseHazard.HND'];
    const lo = names.map((n) => Math.log(hazards[n.split('.')[1]] / 3));
    const hi = names.map((n) => Math.log(hazards[n.split('.')[1]] * 3));
    const particles = Array.from({ length: 60 }, (_, k) => names.map((n, a) => hazards[n.split('.')[1]] * Math.exp(0.4 * Math.sin(k * (a + 1.7)))));
    const posterior = {
      method: 'abc-smc', names, log: [true, true], lo, hi, particles, weights: particles.map(() => 1 / particles.length), distances: particles.map(() => 0), generations: [], simulations: 0,
      observation: { offset: 2000, bias: new Array(ORIGINS.length + 1).fill(0), sd: new Array(ORIGINS.length + 1).fill(0.3), correlation: 0.5 },
    };
    writeFileSync(join(dir, 'posterior.json'), JSON.stringify(posterior));
    // the truth is a draw from that sample (the Bayesian setting the filter assumes), on a stream of its own
    const truthParams = Object.fromEntries(names.map((n, a) => [n, particles[7][a]]));
    const truth = new Simulation(withParameters(base.input, truthParams), 'the truth').run().tables;
    const nO = ORIGINS.length;
    const lines = ['month,origin,encounters,title42_expulsions'];
    for (let m = 0; m < 12; m++) for (let o = 0; o < nO; o++) lines.push(`${monthKey(base.input.calendar.firstMonth + m)},${ORIGINS[o]},${truth.originFlows[(m * ORIGIN_FLOWS.length + FLOW.encounters) * nO + o]},0`);
    writeFileSync(join(dir, 'observed.csv'), lines.join('\n') + '\n');

    const out = join(dir, 'now');
    const result = await nowcast({ scenario, data: join(dir, 'observed.csv'), through: '2021-12', posterior: join(dir, 'posterior.json'), particles: 60, scale, seed: 3, keep: 8, out });
    const n = 60;
    const essRows = readFileSync(join(out, 'ess.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(essRows).toHaveLength(12);
    for (const r of essRows) expect(Number(r[2])).toBeGreaterThanOrEqual(0.1 * n); // never below 10% of N after resampling
    expect(result.ess.length).toBe(12);
    const est = readFileSync(join(out, 'estimates.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    let inside = 0, total = 0;
    for (const q of ['waiting_mexico', 'in_transit'] as const) {
      const k = ORIGIN_STOCKS.indexOf(q);
      for (let m = 0; m < 12; m++) {
        let actual = 0;
        for (let o = 0; o < nO; o++) actual += truth.originStocks[(m * ORIGIN_STOCKS.length + k) * nO + o];
        const row = est.find((r) => r[0] === monthKey(base.input.calendar.firstMonth + m) && r[1] === 'TOTAL' && r[2] === q)!;
        total++;
        if (actual >= Number(row[4]) && actual <= Number(row[5])) inside++;
      }
    }
    expect(inside / total).toBeGreaterThanOrEqual(0.75);
    // the parameters after assimilation, at their own precision (base hazards are ~1e-5)
    const params = readFileSync(join(out, 'parameters.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(params.map((r) => r[0])).toEqual(names);
    for (const r of params) {
      const [mean, p05, p95] = [Number(r[1]), Number(r[2]), Number(r[4])];
      expect(mean).toBeGreaterThan(0);
      expect(p05).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(p95);
    }
    const states = readNowcastStates(out);
    expect(states.states).toHaveLength(8);
    expect(states.through).toBe('2021-12');
    const resumed = new Simulation(withParameters(base.input, states.parameters[0]), 'x');
    resumed.restore(states.states[0]);
    expect(resumed.week).toBeGreaterThan(0);
  }, 120_000);

  /** A world made by the model whose Mexican base hazard jumps ×`jump` at `at`, and a posterior around the scenario's hazards. */
  function shiftedWorld(name: string, jump: number, at: string, level?: { step: number; noise: number }) {
    const scenario = join(dir, `${name}.yaml`);
    // the parameters are pinned to a fixed calibration (a fixture), so these worlds test the filter, not the latest fit
    writeFileSync(scenario, `name: ${name}\nextends: ${BASELINE}\nperiod: { warmStart: 2019-10 }\n${PINNED_PARAMETERS}`);
    const scale = 200;
    const base = loadScenario(scenario, { start: '2021-01', end: '2022-01', scale });
    const hazards = base.parameters.baseHazard as Record<string, number>;
    const names = ['baseHazard.MEX', 'baseHazard.HND'];
    const hazard = (n: string) => hazards[n.split('.')[1]];
    const particles = Array.from({ length: 40 }, (_, k) => names.map((n, a) => hazard(n) * Math.exp(0.3 * Math.sin(k * (a + 1.7)))));
    const posterior = join(dir, `${name}.posterior.json`);
    writeFileSync(posterior, JSON.stringify({
      method: 'abc-smc', names, log: [true, true], lo: names.map((n) => Math.log(hazard(n) / 10)), hi: names.map((n) => Math.log(hazard(n) * 10)),
      particles, weights: particles.map(() => 1 / particles.length), distances: particles.map(() => 0), generations: [], simulations: 0,
      observation: {
        offset: 200, bias: new Array(ORIGINS.length + 1).fill(0), sd: new Array(ORIGINS.length + 1).fill(0.15), correlation: 0.2,
        ...(level ? { level: { step: new Array(ORIGINS.length + 1).fill(level.step), noise: new Array(ORIGINS.length + 1).fill(level.noise), measure: 'all' } } : {}),
      },
    }));
    const before = Object.fromEntries(names.map((n) => [n, hazard(n)]));
    const sim = new Simulation(withParameters(base.input, before), 'the shifted truth');
    const cal = base.input.calendar;
    const jumpMonth = Number(at.slice(5, 7)) - 1 + (Number(at.slice(0, 4)) - 2021) * 12;
    while (cal.weekMonth[sim.week] < jumpMonth) sim.step();
    const after = new Simulation(withParameters(base.input, { ...before, 'baseHazard.MEX': before['baseHazard.MEX'] * jump }), 'the shifted truth');
    after.restore(sim.snapshot());
    const truth = after.run().tables;
    const nO = ORIGINS.length;
    const lines = ['month,origin,encounters,title42_expulsions'];
    const mex = ORIGINS.indexOf('MEX');
    const truthMex: number[] = [];
    for (let m = 0; m < 12; m++) {
      truthMex.push(truth.originFlows[(m * ORIGIN_FLOWS.length + FLOW.encounters) * nO + mex]);
      for (let o = 0; o < nO; o++) lines.push(`${monthKey(cal.firstMonth + m)},${ORIGINS[o]},${truth.originFlows[(m * ORIGIN_FLOWS.length + FLOW.encounters) * nO + o]},0`);
    }
    const data = join(dir, `${name}.csv`);
    writeFileSync(data, lines.join('\n') + '\n');
    return { scenario, posterior, data, scale, truthMex, months: Array.from({ length: 12 }, (_, m) => monthKey(cal.firstMonth + m)) };
  }

  it('gives the same filter, bit for bit, on one thread and on two worker threads, with the hazards drifting', async () => {
    const w = shiftedWorld('workers', 1, '2021-03');
    const run = (workers: number) => nowcast({ scenario: w.scenario, data: w.data, through: '2021-04', posterior: w.posterior, particles: 9, scale: w.scale, seed: 11, keep: 5, drift: 0.1, workers, keepAt: ['2021-02'] });
    const one = await run(1);
    const two = await run(2);
    expect(two.ess).toEqual(one.ess);
    expect(two.logLikelihood).toBe(one.logLikelihood);
    expect(encodeSnapshot(two.states)).toBe(encodeSnapshot(one.states));
    expect(encodeSnapshot(two.kept.get('2021-02'))).toBe(encodeSnapshot(one.kept.get('2021-02')));
    // kept states are copies: two children of one parent are equal and not the same object
    const s = one.states.states;
    for (let a = 0; a < s.length; a++) for (let b = a + 1; b < s.length; b++) expect(s[a]).not.toBe(s[b]);
  }, 120_000);

  it('follows a jump in the push to leave that the drivers do not explain only when the hazards drift', async () => {
    const w = shiftedWorld('jump', 3, '2021-05');
    const run = (drift: number) => nowcast({ scenario: w.scenario, data: w.data, through: '2021-12', posterior: w.posterior, particles: 24, scale: w.scale, seed: 2, keep: 4, drift, out: join(dir, `jump-${drift}`) });
    const error = (folder: string) => {
      const rows = readFileSync(join(folder, 'estimates.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
      // filtered Mexican encounters over the last four months against the truth, on the log scale
      return w.months.slice(8).reduce((a, m, i) => a + Math.abs(Math.log(Number(rows.find((r) => r[0] === m && r[1] === 'MEX' && r[2] === 'encounters')![3]) / w.truthMex[8 + i])), 0) / 4;
    };
    const fixed = await run(0);
    const drifting = await run(0.15);
    expect(drifting.logLikelihood).toBeGreaterThan(fixed.logLikelihood);
    // a ×3 jump is ln 3 ≈ 1.1 on the log scale: the fixed hazards stay near the old level, the drifting ones climb
    const [withDrift, without] = [error(join(dir, 'jump-0.15')), error(join(dir, 'jump-0'))];
    expect(without).toBeGreaterThan(0.8);
    expect(withDrift).toBeLessThan(0.5 * without);
  }, 180_000);

  it('filters the misfit as a local level: after a jump the model does not make, the level of that origin alone moves to it', async () => {
    const w = shiftedWorld('level', 3, '2021-05', { step: 0.15, noise: 0.05 });
    const out = await nowcast({ scenario: w.scenario, data: w.data, through: '2021-12', posterior: w.posterior, particles: 30, scale: w.scale, seed: 4, keep: 10 });
    const levels = out.states.levels!;
    expect(levels).toHaveLength(out.states.states.length);
    const mean = (o: number) => levels.reduce((a, l) => a + l.mean[o], 0) / levels.length;
    const mex = ORIGINS.indexOf('MEX');
    // the particles' hazards stay near the old level (no drift): the ×3 shows as a level near ln 3 on Mexico's row
    expect(mean(mex)).toBeGreaterThan(0.5);
    expect(mean(mex)).toBeLessThan(Math.log(3) + 0.3);
    expect(Math.abs(mean(ORIGINS.indexOf('HND')))).toBeLessThan(0.3);
    for (const l of levels) for (const v of l.variance) expect(v).toBeGreaterThan(0);
  }, 120_000);
});
