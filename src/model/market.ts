// The smuggling market (docs/MODEL.md §7). Prices in the data are those observed at reference
// conditions (2019–2020 enforcement, reference market power, no extra cartel tax, demand
// matched by capacity); the model moves them with the risk smugglers face, their market power,
// cartel taxes and scarcity of smuggling capacity. Nothing here assumes that revenue per person
// rises with enforcement: it follows from the risk premium and from demand.
import { LEVERS } from './levers.ts';
import { MONEY } from './recorder.ts';
import type { RunState } from './state.ts';

export interface MarketState {
  /** smuggling jobs (segments and crossings) that capacity has adjusted to; NaN before the first week */
  capacity: number;
  /** jobs demanded last week */
  demand: number;
}

export function newMarket(): MarketState {
  return { capacity: NaN, demand: 0 };
}

/** Scarcity multiplier (demand / effective capacity)^η, bounded to keep a surge from exploding prices. */
export function scarcityFactor(m: MarketState, disruption: number, elasticity: number): number {
  if (!Number.isFinite(m.capacity) || m.capacity <= 0) return 1;
  const effective = m.capacity * (1 - disruption);
  const ratio = Math.max(m.demand, 1) / Math.max(effective, 1);
  return Math.min(3, Math.max(0.5, Math.pow(ratio, elasticity)));
}

/** Capacity follows demand with partial adjustment (entry and exit of smugglers). */
export function updateCapacity(m: MarketState, demandThisWeek: number, adjustPerWeek: number): void {
  if (!Number.isFinite(m.capacity)) m.capacity = Math.max(demandThisWeek, 1);
  else m.capacity += adjustPerWeek * (demandThisWeek - m.capacity);
  m.demand = demandThisWeek;
}

export interface PriceFactors {
  marketPower: number;
  marketPowerRef: number;
  scarcity: number;
  feeEnforcementElasticity: number;
}

/** Price of a smuggled crossing between ports in a sector of the given enforcement intensity. */
export function borderFee(baseFeeUsd: number, intensity: number, cartelTax: number, f: PriceFactors): number {
  return (
    baseFeeUsd *
    Math.pow(Math.max(intensity, 1e-6), f.feeEnforcementElasticity) *
    ((1 + f.marketPower) / (1 + f.marketPowerRef)) *
    (1 + cartelTax) *
    f.scarcity
  );
}

/** Price of a smuggled transit segment in a country with the given transit enforcement. */
export function segmentFee(dataFeeUsd: number, transitEnforcement: number, transitVisas: number, f: PriceFactors): number {
  return (
    dataFeeUsd *
    Math.pow(Math.max(transitEnforcement, 1e-6), f.feeEnforcementElasticity) *
    ((1 + f.marketPower) / (1 + f.marketPowerRef)) *
    f.scarcity *
    (1 - transitVisas)
  );
}

/**
 * The market in a run: this week's price factors, the jobs sold this week, and paying. Fees are
 * paid from savings, then by borrowing from the smugglers up to the debt cap (docs/MODEL.md §4).
 */
export class Market {
  private readonly state: MarketState = newMarket();
  private jobs = 0;
  /** this week's price factors, shared by every fee (set by `prepare`) */
  readonly factors: PriceFactors = { marketPower: 0, marketPowerRef: LEVERS.marketPower.default, scarcity: 1, feeEnforcementElasticity: 0 };

  constructor(private readonly run: RunState) {}

  /** Smuggling capacity and last week's demand carry over (a snapshot of the run). */
  save(): MarketState {
    return { ...this.state };
  }

  restore(s: MarketState): void {
    this.state.capacity = s.capacity;
    this.state.demand = s.demand;
  }

  /** Market power and scarcity of smuggling capacity this week. */
  prepare(): void {
    const p = this.run.input.params;
    this.factors.marketPower = this.run.lever('marketPower');
    this.factors.scarcity = scarcityFactor(this.state, this.run.lever('smugglerDisruption'), p.demandElasticity);
    this.factors.feeEnforcementElasticity = p.feeEnforcementElasticity;
  }

  /** Agent i pays `price` from savings, then by borrowing up to the debt cap; false if it cannot. */
  pay(i: number, price: number): boolean {
    const a = this.run.agents;
    const savings = a.savingsUsd[i];
    if (savings >= price) {
      a.savingsUsd[i] = savings - price;
      return true;
    }
    const borrow = price - savings;
    if (a.debtUsd[i] + borrow > this.run.input.params.debtCapUsd) return false;
    a.savingsUsd[i] = 0;
    a.debtUsd[i] += borrow;
    return true;
  }

  /** A smuggling job sold to origin o for `feeUsd` per agent: revenue, and demand on capacity. */
  sell(o: number, feeUsd: number): void {
    this.run.recorder.addMoney(MONEY.smuggler_revenue_usd, o, feeUsd * this.run.scale);
    this.jobs += 1;
  }

  /** A toll (e.g. to reach the river bank) is revenue but no smuggling job. */
  toll(o: number, feeUsd: number): void {
    this.run.recorder.addMoney(MONEY.smuggler_revenue_usd, o, feeUsd * this.run.scale);
  }

  /** Capacity follows this week's demand. */
  closeWeek(): void {
    updateCapacity(this.state, this.jobs * this.run.scale, this.run.input.params.capacityAdjustPerWeek);
    this.jobs = 0;
  }
}
