// Mechanisms in isolation with known answers (MODEL.md §4, §6, §7).
import { describe, expect, it } from 'vitest';
import { weeklyHazard } from '../../src/model/leaving.ts';
import type { Drivers } from '../../src/model/leaving.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../../src/model/parameters.ts';
import type { Params } from '../../src/model/parameters.ts';
import { binomial, Xoshiro128 } from '../../src/model/random.ts';
import { metricValues } from '../../src/analysis/metrics.ts';
import { ORIGINS } from '../../src/model/entities.ts';
import { FLOW, ORIGIN_FLOWS } from '../../src/model/recorder.ts';
import type { RunResult, Simulation } from '../../src/model/simulation.ts';
import { simulation, STRICTER } from '../helpers/scenario.ts';

function defaults(): Params {
  return Object.fromEntries(PARAMETER_NAMES.map((n) => [n, 'perOrigin' in PARAMETERS[n] ? new Float64Array(11).fill(PARAMETERS[n].default) : PARAMETERS[n].default])) as Params;
}

const drivers: Drivers = {
  homicidePer100k: 0, homicideRef: 20, stateCapacity: 30, stateCapacityRef: 30, incomeShareOfUs: 0.08, incomeRef: 0.08,
  kin: 0, diasporaGrowth: 0, perceivedCostUsd: 8000, resourcesUsd: 4000, perceivedDeathRisk: 0.002, perceivedOdds: 0.7,
};

/** Persons counted in some state at the end of a run, less the population: 0 when no one is lost or made. */
function conservationGap(sim: Simulation): number {
  const c = sim.census();
  return c.atHome + c.inTransit + c.waiting + c.inUS + c.returned + c.dead - c.population;
}

/** Totals over all months of one origin's metrics. */
function originTotals(r: RunResult, o: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = 0; m < r.tables.months; m++) for (const [k, x] of Object.entries(metricValues(r.tables, m, o))) out[k] = (out[k] ?? 0) + x;
  return out;
}

/** Totals over all months and origins of the given metrics. */
function totals(r: RunResult, from = 0): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = from; m < r.tables.months; m++)
    for (let o = 0; o < ORIGINS.length; o++) {
      const v = metricValues(r.tables, m, o);
      for (const [k, x] of Object.entries(v)) if (k !== 'mean_fee_usd') out[k] = (out[k] ?? 0) + x;
    }
  return out;
}

describe('deciding to leave', () => {
  it('with zero violence and every elasticity at zero the hazard is the base hazard', () => {
    const p = defaults();
    for (const k of ['violenceElasticity', 'stateDeficitEffect', 'incomeElasticity', 'kinEffect', 'networkEffect', 'feeElasticity', 'riskAversion', 'oddsEffect'] as const) (p as Record<string, unknown>)[k] = 0;
    expect(weeklyHazard(3e-5, drivers, p)).toBeCloseTo(3e-5, 12);
    expect(weeklyHazard(3e-5, { ...drivers, homicidePer100k: 80, kin: 1, perceivedCostUsd: 1e6 }, p)).toBeCloseTo(3e-5, 12);
  });

  it('more violence, less state capacity, kin and better odds raise the hazard; higher fees lower it', () => {
    const p = defaults();
    const h = (d: Partial<Drivers>) => weeklyHazard(3e-5, { ...drivers, homicidePer100k: 20, ...d }, p);
    const base = h({});
    expect(h({ homicidePer100k: 50 })).toBeGreaterThan(base);
    expect(h({ stateCapacity: 10 })).toBeGreaterThan(base);
    expect(h({ kin: 1 })).toBeGreaterThan(base);
    expect(h({ perceivedOdds: 0.9 })).toBeGreaterThan(base);
    expect(h({ perceivedCostUsd: 16000 })).toBeLessThan(base);
    // elasticity as stated: doubling violence multiplies the odds by 2^βv
    const odds = (x: number) => x / (1 - x);
    expect(odds(h({ homicidePer100k: 40 })) / odds(base)).toBeCloseTo(Math.pow(2, p.violenceElasticity), 6);
  });

  it('arrivals raise the hazard by how much they add to the diaspora: doubling it multiplies the odds by 2^βn', () => {
    const p = defaults();
    p.networkEffect = 1.3;
    const odds = (x: number) => x / (1 - x);
    const h = (growth: number) => weeklyHazard(3e-5, { ...drivers, homicidePer100k: 20, diasporaGrowth: growth }, p);
    expect(odds(h(1)) / odds(h(0))).toBeCloseTo(Math.pow(2, 1.3), 6);
    expect(odds(h(3)) / odds(h(1))).toBeCloseTo(Math.pow(2, 1.3), 6); // 4× the diaspora over 2×
  });
});

describe('binomial draws (exchangeable people in strata)', () => {
  it('have the binomial mean and variance for small and large n·p', () => {
    const rng = new Xoshiro128('binomial');
    for (const [n, p] of [[50, 0.03], [1_000_000, 3e-5], [80_000_000, 2e-5], [1000, 0.4]] as const) {
      const k = 4000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < k; i++) {
        const x = binomial(rng, n, p);
        expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
        s += x;
        s2 += x * x;
      }
      const mean = s / k;
      const variance = s2 / k - mean * mean;
      const mu = n * p;
      const sigma2 = n * p * (1 - p);
      expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(sigma2 / k)); // 4 standard errors
      expect(variance / sigma2).toBeGreaterThan(0.85);
      expect(variance / sigma2).toBeLessThan(1.15);
    }
  });
});

describe('enforcement at the border', () => {
  const window = { start: '2024-01', end: '2025-12', scale: 50 };
  const run = (enforcement: number) => simulation({ ...window, leverOverrides: { enforcement } }, 'crn').run();
  const low = totals(run(1));
  const high = totals(run(2));
  const crossings = (t: Record<string, number>) => t.smuggled + t.crossed_alone;

  it('more enforcement means fewer got-aways per crossing', () => {
    expect(high.gotaways / crossings(high)).toBeLessThan(low.gotaways / crossings(low));
  });
  it('more enforcement means higher fees', () => {
    const fee = (r: Record<string, number>) => r.smuggler_revenue_usd / Math.max(1, r.smuggled);
    expect(fee(high)).toBeGreaterThan(fee(low));
  });
  it('more enforcement means more deaths per crossing (the funnel effect)', () => {
    // a busy year at fine scale: deaths are rare events and need many crossings to compare
    const sim = (e: number) => simulation({ start: '2022-01', end: '2022-12', scale: 4, leverOverrides: { enforcement: e } }, 'crn');
    const perCrossing = (e: number) => {
      const r = sim(e).run();
      let deaths = 0;
      for (let m = 0; m < r.tables.months; m++) for (let s = 0; s < r.tables.sectors; s++) deaths += r.tables.sectorFlows[(m * 4 + 2) * r.tables.sectors + s];
      const t = totals(r);
      return deaths / crossings(t);
    };
    expect(perCrossing(2)).toBeGreaterThan(perCrossing(1));
  });
});

describe('processing rules', () => {
  it('an asylum cap of N a day never releases more than N on any day', () => {
    for (const cap of [40, 400]) {
      const sim = simulation({ start: '2022-01', end: '2022-12', scale: 1, leverOverrides: { asylumCapPerDay: cap, expulsionShare: 0 } }, 'cap');
      const r = sim.run();
      expect(sim.maxReleasedPerDay).toBeLessThanOrEqual(cap);
      expect(sim.maxReleasedPerDay).toBe(cap); // the cap binds: the test would fail if it were ignored
      expect(totals(r).released).toBeLessThanOrEqual(cap * 7 * sim.weeks);
    }
  });

  it('no removals to a country that accepts none', () => {
    const overrides = { 'removalAcceptance.VEN': 0, 'thirdCountryRemovalsPerMonth.VEN': 0, 'expeditedRemovalShare': 1, 'interiorRemovalsPerMonth': 20000 };
    const r = simulation({ start: '2024-01', end: '2025-12', scale: 20, leverOverrides: overrides }, 'accept').run();
    const ven = ORIGINS.indexOf('VEN');
    let removed = 0;
    let interior = 0;
    let encounters = 0;
    let otherRemoved = 0;
    for (let m = 0; m < r.tables.months; m++) {
      const v = metricValues(r.tables, m, ven);
      removed += v.removed;
      interior += v.interior_removed;
      encounters += v.encounters;
      otherRemoved += metricValues(r.tables, m, ORIGINS.indexOf('GTM')).removed;
    }
    expect(encounters).toBeGreaterThan(0);
    expect(otherRemoved).toBeGreaterThan(0);
    expect(removed).toBe(0);
    expect(interior).toBe(0);
  });
});

describe('repatriation at the border (Mexicans handed over at a port)', () => {
  // 2018–2019: Title 8, 90% of Mexican encounters returned or removed (baseline), no expulsions yet
  const run = (handedOver: number, penalty: number) => {
    const sim = simulation({ start: '2018-01', end: '2019-06', scale: 20, leverOverrides: { 'repatriationAtBorder.MEX': handedOver }, parameterOverrides: { removalPenaltyFactor: penalty } }, 'repatriation');
    const t = originTotals(sim.run(), ORIGINS.indexOf('MEX'));
    return { encounters: t.encounters, unique: t.unique_encountered, removed: t.removed, returnedHome: t.returned_home, conserved: conservationGap(sim) };
  };

  it('the removed who try again from the border are encountered again; flown home they are not', () => {
    const home = run(0, 1);
    const border = run(1, 1);
    expect(home.removed).toBeGreaterThan(0);
    // every removal flown home is a return home (the handed-over may go home later, by giving up)
    expect(home.returnedHome).toBeGreaterThanOrEqual(home.removed);
    expect(border.encounters / border.unique).toBeGreaterThan(home.encounters / home.unique);
    expect(border.encounters).toBeGreaterThan(1.2 * home.encounters);
    expect(border.conserved).toBe(0);
    expect(home.conserved).toBe(0);
  });

  it('a re-entry bar that deters everyone sends the handed-over home: as flown home, up to the noise', () => {
    const home = run(0, 0);
    const border = run(1, 0);
    expect(Math.abs(border.encounters - home.encounters) / home.encounters).toBeLessThan(0.05);
  });
});

describe('where the expelled are taken (expulsionHomeShare)', () => {
  // 2021-03..2021-12: Title 42, 57–67% of Guatemalans' encounters expelled (baseline); here all of them
  const run = (home: number) => {
    const sim = simulation({ start: '2021-03', end: '2021-12', scale: 20, leverOverrides: { 'expulsionShare.GTM': 1, 'expulsionHomeShare.GTM': home } }, 'expelled-home');
    const gtm = ORIGINS.indexOf('GTM');
    let perceived = 0;
    while (sim.week < sim.weeks) {
      sim.step();
      perceived += sim.expectation(gtm).perceived / sim.weeks;
    }
    const t = originTotals(sim.result(), gtm);
    return { encounters: t.encounters, unique: t.unique_encountered, expelled: t.expelled, returnedHome: t.returned_home, perceived, conserved: conservationGap(sim) };
  };

  it('expelled home, people are not met again at the border within the month, and expect less of a try', () => {
    const mexico = run(0);
    const home = run(1);
    expect(home.expelled).toBeGreaterThan(0);
    // every expulsion home is a return home (those left in Mexico may go home later, by giving up)
    expect(home.returnedHome).toBeGreaterThanOrEqual(home.expelled);
    expect(mexico.encounters / mexico.unique).toBeGreaterThan(1.1);
    expect(home.encounters / home.unique).toBeLessThan(1.02); // only a try after going home again meets the border twice
    // the chance of getting in seen from home counts an expulsion home as a failure, not as another try
    expect(home.perceived).toBeLessThan(mexico.perceived - 0.05);
    expect(home.conserved).toBe(0);
    expect(mexico.conserved).toBe(0);
  });
});

describe('the direction the sources describe (seed 003), found not built in', () => {
  it('a stricter border lowers crossings and raises the mean fee and revenue per smuggled person', () => {
    const opts = { start: '2024-01', end: '2028-12', scale: 50 };
    const base = simulation(opts, 'crn').run();
    const strict = simulation(opts, 'crn', STRICTER).run();
    const from = 12 * 3; // 2027 onwards, after the phase-in
    const a = totals(base, from);
    const b = totals(strict, from);
    expect(b.smuggled + b.crossed_alone).toBeLessThan(a.smuggled + a.crossed_alone);
    expect(b.encounters + b.gotaways).toBeLessThan(a.encounters + a.gotaways);
    expect(b.smuggler_revenue_usd / b.smuggled).toBeGreaterThan(a.smuggler_revenue_usd / a.smuggled);
  });
});

describe('the asylum bar (2024-06 proclamation)', () => {
  it('switches on above its threshold and off only below the lift threshold (hysteresis)', () => {
    const bar = 1000;
    const lift = 600;
    const sim = simulation({ start: '2022-01', end: '2022-12', scale: 100, leverOverrides: { asylumBarAbovePerDay: bar, asylumLiftBelowPerDay: lift } }, 'bar');
    const states: boolean[] = [];
    const perDay: number[] = [];
    while (sim.week < sim.weeks) {
      sim.step();
      states.push(sim.asylumBarred);
      perDay.push(sim.encountersPerDay);
    }
    // a cold start in 2022-01 passes 1,000 encounters a day within weeks (2022 had about 6,000)
    expect(states.some((x) => x)).toBe(true);
    let inBand = 0;
    for (let w = 1; w < states.length; w++) {
      if (!states[w - 1] && states[w]) expect(perDay[w]).toBeGreaterThan(bar);
      if (states[w - 1] && !states[w]) expect(perDay[w]).toBeLessThan(lift);
      // between the thresholds the state never changes
      if (perDay[w] >= lift && perDay[w] <= bar) {
        inBand++;
        expect(states[w]).toBe(states[w - 1]);
      }
    }
    expect(inBand).toBeGreaterThan(0); // the band was visited, so the last check had work to do
  });

  it('with a threshold of zero it is always on (2025 suspension), never flipping', () => {
    const sim = simulation({ start: '2026-01', end: '2027-12', scale: 100 }, 'bar0');
    const states: boolean[] = [];
    while (sim.week < sim.weeks) {
      sim.step();
      if (sim.input.calendar.weekMonth[sim.week - 1] >= 0) states.push(sim.asylumBarred); // the reported weeks, after the warm-up
    }
    expect(states.slice(1).every((x) => x)).toBe(true);
  });

  it('a suspension (threshold 0) holds through weeks without a single encounter', () => {
    // no one sets off (travel closed to all) and no one is on the way: weeks with no encounters at all
    const sim = simulation({ start: '2026-01', end: '2026-06', warmStart: '2026-01', scale: 100, leverOverrides: { mobilityRestriction: 1 }, parameterOverrides: { restrictionEffect: 1 } }, 'bar-empty');
    let emptyWeeks = 0;
    sim.step(); // the first week switches it on
    while (sim.week < sim.weeks) {
      sim.step();
      if (sim.encountersPerDay === 0) emptyWeeks++;
      expect(sim.asylumBarred).toBe(true);
    }
    expect(emptyWeeks).toBeGreaterThan(0); // the case the test is for did arise
  });
});

describe('crossings of the Darién Gap (the second series)', () => {
  it('are counted for origins whose routes pass the Darién hub only, and no more than departed', () => {
    const r = simulation({ start: '2022-01', end: '2022-12', warmStart: '2021-06', scale: 50 }, 'darien').run();
    const t = r.tables;
    const nF = ORIGIN_FLOWS.length;
    const sum = (flow: number, o: number) => {
      let n = 0;
      for (let m = 0; m < t.months; m++) n += t.originFlows[(m * nF + flow) * t.origins + o];
      return n;
    };
    for (const code of ['MEX', 'GTM', 'HND', 'SLV', 'NIC'] as const) expect(sum(FLOW.darien_crossings, ORIGINS.indexOf(code)), code).toBe(0);
    const ven = ORIGINS.indexOf('VEN');
    expect(sum(FLOW.darien_crossings, ven)).toBeGreaterThan(0);
    // who reached the hub in 2022 left in 2022 or in the warm-up's months: no more than left since it began
    expect(sum(FLOW.darien_crossings, ven)).toBeLessThanOrEqual(sum(FLOW.departed, ven) * 1.5);
  });
});

describe('what the border choice and expectations say (diagnostics)', () => {
  it('gives choice shares that sum to one, none for appointments before they open, and an announcement that holds expectations', () => {
    const sim = simulation({ start: '2022-12', end: '2023-06', warmStart: '2022-10', scale: 200 }, 'diagnostics');
    const stop = sim.phases.findIndex((p) => p.name === 'border choice');
    const MEX = ORIGINS.indexOf('MEX');
    sim.phases.slice(0, stop + 1).forEach((p) => p.run());
    const before = sim.borderChoice(MEX, 0, 1, 1, 0).shares;
    expect(before.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(before[3]).toBe(0); // CBP One appointments start on 2023-01-12 (baseline)
    const holdBefore = sim.expectation(MEX).hold;
    sim.phases.slice(stop + 1).forEach((p) => p.run());
    while (sim.week < sim.weeks - 2) sim.step(); // into June 2023, after the announcement of 2023-05-11
    sim.phases.slice(0, stop + 1).forEach((p) => p.run());
    const after = sim.borderChoice(MEX, 0, 1, 1, 0).shares;
    expect(after[3]).toBeGreaterThan(0);
    const e = sim.expectation(MEX);
    // the announcement of 2023-05-11 kicked the hold up by the calibrated credibility; in the weeks
    // since it faded with its half-life and with what the regime then did (contradictionRate)
    expect(e.hold).toBeGreaterThan(holdBefore + 0.25 * sim.input.params.credibility);
    expect(e.expected).toBeCloseTo((1 - e.hold) * e.perceived + e.hold * e.announced, 12);
  });
});

describe('transit detention: returned home or released to go on (transitReturnShare)', () => {
  // 2021: Mexico detained about 308,000 and returned 37% (UPM); here the share is set outright
  const run = (share: number) => {
    const sim = simulation({ start: '2021-01', end: '2021-12', warmStart: '2020-10', scale: 50, leverOverrides: { 'transitReturnShare.MEX': share } }, 'transit-return');
    const r = sim.run();
    const t = { detained: 0, returnedHome: 0, departed: 0, encounters: 0 };
    for (let m = 0; m < r.tables.months; m++)
      for (let o = 0; o < ORIGINS.length; o++) {
        const v = metricValues(r.tables, m, o);
        t.detained += r.tables.originFlows[(m * ORIGIN_FLOWS.length + FLOW.detained_mexico) * r.tables.origins + o];
        t.returnedHome += v.returned_home;
        t.departed += v.departed;
        t.encounters += v.encounters;
      }
    return { ...t, conserved: conservationGap(sim) };
  };

  it('released detainees go on: fewer of those who leave come back, more reach the border, more leave, and every person is still counted', () => {
    const [all, half, none] = [run(1), run(0.5), run(0)];
    for (const r of [all, half, none]) {
      expect(r.detained).toBeGreaterThan(10_000);
      expect(r.conserved).toBe(0);
    }
    const back = (r: typeof all) => r.returnedHome / r.departed;
    expect(back(half)).toBeLessThan(back(all) - 0.03);
    expect(back(none)).toBeLessThan(back(half) - 0.03);
    expect(half.encounters).toBeGreaterThan(all.encounters);
    expect(none.encounters).toBeGreaterThan(half.encounters);
    // getting through Mexico is more likely, so more set off (the perceived chance of getting in)
    expect(none.departed).toBeGreaterThan(all.departed);
  });
});

describe('an announcement\'s hold, against what the regime then does (contradictionRate)', () => {
  const holds = (start: string, end: string, rate: number, code: string) => {
    const sim = simulation({ start, end, warmStart: start, scale: 200, parameterOverrides: { contradictionRate: rate } }, 'contradiction');
    const o = ORIGINS.indexOf(code as (typeof ORIGINS)[number]);
    const out: number[] = [];
    while (sim.week < sim.weeks) {
      sim.step();
      out.push(sim.expectation(o).hold);
    }
    return out;
  };

  it('keeps its half-life where the regime did not soften (2017: expedited removal rose), whatever the rate', () => {
    const slow = holds('2016-10', '2017-12', 0, 'GTM');
    const fast = holds('2016-10', '2017-12', 0.8, 'GTM');
    expect(Math.max(...slow)).toBeGreaterThan(0.2); // the announcement of 2017-01-25 took hold
    expect(fast).toEqual(slow);
  });

  it('lets go faster where the regime softened after it (the end of Title 42 released most of those it had expelled)', () => {
    const slow = holds('2023-03', '2023-12', 0, 'GTM');
    const fast = holds('2023-03', '2023-12', 0.5, 'GTM');
    const last = slow.length - 1;
    expect(Math.max(...slow)).toBeGreaterThan(0.2);
    expect(fast[last]).toBeLessThan(0.25 * slow[last]);
    for (let w = 0; w <= last; w++) expect(fast[w]).toBeLessThanOrEqual(slow[w] + 1e-12);
  });
});
