// Behavioural constants of the model (docs/MODEL.md §3–§7). Each has one home here: unit, default,
// plausible range and where the default comes from. `basis` says how much to trust it:
// 'source' (a published figure), 'assumption' (a modelling judgement, stated) or 'calibrated'
// (fitted to CBP encounters by `corridor calibrate`; the default is the fitted value shipped).

export interface ParameterSpec {
  perOrigin?: boolean;
  unit: string;
  default: number;
  min: number;
  max: number;
  basis: 'source' | 'assumption' | 'calibrated';
  note: string;
}

export const PARAMETERS = {
  // ---- deciding to leave (§4)
  baseHazard: {
    perOrigin: true, unit: 'probability per week', default: 2e-5, min: 1e-8, max: 0.01, basis: 'calibrated',
    note: 'Weekly probability that an adult with no kin in the US decides to leave, at 2019 conditions and perceptions at their reference values. Fitted per origin.',
  },
  violenceElasticity: {
    unit: 'logit per ln(homicide rate / 2019 rate)', default: 0.8, min: 0, max: 4, basis: 'calibrated',
    note: 'Violence pushes people out (seed 001: most now flee criminal violence).',
  },
  stateDeficitEffect: {
    unit: 'logit per 10 percentile points of lost state capacity', default: 0.3, min: 0, max: 2, basis: 'calibrated',
    note: 'Declining state capacity tracks migration (seed 001, Bertelsmann index).',
  },
  incomeElasticity: {
    unit: 'logit per ln(income gap / 2019 income gap)', default: -0.8, min: -4, max: 0, basis: 'calibrated',
    note: 'Economic collapse pushes people out (Venezuela).',
  },
  kinEffect: {
    unit: 'logit', default: 1.0, min: 0, max: 3, basis: 'assumption',
    note: 'Kin in the US raise the hazard (migration networks); about ×2.7 at small hazards.',
  },
  networkEffect: {
    unit: 'logit per ln(1 + arrivals / diaspora)', default: 1, min: 0, max: 3, basis: 'calibrated',
    note: 'Migrants who arrive during the run raise departures from their origin in proportion to how much they add to the diaspora already in the US (cumulative causation): strong where the network is young (Venezuela), slight where it is old (Mexico). An elasticity of the hazard to the diaspora size.',
  },
  feeElasticity: {
    unit: 'logit per ln(perceived journey cost / resources)', default: 0.6, min: 0, max: 3, basis: 'calibrated',
    note: 'Higher fees relative to savings plus borrowing deter departure.',
  },
  riskAversion: {
    unit: 'logit per percentage point of perceived death risk', default: 0.5, min: 0, max: 5, basis: 'assumption',
    note: 'Perceived risk of dying on the way deters departure.',
  },
  oddsEffect: {
    unit: 'logit per unit of perceived chance of getting in', default: 2.0, min: 0, max: 10, basis: 'calibrated',
    note: 'News that people are let in (released, paroled, not caught) draws departures; news of removals deters them.',
  },
  infoHalfLifeWeeks: {
    unit: 'weeks', default: 8, min: 1, max: 104, basis: 'calibrated',
    note: 'Half-life of the exponential smoothing by which perceptions at home follow real conditions.',
  },
  credibility: {
    unit: 'share of the gap to the announced outcome closed on the day of an announcement', default: 0.5, min: 0, max: 1, basis: 'calibrated',
    note: 'How far an announcement moves the perceived chance of getting in at once (the fall of early 2017 came before most measures took effect; policy timeline).',
  },
  credibilityHalfLifeWeeks: {
    unit: 'weeks', default: 26, min: 1, max: 520, basis: 'calibrated',
    note: 'Half-life of an announcement\'s hold on expectations: afterwards what migrants see of real outcomes takes over.',
  },
  contradictionRate: {
    unit: 'share of an announcement\'s hold lost a week per unit of contradiction', default: 0, min: 0, max: 1, basis: 'calibrated',
    note: 'How fast an announcement loses its hold when events contradict it: the share of encounters let in moved the other way since the week before it (0: the hold fades with its half-life alone).',
  },
  seasonalAmplitude: {
    unit: 'relative swing of the departure hazard over the year', default: 0.2, min: 0, max: 0.9, basis: 'calibrated',
    note: 'Departures follow a yearly cycle (spring highs, winter lows in the Border Patrol record of 2013–2020): hazard × (1 + A cos(2π (month − peak) / 12)).',
  },
  seasonalPeakMonth: {
    unit: 'month of the year (1 = January) at the middle of which the hazard peaks', default: 4, min: 1, max: 12.99, basis: 'calibrated',
    note: 'When in the year departures peak.',
  },
  restrictionEffect: {
    unit: 'share of departures prevented at complete restrictions', default: 0.5, min: 0, max: 1, basis: 'calibrated',
    note: 'How much lockdowns and closed borders (the mobilityRestriction lever, a stringency index) keep deciders at home.',
  },
  returnedHazardMultiplier: {
    unit: '× hazard', default: 10, min: 1, max: 100, basis: 'assumption',
    note: 'People who came back (gave up, returned by Mexico, removed) leave again far more readily than those who never left.',
  },
  removalPenaltyFactor: {
    unit: '× hazard', default: 0.3, min: 0, max: 1, basis: 'calibrated',
    note: 'How far a removal with a re-entry bar (Title 8) deters another try: the re-departure hazard multiplier of the removed at home, and the chance that someone handed over at a border port (repatriationAtBorder) tries again from there.',
  },
  debtCapUsd: {
    unit: 'USD', default: 3000, min: 0, max: 30000, basis: 'assumption',
    note: 'Most a migrant can borrow from smugglers (debt bondage is common but bounded).',
  },
  paroleUptake: {
    unit: 'share of deciders with a sponsor', default: 0.6, min: 0, max: 1, basis: 'assumption',
    note: 'Share of those with US kin (sponsors) who apply for parole instead of travelling irregularly when a programme exists.',
  },
  // ---- the journey (§5)
  routeCostWeight: {
    unit: 'utility per (cost / resources)', default: 2.0, min: 0, max: 10, basis: 'assumption',
    note: 'Weight of fees relative to resources in the choice of route.',
  },
  routeTimeWeight: {
    unit: 'utility per week', default: 0.15, min: 0, max: 2, basis: 'assumption',
    note: 'Weight of travel time in the choice of route.',
  },
  routeRiskWeight: {
    unit: 'utility per percentage point of death risk', default: 1.0, min: 0, max: 10, basis: 'assumption',
    note: 'Weight of death risk in route choice, scaled by (1 − risk tolerance).',
  },
  robberyPerWeek: {
    unit: 'probability per week', default: 0.01, min: 0, max: 0.2, basis: 'assumption',
    note: 'Chance of robbery or extortion per week in transit (frequent in surveys of migrants in Mexico).',
  },
  robberyLossShare: {
    unit: 'share of savings', default: 0.5, min: 0, max: 1, basis: 'assumption',
    note: 'Share of savings lost when robbed.',
  },
  giveUpPerWeek: {
    unit: 'probability per week', default: 0.004, min: 0, max: 0.1, basis: 'assumption',
    note: 'Chance per week in transit of giving up and going home.',
  },
  transitDetentionPerWeek: {
    unit: 'probability per week at enforcement 1', default: 0.01, min: 0, max: 0.3, basis: 'calibrated',
    note: 'Weekly chance of detention and return by a transit country, scaled by its enforcement lever.',
  },
  unsmuggledDetentionFactor: {
    unit: '× detention risk', default: 2, min: 1, max: 10, basis: 'assumption',
    note: 'Travelling a smuggler segment without a smuggler (could not pay) doubles detention risk.',
  },
  // ---- at the border (§6)
  apprehensionRate: {
    unit: 'hazard per unit of enforcement intensity', default: 1.2, min: 0, max: 10, basis: 'calibrated',
    note: 'P(apprehension) crossing alone = 1 − exp(−rate × intensity); intensity 1 is FY2020 in the sector. At 1.2 about 70% are caught, near DHS estimates of the apprehension rate (about 0.7–0.8 in FY2019–2021).',
  },
  barrierWeight: {
    unit: 'share of intensity that comes from barriers', default: 0.3, min: 0, max: 1, basis: 'assumption',
    note: 'Enforcement intensity = enforcement × (1 − w + w × barriers): barriers matter, but less than patrols.',
  },
  smugglerEvasion: {
    unit: 'share of the apprehension hazard left', default: 0.7, min: 0, max: 1, basis: 'assumption',
    note: 'Smugglers know the terrain and the patrols: their clients face this share of the hazard.',
  },
  crossingDeathRisk: {
    unit: 'probability per crossing', default: 4e-4, min: 0, max: 0.01, basis: 'calibrated',
    note: 'Death risk of one crossing between ports at intensity 1; of the order of 500–900 deaths per year (seed 004: more than 560 in 2022) over about 2 million crossings.',
  },
  funnelElasticity: {
    unit: 'ln death risk per ln intensity', default: 1.0, min: 0, max: 3, basis: 'assumption',
    note: 'Stricter borders push crossings to riskier terrain (the funnel effect, seed 003).',
  },
  smuggledDeathFactor: {
    unit: '× crossing death risk', default: 0.8, min: 0, max: 3, basis: 'assumption',
    note: 'Smuggled crossings are somewhat safer than crossing alone (but truck and stash-house deaths keep it near 1).',
  },
  aloneDisutility: {
    unit: 'utility', default: 2.0, min: 0, max: 10, basis: 'calibrated',
    note: 'Crossing cartel-held territory without paying a smuggler is dangerous (kidnapping, extortion); set so that about 80% of crossings are smuggled (seed 001).',
  },
  returnHomeUtility: {
    unit: 'utility', default: 1.0, min: -5, max: 10, basis: 'calibrated',
    note: 'Value of going home, against which each way of crossing is weighed at the border: when every way looks hopeless people give up (how deterrence works on those already in Mexico).',
  },
  attemptPerWeek: {
    unit: 'probability per week', default: 0.5, min: 0.05, max: 1, basis: 'assumption',
    note: 'Chance that someone waiting in a northern Mexican city acts this week (attempts, turns in, or queues).',
  },
  waitGiveUpPerWeek: {
    unit: 'probability per week', default: 0.01, min: 0, max: 0.2, basis: 'assumption',
    note: 'Chance per week that someone waiting at the border gives up and goes home.',
  },
  successWeight: {
    unit: 'utility per unit of probability of getting in', default: 4, min: 0, max: 20, basis: 'assumption',
    note: 'Weight of the chance of ending up in the US in the choice between smuggler, alone, turning in and an appointment.',
  },
  borderFeeWeight: {
    unit: 'utility per (fee / resources)', default: 1.5, min: 0, max: 10, basis: 'assumption',
    note: 'Weight of the smuggler fee relative to resources at the border.',
  },
  borderRiskWeight: {
    unit: 'utility per percentage point of death risk', default: 1.0, min: 0, max: 20, basis: 'assumption',
    note: 'Weight of crossing death risk, scaled by (1 − risk tolerance).',
  },
  appointmentWaitWeight: {
    unit: 'utility per expected week of waiting', default: 0.08, min: 0, max: 2, basis: 'assumption',
    note: 'Cost of each expected week of waiting for a port appointment.',
  },
  // ---- the smuggling market (§7)
  feeEnforcementElasticity: {
    unit: 'ln fee per ln intensity', default: 0.8, min: 0, max: 3, basis: 'assumption',
    note: 'Risk premium: fees rise with the enforcement the smuggler must evade (seed 003: higher fees for trickier routes).',
  },
  demandElasticity: {
    unit: 'ln fee per ln(demand / capacity)', default: 0.3, min: 0, max: 2, basis: 'assumption',
    note: 'Fees rise when demand outruns smuggling capacity.',
  },
  capacityAdjustPerWeek: {
    unit: 'share of the gap closed per week', default: 0.05, min: 0, max: 1, basis: 'assumption',
    note: 'Speed at which smuggling capacity follows demand (entry and exit of smugglers).',
  },
  packageShare: {
    unit: 'share of border fees', default: 0.5, min: 0, max: 1, basis: 'assumption',
    note: 'Share of border crossings sold as a package that includes up to three attempts (common; docs/MODEL.md §7).',
  },
  borderFeeScale: {
    unit: '× sector crossing fees in sectors.yaml', default: 1, min: 0.1, max: 5, basis: 'assumption',
    note: 'Scales the observed crossing fees per sector (sectors.yaml crossingFeeUsd, anchored on the EMIF Norte 2022 mean of $6,937) for calibration and sensitivity; 1 keeps them as observed.',
  },
} as const satisfies Record<string, ParameterSpec>;

export type ParameterName = keyof typeof PARAMETERS;
export const PARAMETER_NAMES = Object.keys(PARAMETERS) as ParameterName[];

/** Resolved numeric parameters as the model uses them. */
export type Params = { [K in ParameterName]: (typeof PARAMETERS)[K] extends { perOrigin: true } ? Float64Array : number };
