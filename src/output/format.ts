/**
 * Numbers for people, in one place: the report's compact magnitudes with a real minus sign and
 * intervals that share the unit of their central value ("+$1.2B [+0.9, +1.6]", "−41% [−45, −37]");
 * the console tables' fixed-decimal magnitudes ("2.41M", "$634.8M"), which line up in columns;
 * changes in percent; estimates with their standard deviation; months.
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

function sign(x: number, always: boolean): string {
  if (x < 0) return MINUS;
  return always && x > 0 ? '+' : '';
}

/** A signed magnitude; a value that rounds to zero gets no sign ("0", not "−0.0"). */
function signed(abs: number, x: number, decimals: number, prefix = ''): string {
  const text = digits(abs, decimals);
  const s = /[1-9]/.test(text) ? sign(x, true) : '';
  return `${s}${prefix}${text}`;
}

/** "1,234", "45.6k", "2.41M"; with `money` "$3,240", "$850M", "$4.27B"; "—" for a missing value. */
export function formatValue(x: number, money: boolean): string {
  if (!Number.isFinite(x)) return '—';
  const scale = scaleFor(Math.abs(x));
  const scaled = Math.abs(x) / scale.divisor;
  const d = scale.divisor === 1 ? 0 : decimalsFor(scaled, scale);
  return `${sign(x, false)}${money ? '$' : ''}${digits(scaled, d)}${scale.suffix}`;
}

export function formatCount(x: number): string {
  return formatValue(x, false);
}

/**
 * A signed change with its interval in the same unit: "+$1.2B [+0.9, +1.6]",
 * "−12.3k [−13.1, −11.5]". The interval is omitted when its ends are missing.
 */
export function formatChange(mean: number, low: number, high: number, money: boolean): string {
  if (!Number.isFinite(mean)) return '—';
  const ends = [low, high].filter(Number.isFinite);
  const absMax = Math.max(Math.abs(mean), ...ends.map(Math.abs));
  const scale = scaleFor(absMax);
  const d = decimalsFor(absMax / scale.divisor, scale);
  const part = (x: number): string => signed(Math.abs(x) / scale.divisor, x, d);
  const head = signed(Math.abs(mean) / scale.divisor, mean, d, money ? '$' : '') + scale.suffix;
  return ends.length === 2 ? `${head} [${part(low)}, ${part(high)}]` : head;
}

/** A relative change given as a fraction (−0.41 → "−41% [−45, −37]"). */
export function formatRelative(mean: number, low: number, high: number): string {
  if (!Number.isFinite(mean)) return '—';
  const ends = [low, high].filter(Number.isFinite);
  const pct = (x: number): number => x * 100;
  const absMax = Math.max(Math.abs(pct(mean)), ...ends.map((x) => Math.abs(pct(x))));
  const d = absMax < 10 ? 1 : 0;
  const part = (x: number): string => signed(Math.abs(pct(x)), x, d);
  const head = `${part(mean)}%`;
  return ends.length === 2 ? `${head} [${part(low)}, ${part(high)}]` : head;
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
