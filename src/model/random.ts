// Random streams for the simulation core.
//
// Seeding goes through `seedrandom` (ARC4 key schedule over a string), so a stream is named by
// text such as "master|scenarioHash|point|rep|transit" and never by worker id or completion
// order. The draws themselves come from xoshiro128** (Blackman & Vigna 2018), a small 32-bit
// generator that V8 keeps in registers; it is what makes the weekly agent loop cheap.
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number;
}

export class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const arc4 = seedrandom(seed);
    this.a = arc4.int32() | 0;
    this.b = arc4.int32() | 0;
    this.c = arc4.int32() | 0;
    this.d = arc4.int32() | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1; // the all-zero state is a fixed point
  }

  /** The generator's state (four 32-bit words), for snapshots of a run. */
  getState(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  /** Sets the state saved by getState (restoring a snapshot), or reseeds from a stream name. */
  setState(state: readonly number[]): void {
    [this.a, this.b, this.c, this.d] = state.map((x) => x | 0);
  }

  /** The next 32 bits as an integer in [0, 2^32): exactly next() scaled back up. */
  nextUint32(): number {
    return this.next() * 4294967296;
  }

  // The step is written out rather than called: this is the hottest call in the model, and a
  // body this small is inlined into its callers, so the double it returns is not boxed on the
  // heap (a call that is not inlined allocates one per draw).
  next(): number {
    const x = Math.imul(this.b, 5);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return (Math.imul((x << 7) | (x >>> 25), 9) >>> 0) * 2.3283064365386963e-10; // 2^-32
  }

  /**
   * Fills out[0..n) with the next n uniforms, exactly as n calls of next() would. The state
   * stays in locals for the whole batch, which the weekly transit loop needs to be cheap.
   */
  fill(out: Float64Array, n: number): void {
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let k = 0; k < n; k++) {
      const x = Math.imul(b, 5);
      const t = b << 9;
      out[k] = (Math.imul((x << 7) | (x >>> 25), 9) >>> 0) * 2.3283064365386963e-10;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }
}

/** A named, independent stream derived from a base seed string. */
export function stream(baseSeed: string, name: string): Xoshiro128 {
  return new Xoshiro128(`${baseSeed}|${name}`);
}

/** Standard normal by Box–Muller (one of the pair is discarded: simplicity over speed, used off the hot loop). */
export function normal(rng: Rng): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Binomial(n, p) draw. Inversion for small n·p, otherwise BTRS, the transformed rejection
 * sampler of Hörmann (1993, "The generation of binomial random variates"), exact for any n.
 * Needed because strata hold millions of exchangeable people (docs/MODEL.md §3).
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n * p < 10) return binomialInversion(rng, n, p);
  return binomialBtrs(rng, n, p);
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  let r = Math.pow(q, n);
  let u = rng.next();
  let x = 0;
  while (u > r) {
    u -= r;
    x++;
    if (x > n) return n; // guards against round-off in the tail
    r *= a / x - s;
  }
  return x;
}

function binomialBtrs(rng: Rng, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const vv = Math.log((v * alpha) / (a / (us * us) + b));
    if (vv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

const LOG_FACT_TABLE = (() => {
  const t = new Float64Array(256);
  for (let i = 1; i < 256; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();

/** ln(k!) exact from a table for small k, Stirling series beyond (error < 1e-10 for k ≥ 256). */
function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT_TABLE[k];
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * A lognormal(0, σ) draw from a table of 4,096 stratified quantiles: one integer draw instead
 * of a logarithm, a square root and a cosine per departing person. The discretisation is far
 * finer than anything known about savings.
 */
export function lognormalTable(sigma: number, size = 4096): Float64Array {
  const t = new Float64Array(size);
  for (let k = 0; k < size; k++) t[k] = Math.exp(sigma * normalQuantile((k + 0.5) / size));
  return t;
}
