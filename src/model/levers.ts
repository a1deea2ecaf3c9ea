// The policy levers and shocks a scenario can move (docs/MODEL.md §8). Each has one home here:
// its scope, unit, default, range and what motivates it. The scenario schema, the docs and the
// classroom page all read this table, so a lever is never described twice.
import { COUNTRIES, ORIGINS, SECTORS } from './entities.ts';

export type LeverScope = 'global' | 'origin' | 'sector' | 'country';

interface LeverSpec {
  scope: LeverScope;
  unit: string;
  default: number;
  min: number;
  max: number;
  group: 'border' | 'processing' | 'transit' | 'origin' | 'market' | 'interior';
  label: string;
  /** What the lever means and which source motivates it. */
  about: string;
}

/** Stands for "no cap": large enough never to bind at 1:1 scale. */
export const UNLIMITED = 1e9;

export const LEVERS = {
  enforcement: {
    scope: 'sector', unit: '× FY2020 staffing and surveillance', default: 1, min: 0, max: 10, group: 'border',
    label: 'Border enforcement',
    about: 'Agents and surveillance per sector relative to FY2020. Raises the chance of apprehension, pushes crossings to riskier terrain and raises smuggler fees (seed 003).',
  },
  barriers: {
    scope: 'sector', unit: '× 2020 barrier coverage', default: 1, min: 0, max: 10, group: 'border',
    label: 'Barriers',
    about: 'Barrier coverage per sector relative to 2020. Barriers add to apprehension, and push crossings to remote places where more people die (the funnel effect, seed 003).',
  },
  expulsionShare: {
    scope: 'origin', unit: 'share of encounters', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Expulsion to Mexico (Title 42 style)',
    about: 'Share of encounters expelled to Mexico with no penalty, so repeat attempts are common (Title 42, 2020-03 to 2023-05; policy timeline).',
  },
  expulsionHomeShare: {
    scope: 'origin', unit: 'share of expulsions', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Expelled to the home country',
    about: "Of those expelled, the share taken to their own country (expulsion flights, or flights to southern Mexico and buses on to Guatemala's border) rather than to a northern Mexican city: they must make the whole journey again, so expulsion deters them as a removal would. Mexico took back over the land border only Mexicans and northern Central Americans (policy timeline), so others were flown home; 26% of Guatemalans' expulsions from 2021-09 were flights to Guatemala (scenarios/baseline.yaml).",
  },
  expulsionCapPerMonth: {
    scope: 'origin', unit: 'persons per month', default: UNLIMITED, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Expulsions Mexico accepts',
    about: 'Monthly cap on expulsions of this nationality that Mexico accepts (30,000 a month for Cubans, Haitians, Nicaraguans and Venezuelans from 2023-01; policy timeline).',
  },
  expeditedRemovalShare: {
    scope: 'origin', unit: 'share of processed encounters', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Expedited removal',
    about: 'Share of encounters not expelled that are put in expedited removal with a re-entry penalty (Title 8 and the lawful-pathways rule from 2023-05-11). Only to countries that accept removals.',
  },
  removalAcceptance: {
    scope: 'origin', unit: 'share (0 = accepts no removal flights)', default: 1, min: 0, max: 1, group: 'processing',
    label: 'Accepts removal flights',
    about: 'Whether the home country takes removal flights (few for Venezuela, Cuba, Nicaragua; docs/MODEL.md §6).',
  },
  removalCapacityPerMonth: {
    scope: 'global', unit: 'persons per month', default: UNLIMITED, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Removal capacity',
    about: 'Removals after border encounters that ICE flights and detention can carry out each month.',
  },
  thirdCountryRemovalsPerMonth: {
    scope: 'origin', unit: 'persons per month', default: 0, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Third-country removals',
    about: 'Removals of this nationality to a third country that agreed to take them, e.g. Venezuelans to El Salvador (seed 002).',
  },
  asylumCapPerDay: {
    scope: 'global', unit: 'asylum releases per day', default: UNLIMITED, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Asylum cap',
    about: 'Most asylum seekers released into the US per day; above it people are returned to Mexico (the 5,000-a-day proposal, seed 004).',
  },
  asylumBarAbovePerDay: {
    scope: 'global', unit: 'encounters per day (7-day mean)', default: UNLIMITED, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Asylum bar threshold',
    about: 'Asylum is barred between ports while daily encounters exceed this (2,500 from 2024-06-05, "Securing the Border"); barred cases go to expedited removal where possible.',
  },
  asylumLiftBelowPerDay: {
    scope: 'global', unit: 'encounters per day (7-day mean)', default: 0, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Asylum bar lift threshold',
    about: 'The bar is lifted only when daily encounters fall below this (1,500), giving hysteresis.',
  },
  repatriationAtBorder: {
    scope: 'origin', unit: 'share of removals handed over at a border port', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Repatriation at the border',
    about: "Share of this nationality's removals carried out by handing people over at a port of entry into a northern Mexican city, where they may try again the next night (Mexicans routinely; the Interior Repatriation Program flies a few home instead: CIS 2010-06-06, Washington Times 2006-07-10, UT San Diego 2012-06-22, stored pages). Those who try again are the removalPenaltyFactor share: the re-entry bar and prosecution deter the rest, who go home.",
  },
  remainInMexicoShare: {
    scope: 'global', unit: 'share of non-Mexican asylum seekers', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Remain in Mexico',
    about: 'Share of non-Mexican asylum seekers returned to wait in Mexico for their hearings (MPP 2019–2021, reinstated 2025).',
  },
  appointmentsPerDay: {
    scope: 'global', unit: 'appointments per day', default: 0, min: 0, max: 20000, group: 'processing',
    label: 'Port appointments',
    about: 'Appointment slots at ports of entry (CBP One: from 2023-01, about 1,450 a day by mid-2023; cancelled 2025-01-20).',
  },
  portAdmission: {
    scope: 'origin', unit: 'share of those presenting at a port who are admitted', default: 0, min: 0, max: 1, group: 'processing',
    label: 'Admission at ports',
    about: "Nationals who present themselves at a port of entry are admitted without an appointment: Cubans under 'wet foot, dry foot' until 2017-01-12 (policy timeline). They are encountered at ports, not by Border Patrol.",
  },
  paroleCapacityPerMonth: {
    scope: 'origin', unit: 'persons per month', default: 0, min: 0, max: UNLIMITED, group: 'processing',
    label: 'Parole programme',
    about: 'Legal entry by parole for people with a US sponsor (Venezuelans from 2022-10; CHNV 30,000 a month combined from 2023-01; ended 2025).',
  },
  transitEnforcement: {
    scope: 'country', unit: '× 2019 detention risk in transit', default: 1, min: 0, max: 10, group: 'transit',
    label: 'Transit-country enforcement',
    about: "Detention and return of migrants in transit by this country (Mexico as a 'retaining wall' on its southern border and on trains, seed 004; Panama closing Darién trails, 2024-07).",
  },
  transitDetentionCapacityPerMonth: {
    scope: 'country', unit: 'detentions per month', default: UNLIMITED, min: 0, max: UNLIMITED, group: 'transit',
    label: 'Transit detention capacity',
    about: "Most migrants a transit country's migration authorities detain in a month (holding centres, staff, deportation buses): Mexico's detentions rose from about 198,000 in 2015 to 308,000 in 2021 (UPM, scenarios/data/mexico_migrant_enforcement.csv). When more people pass than it can hold, each one's chance of detention falls: the wall leaks as flows surge.",
  },
  transitReturnShare: {
    scope: 'country', unit: 'share of migrants detained in transit who are returned to their country', default: 1, min: 0, max: 1, group: 'transit',
    label: 'Returned after transit detention',
    about: "Of the migrants a transit country detains, the share it returns to their country (deportation or assisted return); the rest are released (Mexico's exit permits, or a bus back to the south) and go on. Mexico returned 91% of those it detained in 2015 and 12% in January–October 2023 (UPM, scenarios/data/mexico_migrant_enforcement.csv): the wall detains as many, and holds back far fewer.",
  },
  airToMexico: {
    scope: 'origin', unit: '1 open, 0 closed', default: 1, min: 0, max: 1, group: 'transit',
    label: 'Visa-free flights to Mexico',
    about: 'Whether nationals can fly to Mexico without a visa (closed for Ecuadorians 2021-09 and Venezuelans 2022-01; policy timeline).',
  },
  airToNicaragua: {
    scope: 'origin', unit: '1 open, 0 closed', default: 0, min: 0, max: 1, group: 'transit',
    label: 'Charter flights to Managua',
    about: 'Charter flights to Managua without visas (Cubans from 2021-11; narrowed by US visa restrictions on operators from 2023-11; seed 001).',
  },
  transitVisas: {
    scope: 'global', unit: 'share of transit made legal', default: 0, min: 0, max: 1, group: 'transit',
    label: 'Transit visas and work permits',
    about: 'Visas and work permits in Mexico and Central America (seed 004): lower transit detention, deaths and smuggler fees for the journey.',
  },
  violenceMultiplier: {
    scope: 'origin', unit: '× homicide rate', default: 1, min: 0, max: 10, group: 'origin',
    label: 'Violence shock',
    about: 'Multiplies violence at origin: cartel fragmentation after leadership arrests (Sinaloa ×2.5 in 2024, seed 003), gang control (Haiti, seed 001) or crackdowns.',
  },
  stateCapacityShift: {
    scope: 'origin', unit: 'percentile points', default: 0, min: -100, max: 100, group: 'origin',
    label: 'State capacity',
    about: 'Adds to the governance percentile (0–100): institutional reform over decades (seed 001) or state capture.',
  },
  incomeMultiplier: {
    scope: 'origin', unit: '× income per head', default: 1, min: 0.05, max: 10, group: 'origin',
    label: 'Economic shock',
    about: "Multiplies income per head at origin (and so its share of the US's) (collapse such as Venezuela, or recovery).",
  },
  cartelTax: {
    scope: 'global', unit: 'share added to fees', default: 0, min: 0, max: 3, group: 'market',
    label: 'Cartel tax',
    about: "Share added to border fees by cartels that control crossing territory ('taxes' on smugglers, docs/MODEL.md §7).",
  },
  marketPower: {
    scope: 'global', unit: 'smuggler markup over cost', default: 0.3, min: 0, max: 3, group: 'market',
    label: 'Smuggler market power',
    about: 'Markup of fees over the risk-adjusted cost; rises with market concentration and cartel control.',
  },
  smugglerDisruption: {
    scope: 'global', unit: 'share of smuggling capacity removed', default: 0, min: 0, max: 0.95, group: 'market',
    label: 'Strikes on smuggling networks',
    about: 'Share of smuggler capacity removed by crackdowns or strikes on networks (terrorist designation of cartels, 2025-02, seed 003); scarcity raises fees.',
  },
  announcement: {
    scope: 'origin', unit: 'announced stance: +1 those who come will be sent back, −1 they will be let in, 0 none', default: 0, min: -1, max: 1, group: 'processing',
    label: 'Announced policy',
    about: 'A policy announced, often before it takes effect (a new administration, a proclamation, a parole programme paired with expulsions). News moves expectations at home at once, by the credibility parameter; afterwards its hold fades with a calibrated half-life (policy timeline: 2014-11, 2017-01, 2018-11, 2021-01, 2022-10, 2023-01, 2023-05).',
  },
  mobilityRestriction: {
    scope: 'origin', unit: 'stringency, 0 none to 1 complete (OxCGRT Stringency Index / 100)', default: 0, min: 0, max: 1, group: 'origin',
    label: 'Travel restrictions',
    about: 'Lockdowns and closed borders that keep people who decided to leave from setting off (the 2020-03 pandemic closures of El Salvador, Honduras, Guatemala and the US–Mexico land border; policy timeline). The share of departures prevented is this stringency times the restrictionEffect parameter.',
  },
  interiorRemovalsPerMonth: {
    scope: 'global', unit: 'persons per month', default: 0, min: 0, max: UNLIMITED, group: 'interior',
    label: 'Interior deportations',
    about: "Removals from the US interior of people who arrived during the run ('the largest deportation program in American history', seed 000).",
  },
} as const satisfies Record<string, LeverSpec>;

export type LeverName = keyof typeof LEVERS;
export const LEVER_NAMES = Object.keys(LEVERS) as LeverName[];

/** The entities a lever of this scope is set for: origins, sectors or countries; none for a global lever. */
export function entitiesOf(scope: LeverScope): readonly string[] {
  return scope === 'origin' ? ORIGINS : scope === 'sector' ? SECTORS : scope === 'country' ? COUNTRIES : [];
}
