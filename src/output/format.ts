/**
 * Numbers for people, in one place (the report, the console tables, the classroom page):
 * compact magnitudes with lower-case k and upper-case M and B, as on the charts' axes ("45.6k",
 * "2.41M", "$4.3B"); a real minus sign, outside the currency ("−$23k"); intervals in the unit of
 * their central value ("−$23k [−$79k, +$4k]", "−41% [−45%, −37%]"); relative changes that a tiny
 * baseline would make absurd shown as a ratio ("×149") or not at all; shares ("<0.1%"); and
 * the mark for figures that rest on fewer than 30 agents ("12†"). Also the console tables'
 * fixed-decimal magnitudes, estimates with their standard deviation, and months.
 */

const MINUS = '\u2212';

interface Scale {
  divisor: number;
  suffix: string;
}

function scaleFor(absMax: number): Scale {
  if (absMax >= 1e9) return { divisor: 1e9, suffix: 'B' };
  if (absMax >= 1e6) return { divisor: 1e6, suffix: 'M' };
  if (absMax >= 1e4) return { divisor: 1e3, suffix: 'k' };
  return { divisor: 1, suffix: '' };
}

function decimalsFor(scaledAbsMax: number, scale: Scale): number {
  if (scale.divisor === 1) return scaledAbsMax >= 10 || Number.isInteger(scaledAbsMax) ? 0 : 1;
  return scaledAbsMax >= 10 ? 0 : 1;
}

function digits(abs: number, decimals: number): string {
  return abs.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * One formatter for a set of numbers read together (a value and its interval): the scale and
 * decimals of the largest, the currency and the suffix on each. `signed` puts + before positive
 * numbers; a number that rounds to zero gets no sign ("0", not "−0.0").
 */
function magnitudes(values: number[], money: boolean, signed: boolean): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  const absMax = finite.length ? Math.max(...finite.map(Math.abs)) : 0;
  const scale = scaleFor(absMax);
  const d = decimalsFor(absMax / scale.divisor, scale);
  return (x) => {
    if (!Number.isFinite(x)) return '—';
    const text = digits(Math.abs(x) / scale.divisor, d);
    const nonzero = /[1-9]/.test(text);
    const s = nonzero && x < 0 ? MINUS : nonzero && signed && x > 0 ? '+' : '';
    return `${s}${money ? '$' : ''}${text}${scale.suffix}`;
  };
}

/** "1,234", "45.6k", "2.41M" → "2.4M"; with `money` "$3,240", "$850M", "−$4.3B"; "—" for a missing value. */
export function formatValue(x: number, money: boolean): string {
  return magnitudes([x], money, false)(x);
}

export function formatCount(x: number): string {
  return formatValue(x, false);
}

/** An interval of values in one unit: "[55k, 67k]", "[$9.8k, $11k]". */
export function formatRange(low: number, high: number, money: boolean): string {
  const f = magnitudes([low, high], money, false);
  return `[${f(low)}, ${f(high)}]`;
}

/**
 * A signed change with its interval in the same unit: "+$1.2B [+$0.9B, +$1.6B]",
 * "−12.3k [−13.1k, −11.5k]". The interval is omitted when its ends are missing.
 */
export function formatChange(mean: number, low: number, high: number, money: boolean): string {
  if (!Number.isFinite(mean)) return '—';
  const f = magnitudes([mean, low, high], money, true);
  return Number.isFinite(low) && Number.isFinite(high) ? `${f(mean)} [${f(low)}, ${f(high)}]` : f(mean);
}

/** Relative changes from this far up (+900%, ten times the baseline) read as ratios: "×149". */
const RATIO_FROM = 9;

/**
 * A relative change given as a fraction: −0.41 → "−41% [−45%, −37%]"; from ten times the
 * baseline on, a ratio ("+14,806%" is "×149 [×120, ×180]"). With `baseline` (the baseline's
 * value in persons and the run's persons per agent), a baseline below 30 agents gives
 * "n/a (baseline < 30 agents)": a percentage of a handful of agents is noise.
 */
export function formatRelative(mean: number, low: number, high: number, baseline?: { value: number; scale?: number }): string {
  if (baseline && restsOnFewAgents(baseline.value, baseline.scale)) return `n/a (baseline < ${FEW_AGENTS} agents)`;
  if (!Number.isFinite(mean)) return '—';
  const ends = Number.isFinite(low) && Number.isFinite(high);
  if (mean >= RATIO_FROM) {
    const ratio = (x: number): string => `×${digits(1 + x, 1 + x >= 10 ? 0 : 1)}`;
    return ends ? `${ratio(mean)} [${ratio(low)}, ${ratio(high)}]` : ratio(mean);
  }
  const group = (ends ? [mean, low, high] : [mean]).map((x) => Math.abs(x * 100));
  const decimals = Math.max(...group) < 10 ? 1 : 0;
  const pct = (x: number): string => `${signedFixed(x * 100, decimals)}%`;
  return ends ? `${pct(mean)} [${pct(low)}, ${pct(high)}]` : pct(mean);
}

/** "+4.2", "−41", "0.0": a signed number with fixed decimals, no sign when it rounds to zero. */
function signedFixed(x: number, decimals: number): string {
  const text = digits(Math.abs(x), decimals);
  if (!/[1-9]/.test(text)) return text;
  return `${x < 0 ? MINUS : '+'}${text}`;
}

/** A share of a whole: "21%", "3.3%", "<0.1%" (never "0.0%" for something that is there). */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  if (fraction <= 0) return '0%';
  if (fraction < 0.001) return '<0.1%';
  if (fraction > 0.999 && fraction < 1) return '>99.9%';
  return `${digits(fraction * 100, fraction < 0.1 ? 1 : 0)}%`;
}

/** Fewer agents than this behind a figure, and chance and the scale's rounding dominate it. */
export const FEW_AGENTS = 30;
/** The mark after such a figure, explained by fewAgentsNote(). */
export const FEW_AGENTS_MARK = '\u2020';

/** Whether `persons` (at `scale` persons per agent) stand for fewer than 30 agents; false without a scale. */
export function restsOnFewAgents(persons: number, scale: number | undefined): boolean {
  return scale !== undefined && scale > 0 && Number.isFinite(persons) && Math.abs(persons) / scale < FEW_AGENTS;
}

/** `text` with the mark when `persons` rest on fewer than 30 agents. */
export function markFewAgents(text: string, persons: number, scale: number | undefined): string {
  return restsOnFewAgents(persons, scale) ? `${text}${FEW_AGENTS_MARK}` : text;
}

/** "1 agent = 100 persons". */
export function scaleText(scale: number): string {
  return `1 agent = ${digits(scale, 0)} ${scale === 1 ? 'person' : 'persons'}`;
}

/** The footnote for the mark. */
export function fewAgentsNote(scale: number): string {
  return `${FEW_AGENTS_MARK} rests on fewer than ${FEW_AGENTS} agents (${formatCount(FEW_AGENTS * scale)} persons at ${scaleText(scale)}): chance and the scale's rounding dominate such a figure; run at fewer persons per agent for it.`;
}

/** "2024-01" → "Jan 2024". */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/**
 * Console tables: "2.41M", "45k", "7397" (below `thousandsFrom` the whole number; 0 gives
 * thousands all the way down, "0k", for lists of intervals that should read alike).
 */
export function compactCount(x: number, thousandsFrom = 1e4): string {
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (Math.abs(x) >= thousandsFrom) return `${Math.round(x / 1e3)}k`;
  return String(Math.round(x));
}

/** Console tables: "$4.90B", "$634.8M", "$8,146". */
export function compactUsd(x: number): string {
  if (Math.abs(x) >= 1e9) return `$${(x / 1e9).toFixed(2)}B`;
  if (Math.abs(x) >= 1e6) return `$${(x / 1e6).toFixed(1)}M`;
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

/** A fraction as a signed number of percent without the sign %: 0.41 → "+41", −0.085 → "−8.5". */
export function signedPercent(fraction: number): string {
  return `${fraction >= 0 ? '+' : MINUS}${Math.abs(100 * fraction).toFixed(Math.abs(fraction) < 0.1 ? 1 : 0)}`;
}

/** "4.2e-5 (×/÷ 1.12)" for log parameters, "0.83 ± 0.05" otherwise: one standard deviation. */
export function formatEstimate(value: number, sdT: number, log: boolean): string {
  const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? Number(x.toPrecision(3)).toString() : x.toExponential(2));
  return log ? `${fmt(value)} (×/÷ ${Math.exp(sdT).toFixed(2)})` : `${fmt(value)} ± ${fmt(sdT)}`;
}

/** A loss or one of its parts: four decimals, small values in exponent form, '—' when missing. */
export function formatLoss(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x === 0 ? '0' : Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(2);
}

/** A sensitivity index or coefficient, two decimals, with its interval: "0.43 [0.38, 0.49]", "−0.71". */
export function formatIndex(value: number, low = Number.NaN, high = Number.NaN): string {
  const f = (x: number): string => (Number.isFinite(x) ? `${x < 0 && Math.abs(x) >= 0.005 ? MINUS : ''}${Math.abs(x).toFixed(2)}` : '—');
  return Number.isFinite(low) && Number.isFinite(high) ? `${f(value)} [${f(low)}, ${f(high)}]` : f(value);
}
