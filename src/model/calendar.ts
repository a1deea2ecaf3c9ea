// Weekly steps laid over calendar months. Day numbers are days since 1970-01-01 (UTC).

const DAY_MS = 86_400_000;
/** Mean weeks in a calendar month (52.1775 weeks a year): turns monthly capacities into weekly ones. */
export const WEEKS_PER_MONTH = 52.1775 / 12;

/** Parses 'YYYY-MM' (first day of the month) or 'YYYY-MM-DD'; returns a day number or NaN. */
export function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text.trim());
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1) return NaN; // e.g. 2023-02-30
  return ms / DAY_MS;
}

export function dayToIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Months counted from year 0: a compact, sortable month index. */
function monthIndexOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** 'YYYY-MM' → its month index (year × 12 + month − 1): the inverse of monthKey. */
export function monthIndex(key: string): number {
  const [y, m] = key.split('-').map(Number);
  return y * 12 + m - 1;
}

export function monthKey(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** Last day (inclusive) of a month given 'YYYY-MM'. */
function lastDayOfMonth(text: string): number {
  const first = parseDay(text.length === 7 ? text : text.slice(0, 7));
  const mi = monthIndexOfDay(first);
  const nextYear = Math.floor((mi + 1) / 12);
  const nextMonth = (mi + 1) % 12;
  return Date.UTC(nextYear, nextMonth, 1) / DAY_MS - 1;
}

export function decimalYear(day: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 0, 1) / DAY_MS;
  const end = Date.UTC(y + 1, 0, 1) / DAY_MS;
  return y + (day - start) / (end - start);
}

/**
 * The run's clock. Week w covers days [startDay + 7w, startDay + 7w + 6]. A week that straddles
 * two months is split between them by its share of days (`firstMonthShare`), so monthly totals
 * do not jump between 4- and 5-week months. A run may start before the months it reports (a warm
 * start, so that stocks and perceptions have settled): `firstMonth` and `months` are the
 * reported months, and the weeks of the warm-up have negative month slots.
 */
export interface Calendar {
  startDay: number;
  weeks: number;
  firstMonth: number; // month index of the first reported month
  months: number; // number of months reported
  /** month slot (0-based from firstMonth; negative during a warm-up) of each week's first day */
  weekMonth: Int32Array;
  /** share of the week's 7 days that fall in weekMonth; the rest fall in weekMonth + 1 (dropped after the last month) */
  firstMonthShare: Float64Array;
  /** decimal calendar year at the middle of each week, for expressions of time */
  weekYear: Float64Array;
}

/** The clock of a run reporting `start`..`end` and simulated from `warmStart` (default: `start`). */
export function makeCalendar(start: string, end: string, warmStart: string = start): Calendar {
  const reportDay = parseDay(start);
  const startDay = parseDay(warmStart);
  const endDay = end.length === 7 ? lastDayOfMonth(end) : parseDay(end);
  if (!Number.isFinite(startDay) || !Number.isFinite(reportDay) || !Number.isFinite(endDay)) throw new Error(`bad period ${start}..${end}`);
  if (endDay < reportDay) throw new Error(`period ends (${end}) before it starts (${start})`);
  if (reportDay < startDay) throw new Error(`the period starts (${start}) before the warm start (${warmStart})`);
  const weeks = Math.ceil((endDay - startDay + 1) / 7);
  const firstMonth = monthIndexOfDay(reportDay);
  const lastMonth = monthIndexOfDay(endDay);
  const weekMonth = new Int32Array(weeks);
  const firstMonthShare = new Float64Array(weeks);
  const weekYear = new Float64Array(weeks);
  for (let w = 0; w < weeks; w++) {
    const d0 = startDay + 7 * w;
    const m0 = monthIndexOfDay(d0);
    let inFirst = 0;
    for (let k = 0; k < 7; k++) if (monthIndexOfDay(d0 + k) === m0) inFirst++;
    weekMonth[w] = m0 - firstMonth;
    // the run's last week may spill past the end: its days beyond the end are not recorded (a
    // month after the last has no slot), so the last month holds its own days only
    firstMonthShare[w] = inFirst / 7;
    weekYear[w] = decimalYear(d0 + 3.5);
  }
  return { startDay, weeks, firstMonth, months: lastMonth - firstMonth + 1, weekMonth, firstMonthShare, weekYear };
}
