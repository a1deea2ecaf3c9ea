// The resolved inputs of one simulation: everything the core needs, already in numbers and
// weekly series, so the core never reads files or parses expressions.
import type { Calendar } from './calendar.ts';
import type { LeverName } from './levers.ts';
import type { Params } from './parameters.ts';

import type { CountryCode, OriginCode, SectorCode } from './entities.ts';

export interface OriginInput {
  code: OriginCode;
  node: number; // index into network nodes
  adultPopulation: number;
  kinShare: number;
  bandShare: [number, number, number];
  bandSavingsUsd: [number, number, number];
  /** weekly series, before scenario multipliers */
  homicidePer100k: Float64Array;
  stateCapacity: Float64Array; // percentile rank 0–100
  incomeShareOfUs: Float64Array;
  /** reference values (2019) that the hazard is centred on */
  ref: { homicidePer100k: number; stateCapacity: number; incomeShareOfUs: number };
}

export interface NodeInput {
  id: string;
  kind: 'origin' | 'hub' | 'border';
  country: string;
  sector?: SectorCode;
}

export interface EdgeInput {
  from: string;
  to: string;
  mode: 'land' | 'sea' | 'air';
  weeks: number;
  deathRiskPerWeek: number;
  feeUsd: number;
  smuggler: boolean;
  country: CountryCode;
}

export interface SectorInput {
  code: SectorCode;
  /** relative death risk of crossing here (terrain), mean 1 over sectors */
  terrainRisk: number;
  /** share of port appointment slots at this sector's ports */
  portShare: number;
  /** smuggler fee for a crossing between ports observed at reference conditions */
  crossingFeeUsd: number;
  /** toll charged by those who control the river bank to people who turn themselves in */
  turnInFeeUsd: number;
}

/** Lever values per week: one series per entity (origin, sector or country) or one for global levers. */
export type LeverSeries = Record<LeverName, Float64Array[]>;

export interface ModelInput {
  calendar: Calendar;
  /** persons per agent (1 = one agent per person) */
  scale: number;
  /** most agents on the move at once before the run stops (calibration: a candidate that floods the corridor is rejected without being run to the end) */
  agentLimit?: number;
  origins: OriginInput[];
  nodes: NodeInput[];
  edges: EdgeInput[];
  sectors: SectorInput[];
  params: Params;
  levers: LeverSeries;
}
