// Natural experiments: dated policy events after which the record moved sharply (issue 12, from
// scenarios/data/policy_timeline.md and the encounter record). A model that answers policy as
// the world did reproduces each change — its sign, and its size within ±15 percentage points —
// from the policy inputs alone, without being told the outcome.
import { ORIGINS } from '../model/entities.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import { quantile } from './stats.ts';

export interface NaturalExperiment {
  id: string;
  /** the event, as in the policy timeline */
  event: string;
  date: string;
  /** origins summed (all when empty) */
  origins: readonly string[];
  /** change from `from` to `to` (months YYYY-MM) */
  from: string;
  to: string;
}

export const NATURAL_EXPERIMENTS: readonly NaturalExperiment[] = [
  { id: 'southern-border-2014', event: "Mexico's Southern Border Programme", date: '2014-07-07', origins: [], from: '2014-05', to: '2014-09' },
  { id: 'administration-2017', event: 'new administration, announced enforcement', date: '2017-01-20', origins: [], from: '2016-12', to: '2017-04' },
  { id: 'declaration-2019', event: 'US–Mexico declaration, National Guard', date: '2019-06-07', origins: [], from: '2019-05', to: '2019-09' },
  { id: 'pandemic-2020', event: 'pandemic closures, Title 42', date: '2020-03-20', origins: [], from: '2020-03', to: '2020-04' },
  { id: 'pandemic-rebound-2020', event: 'Title 42 expulsions and repeat crossings', date: '2020-03-20', origins: [], from: '2020-04', to: '2020-09' },
  { id: 'administration-2021', event: 'new administration', date: '2021-01-20', origins: [], from: '2021-01', to: '2021-03' },
  { id: 'venezuela-parole-2022', event: 'Venezuelan parole with expulsions', date: '2022-10-12', origins: ['VEN'], from: '2022-09', to: '2022-11' },
  { id: 'chnv-2023', event: 'CHNV parole with expulsions', date: '2023-01-05', origins: ['CUB', 'HTI', 'NIC', 'VEN'], from: '2022-12', to: '2023-02' },
  { id: 'title42-end-2023', event: 'end of Title 42', date: '2023-05-11', origins: [], from: '2023-05', to: '2023-06' },
  { id: 'title42-after-2023', event: 'after Title 42: consequences weaken as flows rise', date: '2023-05-11', origins: [], from: '2023-06', to: '2023-12' },
];

/** Sum over an experiment's origins in one month of a [month][origin] array starting at `firstMonth`. */
function summed(values: Float64Array, firstMonth: number, month: string, origins: readonly string[]): number {
  const [y, m] = month.split('-').map(Number);
  const mi = y * 12 + m - 1 - firstMonth;
  const nO = ORIGINS.length;
  if (mi < 0 || (mi + 1) * nO > values.length) return NaN;
  let s = 0;
  for (let o = 0; o < nO; o++) if (origins.length === 0 || origins.includes(ORIGINS[o])) s += values[mi * nO + o];
  return s;
}

/**
 * The experiments as a term of the distance: the mean, over the experiments whose two months lie
 * inside the record (a backtest's shorter record holds fewer), of the squared difference between
 * the simulated and the observed log change, ln((to + c)/(from + c)); NaN when none lies inside.
 * A log change weighs a halving and a doubling alike, as the rest of the distance does. `values`
 * is [month][origin] on the record's measure, starting at the record's first month.
 */
export function experimentsError(values: Float64Array, record: EncounterRecord, offset: number, experiments: readonly NaturalExperiment[] = NATURAL_EXPERIMENTS): number {
  let ss = 0;
  let n = 0;
  for (const e of experiments) {
    const o0 = summed(record.encounters, record.firstMonth, e.from, e.origins);
    const o1 = summed(record.encounters, record.firstMonth, e.to, e.origins);
    if (!Number.isFinite(o0) || !Number.isFinite(o1)) continue;
    const s0 = summed(values, record.firstMonth, e.from, e.origins);
    const s1 = summed(values, record.firstMonth, e.to, e.origins);
    ss += (Math.log((s1 + offset) / (s0 + offset)) - Math.log((o1 + offset) / (o0 + offset))) ** 2;
    n++;
  }
  return n > 0 ? ss / n : NaN;
}

export interface ExperimentResult {
  experiment: NaturalExperiment;
  observedFrom: number;
  observedTo: number;
  /** relative change, observed */
  observed: number;
  /** relative change in the model: mean and 90% interval over replications */
  simulated: number;
  simulatedLow: number;
  simulatedHigh: number;
  signRight: boolean;
  /** |simulated − observed| in percentage points */
  missPoints: number;
  withinTarget: boolean;
}

/**
 * Scores the experiments. `runs` holds, per replication, the model's [month][origin] encounters
 * on the record's measure of each month (between ports before 2020-10, all after), starting at
 * the record's first month.
 */
export function scoreExperiments(record: EncounterRecord, runs: Float64Array[], experiments: readonly NaturalExperiment[] = NATURAL_EXPERIMENTS): ExperimentResult[] {
  return experiments
    .filter((e) => Number.isFinite(summed(record.encounters, record.firstMonth, e.from, e.origins)) && Number.isFinite(summed(record.encounters, record.firstMonth, e.to, e.origins)))
    .map((e) => {
      const o0 = summed(record.encounters, record.firstMonth, e.from, e.origins);
      const o1 = summed(record.encounters, record.firstMonth, e.to, e.origins);
      const observed = o1 / o0 - 1;
      const changes = runs.map((r) => summed(r, record.firstMonth, e.to, e.origins) / summed(r, record.firstMonth, e.from, e.origins) - 1).filter(Number.isFinite);
      const simulated = changes.reduce((a, x) => a + x, 0) / Math.max(1, changes.length);
      const sorted = changes.slice().sort((a, b) => a - b);
      const missPoints = 100 * Math.abs(simulated - observed);
      const signRight = Math.sign(simulated) === Math.sign(observed);
      return {
        experiment: e, observedFrom: o0, observedTo: o1, observed, simulated,
        simulatedLow: sorted.length ? quantile(sorted, 0.05) : NaN, simulatedHigh: sorted.length ? quantile(sorted, 0.95) : NaN,
        signRight, missPoints, withinTarget: signRight && missPoints <= 15,
      };
    });
}
