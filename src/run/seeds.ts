// Every run's random stream is named by what the run is — master seed, stream scope, sweep point,
// replication — and never by worker id or completion order, so results are bit-identical for
// any number of workers and any shard split.
//
// The scope is the scenario hash for a plain run or sweep. A comparison uses the scope
// "compare" for both arms: baseline and scenario replication r then draw the same random
// numbers (common random numbers), so their difference shows the policy, not the noise.

/** The stream scope of both arms of a comparison (and of the classroom page's two runs). */
export const COMPARE_SCOPE = 'compare';

export interface RunKey {
  masterSeed: number;
  scope: string;
  point: number;
  rep: number;
}

export function runSeed(k: RunKey): string {
  return `corridor|${k.masterSeed}|${k.scope}|p${k.point}|r${k.rep}`;
}
