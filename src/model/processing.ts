// Processing after an encounter (docs/MODEL.md §6): the regime in force this week (expulsion to
// Mexico, expedited removal where the home country accepts flights, third-country removals,
// Remain in Mexico, release with a court date under a daily asylum cap, the asylum bar with
// hysteresis), the capacities each of these uses up, and removals from the US interior.
import { WAITING } from './agents.ts';
import { LEVERS } from './levers.ts';
import { OUT } from './state.ts';
import type { RunState } from './state.ts';
import { FLOW, SECTOR_FLOW } from './recorder.ts';
import { WEEKS_PER_MONTH } from './calendar.ts';

/** Expected outcome of an encounter for one origin this week (capacity limits included). */
export interface ProcessingOdds {
  /** probability an encounter ends with release or parole into the US */
  admitted: number;
  /** probability it ends back in northern Mexico (expelled, remain in Mexico, over a cap) */
  backToMexico: number;
}

export interface ProcessingSnapshot {
  expelledThisMonth: Float64Array;
  thirdThisMonth: Float64Array;
  expelFill: Float64Array;
  thirdFill: Float64Array;
  removalFill: number;
  asylumFill: number;
  maxReleasedPerDay: number;
  lastEncountersPerDay: number;
  asylumBarActive: boolean;
  month: number;
  interiorRemovalRate: Float64Array;
}

export class Processing {
  /** what an encounter is expected to lead to, per origin, as people weigh it this week */
  readonly odds: ProcessingOdds[];
  /** Mexicans are returned to Mexico anyway: Remain in Mexico does not apply to them */
  private readonly remainInMexicoExempt: Uint8Array;
  // this week's regime, read from the levers once a week instead of once per encounter
  private readonly expulsionShare: Float64Array;
  private readonly expulsionCap: Float64Array;
  /** of those expelled, the share taken to their own country instead of northern Mexico */
  private readonly expelledHome: Float64Array;
  /** share of the non-expelled put in expedited removal: 1 while the asylum bar is in force */
  private readonly expedited: Float64Array;
  private readonly acceptance: Float64Array;
  private readonly thirdCap: Float64Array;
  /** share of removals handed over at the border whose re-entry bar does not deter them: they try again from there */
  private readonly retryAfterRemoval: Float64Array;
  private removalCapWeek = 0;
  private remainInMexico = 0;
  private asylumCap = 0;
  // capacities and their use; the fill ratios (capacity / demand, last week) enter the odds
  private readonly expelledThisMonth: Float64Array;
  private readonly thirdThisMonth: Float64Array;
  private readonly expelDemand: Float64Array;
  private readonly expelFill: Float64Array;
  private readonly thirdDemand: Float64Array;
  private readonly thirdFill: Float64Array;
  private removalDemand = 0;
  private removalFill = 1;
  private removalsThisWeek = 0;
  private asylumDemand = 0;
  private asylumFill = 1;
  private readonly releasedOnDay = new Float64Array(7);
  /** most asylum releases on any one day so far (persons): lets tests check the daily cap */
  maxReleasedPerDay = 0;
  private readonly encountersThisWeek: Float64Array;
  private lastEncountersPerDay = 0;
  private asylumBarActive = false;
  private month = -1;
  /** this week's interior removals per person in the US, by origin: the risk of not staying */
  readonly interiorRemovalRate: Float64Array;

  constructor(private readonly run: RunState) {
    const nO = run.nO;
    this.odds = run.input.origins.map(() => ({ admitted: 0, backToMexico: 0 }));
    this.remainInMexicoExempt = Uint8Array.from(run.input.origins, (o) => (o.code === 'MEX' ? 1 : 0));
    this.expulsionShare = new Float64Array(nO);
    this.expulsionCap = new Float64Array(nO);
    this.expelledHome = new Float64Array(nO);
    this.expedited = new Float64Array(nO);
    this.acceptance = new Float64Array(nO);
    this.thirdCap = new Float64Array(nO);
    this.retryAfterRemoval = new Float64Array(nO);
    this.expelledThisMonth = new Float64Array(nO);
    this.thirdThisMonth = new Float64Array(nO);
    this.expelDemand = new Float64Array(nO);
    this.expelFill = new Float64Array(nO).fill(1);
    this.thirdDemand = new Float64Array(nO);
    this.thirdFill = new Float64Array(nO).fill(1);
    this.encountersThisWeek = new Float64Array(nO);
    this.interiorRemovalRate = new Float64Array(nO);
  }

  /** What carries over between weeks: this month's use of the caps, last week's fill ratios, the asylum bar. */
  save(): ProcessingSnapshot {
    return {
      expelledThisMonth: this.expelledThisMonth.slice(), thirdThisMonth: this.thirdThisMonth.slice(), expelFill: this.expelFill.slice(), thirdFill: this.thirdFill.slice(),
      removalFill: this.removalFill, asylumFill: this.asylumFill, maxReleasedPerDay: this.maxReleasedPerDay, lastEncountersPerDay: this.lastEncountersPerDay,
      asylumBarActive: this.asylumBarActive, month: this.month, interiorRemovalRate: this.interiorRemovalRate.slice(),
    };
  }

  restore(s: ProcessingSnapshot): void {
    for (const k of ['expelledThisMonth', 'thirdThisMonth', 'expelFill', 'thirdFill', 'interiorRemovalRate'] as const) this[k].set(s[k]);
    this.removalFill = s.removalFill;
    this.asylumFill = s.asylumFill;
    this.maxReleasedPerDay = s.maxReleasedPerDay;
    this.lastEncountersPerDay = s.lastEncountersPerDay;
    this.asylumBarActive = s.asylumBarActive;
    this.month = s.month;
  }

  /** Monthly caps (expulsions Mexico accepts, third-country removals) start afresh each month. */
  startMonth(): void {
    const month = this.run.input.calendar.weekMonth[this.run.week];
    if (month === this.month) return;
    this.expelledThisMonth.fill(0);
    this.thirdThisMonth.fill(0);
    this.month = month;
  }

  /** This week's regime, and the expected outcome of an encounter with last week's capacity fill. */
  prepare(): void {
    const run = this.run;
    for (let o = 0; o < run.nO; o++) {
      this.expulsionShare[o] = run.lever('expulsionShare', o);
      this.expulsionCap[o] = run.lever('expulsionCapPerMonth', o);
      this.expelledHome[o] = run.lever('expulsionHomeShare', o);
      this.expedited[o] = this.asylumBarActive ? 1 : run.lever('expeditedRemovalShare', o);
      this.acceptance[o] = run.lever('removalAcceptance', o);
      this.thirdCap[o] = run.lever('thirdCountryRemovalsPerMonth', o);
      this.retryAfterRemoval[o] = run.lever('repatriationAtBorder', o) * run.input.params.removalPenaltyFactor;
    }
    this.removalCapWeek = run.lever('removalCapacityPerMonth') / WEEKS_PER_MONTH;
    this.remainInMexico = run.lever('remainInMexicoShare');
    this.asylumCap = run.lever('asylumCapPerDay');
    for (let o = 0; o < run.nO; o++) {
      const expel = this.expulsionShare[o] * this.expelFill[o];
      const notExpelled = 1 - expel;
      const accept = this.acceptance[o];
      const removedHome = notExpelled * this.expedited[o] * accept * this.removalFill;
      const removed = removedHome + notExpelled * this.expedited[o] * (1 - accept * this.removalFill) * this.thirdFill[o] * (this.thirdCap[o] > 0 ? 1 : 0);
      const remaining = notExpelled - removed;
      const rim = this.remainInMexicoExempt[o] ? 0 : this.remainInMexico;
      const released = remaining * (1 - rim) * this.asylumFill;
      // removed at a border port and not deterred by the re-entry bar: back in Mexico, like an expulsion
      const handedOver = removedHome * this.retryAfterRemoval[o];
      this.odds[o].admitted = released;
      // expelled home, like removed home, is the end of this journey; expelled to a northern Mexican city is a chance to try again
      this.odds[o].backToMexico = expel * (1 - this.expelledHome[o]) + remaining - released + handedOver;
    }
  }

  /** Counts an encounter of agent i (between ports, or at a port of entry). */
  private countEncounter(i: number, betweenPorts: boolean): void {
    const run = this.run;
    const a = run.agents;
    const o = a.origin[i];
    const scale = run.scale;
    run.recorder.add(FLOW.encounters, o, scale);
    this.encountersThisWeek[o] += scale;
    if (betweenPorts) {
      run.recorder.add(FLOW.encounters_between_ports, o, scale);
      run.recorder.addSector(SECTOR_FLOW.encounters, a.sector[i], scale);
    }
    const month = run.input.calendar.firstMonth + run.input.calendar.weekMonth[run.week]; // a month index, never 0
    if (a.lastEncounterMonth[i] !== month) {
      a.lastEncounterMonth[i] = month;
      run.recorder.add(FLOW.unique_encountered, o, scale);
    }
    const fiscalYear = Math.floor(month / 12) + (month % 12 >= 9 ? 1 : 0); // FY2021 = October 2020 – September 2021
    if (a.encounterYear[i] !== fiscalYear) {
      a.encounterYear[i] = fiscalYear;
      run.recorder.add(FLOW.persons_encountered_fy, o, scale);
    }
  }

  /** Processing after an encounter between ports, by the regime in force. */
  encounter(i: number, betweenPorts: boolean): void {
    this.countEncounter(i, betweenPorts);
    const run = this.run;
    const a = run.agents;
    const rng = run.rng;
    const o = a.origin[i];
    const scale = run.scale;
    const rec = run.recorder;
    if (rng.next() < this.expulsionShare[o]) {
      this.expelDemand[o] += scale;
      if (this.expelledThisMonth[o] + scale <= this.expulsionCap[o]) {
        this.expelledThisMonth[o] += scale;
        // no draw where no one is taken home, so runs without the lever draw as before
        const home = this.expelledHome[o];
        if (home > 0 && rng.next() < home) {
          // flown home (or bused to Guatemala's border): the journey must start again, with no re-entry bar
          rec.add(FLOW.expelled, o, scale);
          run.goHome(i, false);
          return;
        }
        this.backToMexico(i);
        return;
      }
    }
    if (rng.next() < this.expedited[o]) {
      if (rng.next() < this.acceptance[o]) {
        this.removalDemand += scale;
        if (this.removalsThisWeek + scale <= this.removalCapWeek) {
          this.removalsThisWeek += scale;
          rec.add(FLOW.removed, o, scale);
          const retry = this.retryAfterRemoval[o];
          if (retry > 0 && rng.next() < retry) {
            // handed over at a port into a northern Mexican city, and tries again despite the bar
            a.status[i] = WAITING;
            return;
          }
          rec.add(FLOW.returned_home, o, scale);
          run.tally(i, OUT.removed);
          run.returnedBarred[o] += scale;
          a.remove(i);
          return;
        }
      }
      const thirdCap = this.thirdCap[o];
      if (thirdCap > 0) {
        this.thirdDemand[o] += scale;
        if (this.thirdThisMonth[o] + scale <= thirdCap) {
          // removed to a third country (e.g. El Salvador): out of the corridor, counted with returned
          this.thirdThisMonth[o] += scale;
          rec.add(FLOW.removed, o, scale);
          run.tally(i, OUT.removed);
          run.returnedBarred[o] += scale;
          a.remove(i);
          return;
        }
      }
    }
    if (!this.remainInMexicoExempt[o] && rng.next() < this.remainInMexico) {
      this.backToMexico(i);
      return;
    }
    const day = (rng.next() * 7) | 0;
    this.asylumDemand += scale;
    if (this.releasedOnDay[day] + scale > this.asylumCap) {
      this.backToMexico(i); // over the daily cap: returned to Mexico
      return;
    }
    this.releasedOnDay[day] += scale;
    if (this.releasedOnDay[day] > this.maxReleasedPerDay) this.maxReleasedPerDay = this.releasedOnDay[day];
    rec.add(FLOW.released, o, scale);
    run.tally(i, OUT.released);
    run.enterUS(o, scale);
    a.remove(i);
  }

  /** An appointment at a port of entry: an encounter at the port, then parole. */
  portArrival(i: number): void {
    const run = this.run;
    const o = run.agents.origin[i];
    this.countEncounter(i, false);
    run.recorder.add(FLOW.paroled, o, run.scale);
    run.tally(i, OUT.paroled);
    run.enterUS(o, run.scale);
    run.agents.remove(i);
  }

  /** Back to a northern Mexican city, to decide again (expelled, Remain in Mexico, over a cap). */
  private backToMexico(i: number): void {
    const a = this.run.agents;
    this.run.recorder.add(FLOW.expelled, a.origin[i], this.run.scale);
    a.status[i] = WAITING;
  }

  /** The border loop starts: no asylum release and no removal yet this week. */
  startBorderWeek(): void {
    this.releasedOnDay.fill(0);
    this.removalsThisWeek = 0;
  }

  /** Interior removals of people who arrived during the run, by origin in proportion to those accepted. */
  interiorRemovals(): void {
    const run = this.run;
    const capacity = run.lever('interiorRemovalsPerMonth') / WEEKS_PER_MONTH;
    this.interiorRemovalRate.fill(0);
    if (capacity <= 0) return;
    let weight = 0;
    const w = new Float64Array(run.nO);
    for (let o = 0; o < run.nO; o++) {
      const accept = Math.max(run.lever('removalAcceptance', o), run.lever('thirdCountryRemovalsPerMonth', o) > 0 ? 1 : 0);
      w[o] = run.inUS[o] * accept;
      weight += w[o];
    }
    if (weight <= 0) return;
    const scale = run.scale;
    for (let o = 0; o < run.nO; o++) {
      const expected = (capacity * w[o]) / weight / scale;
      let n = Math.floor(expected);
      if (run.rng.next() < expected - n) n++;
      const persons = Math.min(n * scale, Math.floor(run.inUS[o] / scale) * scale);
      if (persons <= 0) continue;
      this.interiorRemovalRate[o] = persons / run.inUS[o];
      run.inUS[o] -= persons;
      run.returnedBarred[o] += persons;
      run.recorder.add(FLOW.interior_removed, o, persons);
      run.recorder.add(FLOW.returned_home, o, persons);
    }
  }

  /** Capacity fill ratios and the asylum bar for next week. */
  closeWeek(): void {
    const run = this.run;
    const removalCap = run.lever('removalCapacityPerMonth') / WEEKS_PER_MONTH;
    this.removalFill = this.removalDemand > 0 ? Math.min(1, removalCap / this.removalDemand) : 1;
    const asylumCap = run.lever('asylumCapPerDay') * 7;
    this.asylumFill = this.asylumDemand > 0 ? Math.min(1, asylumCap / this.asylumDemand) : 1;
    for (let o = 0; o < run.nO; o++) {
      const expelCap = run.lever('expulsionCapPerMonth', o) / WEEKS_PER_MONTH;
      this.expelFill[o] = this.expelDemand[o] > 0 ? Math.min(1, expelCap / this.expelDemand[o]) : 1;
      const thirdCap = run.lever('thirdCountryRemovalsPerMonth', o) / WEEKS_PER_MONTH;
      this.thirdFill[o] = this.thirdDemand[o] > 0 ? Math.min(1, thirdCap / this.thirdDemand[o]) : thirdCap > 0 ? 1 : 0;
    }
    this.removalDemand = 0;
    this.asylumDemand = 0;
    this.expelDemand.fill(0);
    this.thirdDemand.fill(0);
    // the asylum bar follows daily encounters between ports with hysteresis (2024-06 proclamation)
    let encounters = 0;
    for (let o = 0; o < run.nO; o++) encounters += this.encountersThisWeek[o];
    this.encountersThisWeek.fill(0);
    const perDay = encounters / 7;
    this.lastEncountersPerDay = perDay;
    const barAbove = run.lever('asylumBarAbovePerDay');
    if (barAbove >= LEVERS.asylumBarAbovePerDay.default) this.asylumBarActive = false; // no bar in force
    else if (!this.asylumBarActive) this.asylumBarActive = perDay > barAbove || barAbove <= 0; // a threshold of 0: always barred
    // lifted only below the lift threshold, and never while still above the bar threshold; a
    // threshold of 0 is a suspension, not a bar on flows: a week without encounters does not lift it
    else if (barAbove > 0 && perDay < run.lever('asylumLiftBelowPerDay') && perDay <= barAbove) this.asylumBarActive = false;
  }

  /** Encounters a day in the week just stepped (what the asylum bar follows). */
  get encountersPerDay(): number {
    return this.lastEncountersPerDay;
  }

  get asylumBarred(): boolean {
    return this.asylumBarActive;
  }
}
