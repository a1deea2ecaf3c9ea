// Experimental designs for sweeps: which parameter values each run gets.
// Vocabulary after EMA Workbench / SALib: uncertain parameters, samples, indices.
// Every design is a pure function of (parameters, options, seed), so a sweep can be resumed
// or sharded and rebuilt identically; `meta` keeps what the sensitivity estimators need later.
import seedrandom from 'seedrandom';
import { morrisAnalyze, morrisSample, type MorrisIndex } from './morris.ts';
import { saltelliRowsPerSample, saltelliSample } from './saltelli.ts';
import { sobolIndices, type SobolIndex } from './sobolIndices.ts';
import type { Rng } from './stats.ts';

/**
 * One swept parameter: either explicit `levels` (used as given; they take precedence over a
 * range) or a range [min, max], sampled uniformly, or log-uniformly when `log` is set.
 */
export type ParameterSpec = { name: string; min?: number; max?: number; levels?: number[]; log?: boolean };

export type Design = 'grid' | 'lhs' | 'sobol' | 'morris';

/**
 * `samples` means: grid — values per range parameter (default 5); lhs — points (default 100);
 * sobol — base samples N, giving N·(k+2) runs (default 512; powers of two balance best);
 * morris — trajectories r, giving r·(k+1) runs (default 10). `morrisLevels`: p, even (default 4).
 */
export type DesignOptions = { samples?: number; seed: string; morrisLevels?: number };

export type DesignMeta =
  | { design: 'grid'; names: string[]; seed: string; size: number }
  | { design: 'lhs'; names: string[]; seed: string; samples: number }
  | { design: 'sobol'; names: string[]; seed: string; baseSamples: number }
  | { design: 'morris'; names: string[]; seed: string; trajectories: number; levels: number; unitPoints: number[][] };

export type DesignPoints = { points: Record<string, number>[]; meta: DesignMeta };

export type DesignAnalysis = { design: 'sobol'; indices: SobolIndex[] } | { design: 'morris'; indices: MorrisIndex[] };

export type AnalyzeOptions = { bootstrapReps?: number; level?: number };

const MAX_GRID_POINTS = 10_000_000;

export function buildDesign(design: Design, params: readonly ParameterSpec[], options: DesignOptions): DesignPoints {
  validate(params);
  const names = params.map((p) => p.name);
  const { seed } = options;
  const rng = seedrandom(`${seed}/${design}`);
  switch (design) {
    case 'grid': {
      const axes = params.map((p) => gridValues(p, options.samples ?? 5));
      const points = cartesian(names, axes);
      return { points, meta: { design, names, seed, size: points.length } };
    }
    case 'lhs': {
      const samples = positiveInteger(options.samples ?? 100, 'samples');
      const unit = latinHypercube(samples, params.length, rng);
      return { points: toPoints(params, unit), meta: { design, names, seed, samples } };
    }
    case 'sobol': {
      const baseSamples = positiveInteger(options.samples ?? 512, 'samples');
      const unit = saltelliSample(baseSamples, params.map(() => [0, 1] as const));
      return { points: toPoints(params, unit), meta: { design, names, seed, baseSamples } };
    }
    case 'morris': {
      const trajectories = positiveInteger(options.samples ?? 10, 'samples');
      const levels = options.morrisLevels ?? 4;
      const unitPoints = morrisSample(params.length, trajectories, levels, rng);
      return { points: toPoints(params, unitPoints), meta: { design, names, seed, trajectories, levels, unitPoints } };
    }
    default:
      throw new Error(`unknown design '${design as string}' (expected grid, lhs, sobol or morris)`);
  }
}

/**
 * Sensitivity indices for a Sobol' (Saltelli) or Morris design, given one output per point in
 * the order of `buildDesign(...).points`. Bootstrap intervals are seeded from the design seed.
 */
export function analyzeDesign(meta: DesignMeta, outputs: ArrayLike<number>, options: AnalyzeOptions = {}): DesignAnalysis {
  const seed = `${meta.seed}/bootstrap`;
  switch (meta.design) {
    case 'sobol': {
      const expected = meta.baseSamples * saltelliRowsPerSample(meta.names.length);
      if (outputs.length !== expected) throw new Error(`analyzeDesign: sobol design has ${expected} points but got ${outputs.length} outputs`);
      return { design: 'sobol', indices: sobolIndices(meta.names, outputs, { ...options, seed }) };
    }
    case 'morris':
      return { design: 'morris', indices: morrisAnalyze(meta.names, meta.unitPoints, outputs, { ...options, seed }) };
    default:
      throw new Error(`analyzeDesign: a ${meta.design} design has no sensitivity estimator; use sobol or morris`);
  }
}

/**
 * Latin hypercube (McKay, Beckman & Conover 1979): in each dimension the n strata
 * [i/n, (i+1)/n) are each hit exactly once, in a random order, at a random spot within.
 */
function latinHypercube(n: number, dims: number, rng: Rng): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(dims));
  for (let d = 0; d < dims; d++) {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    for (let i = 0; i < n; i++) points[i][d] = (strata[i] + rng()) / n;
  }
  return points;
}

/** Map u ∈ [0, 1] to a parameter value: equal-probability level, log-uniform or uniform. */
export function fromUnit(param: ParameterSpec, u: number): number {
  const { levels } = param;
  if (levels && levels.length > 0) return levels[Math.min(levels.length - 1, Math.floor(u * levels.length))];
  const min = param.min as number;
  const max = param.max as number;
  if (param.log) return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
  return min + u * (max - min);
}

function toPoints(params: readonly ParameterSpec[], unit: readonly (readonly number[])[]): Record<string, number>[] {
  return unit.map((row) => {
    const point: Record<string, number> = {};
    params.forEach((p, i) => (point[p.name] = fromUnit(p, row[i])));
    return point;
  });
}

function gridValues(param: ParameterSpec, samples: number): number[] {
  if (param.levels && param.levels.length > 0) return param.levels.slice();
  const min = param.min as number;
  const max = param.max as number;
  if (min === max) return [min];
  if (!Number.isInteger(samples) || samples < 2) {
    throw new Error(`grid: parameter '${param.name}' needs samples ≥ 2 to span [${min}, ${max}], got ${samples}`);
  }
  // Endpoints set exactly so min and max appear verbatim in the sweep.
  return Array.from({ length: samples }, (_, i) =>
    i === 0 ? min : i === samples - 1 ? max : fromUnit(param, i / (samples - 1)),
  );
}

/** Cartesian product, last parameter varying fastest (as itertools.product). */
function cartesian(names: readonly string[], axes: readonly number[][]): Record<string, number>[] {
  const size = axes.reduce((n, axis) => n * axis.length, 1);
  if (size > MAX_GRID_POINTS) throw new Error(`grid: ${size} points exceeds the limit of ${MAX_GRID_POINTS}`);
  const points: Record<string, number>[] = [];
  for (let index = 0; index < size; index++) {
    const at = new Array<number>(axes.length);
    let rest = index;
    for (let d = axes.length - 1; d >= 0; d--) {
      at[d] = rest % axes[d].length;
      rest = Math.floor(rest / axes[d].length);
    }
    const point: Record<string, number> = {};
    names.forEach((name, d) => (point[name] = axes[d][at[d]]));
    points.push(point);
  }
  return points;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
  return value;
}

function validate(params: readonly ParameterSpec[]): void {
  if (params.length === 0) throw new Error('a design needs at least one parameter');
  const seen = new Set<string>();
  for (const p of params) {
    if (!p.name) throw new Error('every parameter needs a name');
    if (seen.has(p.name)) throw new Error(`parameter '${p.name}' appears twice`);
    seen.add(p.name);
    if (p.levels !== undefined) {
      if (p.levels.length === 0 || !p.levels.every(Number.isFinite)) {
        throw new Error(`parameter '${p.name}': levels must be a non-empty list of finite numbers`);
      }
      continue;
    }
    const { min, max } = p;
    if (!(Number.isFinite(min) && Number.isFinite(max) && (min as number) <= (max as number))) {
      throw new Error(`parameter '${p.name}': needs levels, or finite min ≤ max (got min ${min}, max ${max})`);
    }
    if (p.log && !((min as number) > 0)) throw new Error(`parameter '${p.name}': log scale needs min > 0 (got ${min})`);
  }
}
