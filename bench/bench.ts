// `npm run bench`: how fast Corridor runs, on this machine. Not a test: it prints figures and
// writes bench/results.json with the machine's description.
//
// 1. Transit loop, agent-steps/s/core: the baseline at 1:1 scale, 2019-10 to 2030-12, in a child
//    process on one core. The week's phases (Simulation.phases) are run one by one and the
//    'in transit' phase (Journey.moveInTransit, the weekly loop over every agent on the move) is
//    timed; agent-steps = the agents in transit at each call, summed over weeks; rate =
//    agent-steps / seconds inside it. Arrivals, transit deaths and detentions that happen inside
//    the loop are part of its cost, as in a real run. The 'at the border' phase
//    (Border.actAtBorder: waiting agents deciding how to cross, encounters, processing) is timed
//    the same way and printed beside it: it is the heavier per-agent work.
// 2. Wall time and peak RSS of that whole run (the child's maxRSS, so the parent's memory
//    does not count).
// 3. Ceiling: the simplest typed-array kernel — xoshiro128** inlined, one draw and one compare
//    against a Float64Array of probabilities per agent per week — over as many agents as the
//    engine's mean, printed as "engine / ceiling".
// 4. Replications per second of the baseline at scale 10 (1 agent per 10 persons, whole period),
//    in one thread and on 2 worker threads; parallel speedup 2 workers vs 1, cold (workers
//    started inside the timing) and warm (the pool's idle workers reused), against this thread
//    and against a pool of 1 worker. For comparison, the same runs in 2 separate processes at
//    once vs 1 process: no threads and no messages, but two of everything else (heaps, V8's
//    background threads).
// 5. Sweep memory: peak RSS (the child's maxRSS, its worker threads included) of a Latin
//    hypercube sweep of 100 and of 2,000 tiny runs (two months at 1 agent per 2,000 persons, one
//    replication per point, 2 workers), each sweep in its own child process, finish (runs.csv,
//    Parquet, PRCC/SRC, report) included. Records go to disk as runs finish, so the peak should
//    not grow with the number of runs: the 2,000-run peak within 1.3× the 100-run peak.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Simulation } from '../src/model/simulation.ts';
import { TRANSIT } from '../src/model/agents.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runSeed } from '../src/run/seeds.ts';
import { closeWorkers, runMany } from '../src/run/pool.ts';
import type { RunTask } from '../src/run/pool.ts';
import { runSweep } from '../src/run/sweep.ts';
import { loadSweepFile } from '../src/run/sweepFile.ts';
import type { Network } from '../src/model/network.ts';

const BASELINE = 'scenarios/baseline.yaml';
const FULL = { start: '2019-10', end: '2030-12' };

interface ChildFigures {
  loadSeconds: number;
  runSeconds: number;
  weeks: number;
  agentSteps: number;
  edgeEnds: number;
  moveSeconds: number;
  borderSteps: number;
  borderSeconds: number;
  meanAgents: number;
  maxAgents: number;
  peakRssMB: number;
  sameWork: { agents: number; stepsPerSecond: number; lastWeekOnEdgeShare: number };
}

/** In the child: one baseline run at 1:1 with the transit and border loops timed. */
function child(): void {
  const t0 = performance.now();
  const loaded = loadScenario(BASELINE, { ...FULL, scale: 1 });
  const t1 = performance.now();
  const sim = new Simulation(loaded.input, runSeed({ masterSeed: loaded.seed, scope: loaded.hash, point: 0, rep: 0 }));
  const agents = sim.agents;
  const inTransit = (): number => agents.moving;
  // agents in their last week on an edge: unless a rare event stops them, they pay for and enter
  // their next edge or reach the border this week (counted outside the timed section)
  const lastWeekOnEdge = (): number => {
    const { count, status, weeksLeft } = agents;
    let n = 0;
    for (let i = 0; i < count; i++) if (status[i] === TRANSIT && weeksLeft[i] === 1) n++;
    return n;
  };
  let edgeEnds = 0;
  let agentSteps = 0;
  let captureMs = 0; // not part of the run's wall time
  let busiest: { route: Uint16Array; leg: Uint8Array; weeksLeft: Uint8Array } = { route: new Uint16Array(0), leg: new Uint8Array(0), weeksLeft: new Uint8Array(0) };
  let moveMs = 0;
  let borderSteps = 0;
  let borderMs = 0;
  let maxAgents = 0;
  // the week's phases, run one by one as step() would, with the two agent loops timed
  const phase = (name: string) => {
    const found = sim.phases.find((p) => p.name === name);
    if (!found) throw new Error(`bench: the model has no phase '${name}'`);
    return found;
  };
  const transitPhase = phase('in transit');
  const borderPhase = phase('at the border');
  const week = (): void => {
    for (const p of sim.phases) {
      if (p === transitPhase) {
        agentSteps += inTransit();
        edgeEnds += lastWeekOnEdge();
        if (sim.week % 26 === 0 && inTransit() > busiest.route.length) {
          const c = performance.now(); // twice a year: a copy each week would slow the run down
          busiest = transitAgents(agents);
          captureMs += performance.now() - c;
        }
        if (agents.count > maxAgents) maxAgents = agents.count;
        const s = performance.now();
        p.run();
        moveMs += performance.now() - s;
      } else if (p === borderPhase) {
        borderSteps += agents.count - inTransit();
        const s = performance.now();
        p.run();
        borderMs += performance.now() - s;
      } else p.run();
    }
  };
  while (sim.week < sim.weeks) week();
  const t2 = performance.now();
  const { route, leg, weeksLeft } = busiest;
  const kernelWeeks = Math.max(20, Math.round(5e7 / route.length));
  for (let k = 0; k < 3; k++) sameWorkKernel(sim.network, sim.input.edges, route.slice(), leg.slice(), weeksLeft.slice(), 10); // warm up the JIT: the first calls run on-stack-replaced code
  const sameWork = { agents: route.length, ...sameWorkKernel(sim.network, sim.input.edges, route, leg, weeksLeft, kernelWeeks) };
  const figures: ChildFigures = {
    loadSeconds: (t1 - t0) / 1000,
    runSeconds: (t2 - t1 - captureMs) / 1000,
    weeks: sim.weeks,
    agentSteps,
    edgeEnds,
    moveSeconds: moveMs / 1000,
    borderSteps,
    borderSeconds: borderMs / 1000,
    meanAgents: (agentSteps + borderSteps) / sim.weeks,
    maxAgents,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    sameWork,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** The ceiling: xoshiro128** in locals, one compare per agent per week over a Float64Array. */
function ceilingKernel(agents: number, weeks: number): { stepsPerSecond: number; hits: number } {
  const p = new Float64Array(agents);
  for (let i = 0; i < agents; i++) p[i] = 0.001 + (i % 97) * 1e-4;
  let a = 0x9e3779b9 | 0, b = 0x243f6a88 | 0, c = 0xb7e15162 | 0, d = 0x12345678 | 0;
  let hits = 0;
  const t0 = performance.now();
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < agents; i++) {
      const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
      const t = b << 9;
      c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      if (r * 2.3283064365386963e-10 < p[i]) hits++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { stepsPerSecond: (agents * weeks) / seconds, hits };
}

/** Route, leg and weeks left of every agent in transit right now. */
function transitAgents(a: { count: number; status: Uint8Array; route: Uint16Array; leg: Uint8Array; weeksLeft: Uint8Array }) {
  const picked: number[] = [];
  for (let i = 0; i < a.count; i++) if (a.status[i] === TRANSIT) picked.push(i);
  return {
    route: Uint16Array.from(picked, (i) => a.route[i]),
    leg: Uint8Array.from(picked, (i) => a.leg[i]),
    weeksLeft: Uint8Array.from(picked, (i) => a.weeksLeft[i]),
  };
}

/**
 * The transit loop's own work as the simplest typed-array kernel, for a second, diagnostic ratio:
 * the engine's agents in transit at its busiest week, on their real routes; each week one draw
 * against the edge's weekly risk, a countdown, and at the end of an edge the smuggler's fee and
 * the next edge (or, at the border, the same route again, so the population stays put).
 */
function sameWorkKernel(
  net: Network, edges: readonly { deathRiskPerWeek: number; feeUsd: number; smuggler: boolean }[],
  route: Uint16Array, leg: Uint8Array, weeksLeft: Uint8Array, weeks: number,
): { stepsPerSecond: number; lastWeekOnEdgeShare: number } {
  const n = route.length;
  const risk = Float64Array.from(edges, (e) => e.deathRiskPerWeek + 0.02); // + robbery, detention, giving up
  const fee = Float64Array.from(edges, (e) => (e.smuggler ? e.feeUsd : 0));
  const { routeStart, routeLength, routeEdges, edgeWeeks } = net;
  const savings = new Float32Array(n).fill(5000);
  const edge = Uint16Array.from(route, (r, i) => routeEdges[routeStart[r] + leg[i]]);
  let a = 0x9e3779b9 | 0, b = 0x243f6a88 | 0, c = 0xb7e15162 | 0, d = 0x12345678 | 0;
  let ends = 0;
  let revenue = 0;
  const t0 = performance.now();
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < n; i++) {
      const x = Math.imul(b, 5);
      const u = (Math.imul((x << 7) | (x >>> 25), 9) >>> 0) * 2.3283064365386963e-10;
      const t = b << 9;
      c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
      if (u < risk[edge[i]]) continue; // a rare event (its handling is left out: it favours the kernel)
      if (--weeksLeft[i] === 0) {
        ends++;
        const r = route[i];
        const next = leg[i] + 1 < routeLength[r] ? leg[i] + 1 : 0;
        const e = routeEdges[routeStart[r] + next];
        leg[i] = next;
        edge[i] = e;
        weeksLeft[i] = edgeWeeks[e];
        if (savings[i] >= fee[e]) {
          savings[i] -= fee[e];
          revenue += fee[e];
        } else savings[i] = 5000;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (!(revenue >= 0)) throw new Error('unreachable'); // keeps the work observable
  return { stepsPerSecond: (n * weeks) / seconds, lastWeekOnEdgeShare: ends / (n * weeks) };
}

async function timeRuns(tasks: RunTask[], workers: number, threads = false): Promise<number> {
  const t0 = performance.now();
  const done = await runMany(tasks, { workers, threads });
  const failed = done.filter((d) => d.error);
  if (failed.length) throw new Error(`bench: ${failed.length} runs failed: ${failed[0].error}`);
  return (performance.now() - t0) / 1000;
}

/** In a child process: warm up, say "ready", wait for "go" on stdin, run its share in-process, report seconds. */
async function replicasChild(offset: number, count: number): Promise<void> {
  const loaded = loadScenario(BASELINE, { ...FULL, scale: REPLICA_SCALE });
  const tasks = replicaTasks(loaded.seed, offset, count);
  await timeRuns(replicaTasks(loaded.seed, 1000, 1), 1);
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const _ of lines) break;
  process.stdout.write(JSON.stringify({ seconds: await timeRuns(tasks, 1) }) + '\n');
  lines.close();
}

/** Wall time for `processes` child processes started together, each running `perProcess` runs. */
async function timeProcesses(runTs: string, here: string, processes: number, perProcess: number): Promise<number> {
  const children = Array.from({ length: processes }, (_, k) =>
    spawn(process.execPath, [runTs, here, '--replicas-child', String(k * perProcess), String(perProcess)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const readers = children.map((c) => createInterface({ input: c.stdout })[Symbol.asyncIterator]());
  for (const r of readers) if ((await r.next()).value !== 'ready') throw new Error('bench: a replica process did not start');
  for (const c of children) c.stdin.write('go\n');
  const seconds = await Promise.all(readers.map(async (r) => (JSON.parse((await r.next()).value as string) as { seconds: number }).seconds));
  return Math.max(...seconds);
}

const SWEEP_RUNS = [100, 2000];
const FLAT_WITHIN = 1.3;

interface SweepFigures {
  runs: number;
  seconds: number;
  peakRssMB: number;
}

/** In a child process: a Latin hypercube sweep of `runs` tiny runs into a temporary folder; prints its figures. */
async function sweepChild(runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-sweep-'));
  try {
    const file = join(dir, 'memory.yaml');
    writeFileSync(
      file,
      [
        `scenario: ${fileURLToPath(new URL(`../${BASELINE}`, import.meta.url))}`,
        'period: { start: 2019-10, end: 2019-11 }',
        'scale: 2000',
        'seed: 1',
        'design: lhs',
        `samples: ${runs}`,
        'parameters:',
        '  - { name: enforcement, range: [0.5, 3] }',
        '  - { name: marketPower, range: [0.5, 2] }',
        'outcomes:',
        '  encounters: sum(encounters)',
        '  revenue: sum(smuggler_revenue_usd)',
      ].join('\n') + '\n',
    );
    const t0 = performance.now();
    const outcome = await runSweep(loadSweepFile(file), { out: join(dir, 'out'), workers: 2, command: 'bench', warn: () => {} });
    if (outcome.failures.length) throw new Error(`bench: ${outcome.failures.length} sweep runs failed: ${outcome.failures[0].error}`);
    const figures: SweepFigures = { runs: outcome.ran, seconds: (performance.now() - t0) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024 };
    await closeWorkers();
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REPLICA_SCALE = 10;
function replicaTasks(masterSeed: number, offset: number, count: number): RunTask[] {
  return Array.from({ length: count }, (_, r) => ({
    id: `r${offset + r}`, scenarioFile: BASELINE, build: { ...FULL, scale: REPLICA_SCALE }, key: { masterSeed, scope: 'bench', point: 0, rep: offset + r },
  }));
}

async function parent(): Promise<void> {
  const here = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  console.log('Corridor benchmark (figures for this machine; see bench/bench.ts for the method)');
  const loadAtStart = loadavg()[0];
  const busy = loadAtStart > 0.5;
  console.log(`load average ${loadAtStart.toFixed(2)}${busy ? ': other processes are using the CPUs, so these figures (the parallel speedup most of all) are pessimistic' : ''}\n`);

  console.log(`1. baseline ${FULL.start}..${FULL.end} at 1:1 scale, one core (child process) ...`);
  const fig = JSON.parse(execFileSync(process.execPath, [runTs, here, '--child'], { encoding: 'utf8', maxBuffer: 1 << 20 })) as ChildFigures;
  const engineRate = fig.agentSteps / fig.moveSeconds;
  console.log(`   wall time ${fig.runSeconds.toFixed(1)} s (+ ${fig.loadSeconds.toFixed(1)} s to load the scenario), peak RSS ${fig.peakRssMB.toFixed(0)} MB`);
  console.log(`   transit loop: ${(fig.agentSteps / 1e6).toFixed(1)} M agent-steps in ${fig.moveSeconds.toFixed(2)} s = ${(engineRate / 1e6).toFixed(1)} M agent-steps/s/core`);
  console.log(`     ${((100 * fig.edgeEnds) / fig.agentSteps).toFixed(0)}% of them are an agent's last week on an edge: it then pays for its next edge or reaches the border`);
  console.log(`   border loop: ${(fig.borderSteps / 1e6).toFixed(1)} M agent-steps in ${fig.borderSeconds.toFixed(2)} s = ${(fig.borderSteps / fig.borderSeconds / 1e6).toFixed(1)} M agent-steps/s/core (decisions, encounters, processing)`);
  console.log(`   (mean ${Math.round(fig.meanAgents).toLocaleString('en-US')} agents a week, at most ${fig.maxAgents.toLocaleString('en-US')}; the two loops are ${((100 * (fig.moveSeconds + fig.borderSeconds)) / fig.runSeconds).toFixed(0)}% of the run)`);

  const ceilingAgents = Math.max(100_000, Math.round(fig.agentSteps / fig.weeks));
  for (let k = 0; k < 3; k++) ceilingKernel(ceilingAgents, 20); // warm up the JIT: the first calls run on-stack-replaced code
  const ceiling = ceilingKernel(ceilingAgents, Math.max(50, Math.round(5e8 / ceilingAgents)));
  const ratio = engineRate / ceiling.stepsPerSecond;
  console.log(`\n2. ceiling kernel (xoshiro128** + compare over a Float64Array of ${ceilingAgents.toLocaleString('en-US')}): ${(ceiling.stepsPerSecond / 1e6).toFixed(0)} M steps/s`);
  console.log(`   engine / ceiling = ${ratio.toFixed(2)} (target ≥ 0.3)`);
  const sw = fig.sameWork;
  console.log(`   diagnostic: the transit loop's own work (draw, countdown, at ${(100 * sw.lastWeekOnEdgeShare).toFixed(0)}% of steps a fee and the next edge) as the simplest`);
  console.log(`   kernel, over the ${sw.agents.toLocaleString('en-US')} agents in transit at the busiest week: ${(sw.stepsPerSecond / 1e6).toFixed(0)} M steps/s; engine / that kernel = ${(engineRate / sw.stepsPerSecond).toFixed(2)}`);

  const reps = 16; // enough runs that the last one finishing alone (the tail) does not dominate
  const scale = REPLICA_SCALE;
  const loaded = loadScenario(BASELINE, { ...FULL, scale });
  const tasks = replicaTasks(loaded.seed, 0, reps);
  console.log(`\n3. replications of the baseline at scale ${scale} (${FULL.start}..${FULL.end}), ${reps} runs per timing ...`);
  await timeRuns(replicaTasks(loaded.seed, 100, 1), 1); // warm this thread's JIT and scenario cache
  const one = await timeRuns(tasks, 1);
  const cold = await timeRuns(tasks, 2);
  const warm = await timeRuns(tasks, 2);
  const oneWorker = await timeRuns(tasks, 1, true); // an idle worker of the warm pool
  await closeWorkers();
  const oneProcess = await timeProcesses(runTs, here, 1, reps);
  const twoProcesses = await timeProcesses(runTs, here, 2, reps / 2);
  const rate = (seconds: number) => `${(reps / seconds).toFixed(2)} replications/s`;
  console.log(`   1 thread:              ${rate(one)} (${(one / reps).toFixed(2)} s each)`);
  console.log(`   1 worker, warm pool:   ${rate(oneWorker)}`);
  console.log(`   2 workers, cold start: ${rate(cold)} -> ${(one / cold).toFixed(2)}x this thread (includes starting the workers)`);
  console.log(`   2 workers, warm pool:  ${rate(warm)} -> ${(oneWorker / warm).toFixed(2)}x 1 worker, ${(one / warm).toFixed(2)}x this thread (target ≥ 1.8x)`);
  console.log(`   for comparison, 2 processes at once vs 1: ${(oneProcess / twoProcesses).toFixed(2)}x (no threads, no messages; two heaps and two sets of V8 background threads)`);

  console.log(`\n5. sweep memory: Latin hypercube sweeps of ${SWEEP_RUNS.join(' and ')} tiny runs (2019-10..2019-11 at 1:2,000, 2 workers), each in a child process ...`);
  const sweeps = SWEEP_RUNS.map((runs) => JSON.parse(execFileSync(process.execPath, [runTs, here, '--sweep-child', String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 })) as SweepFigures);
  for (const f of sweeps) console.log(`   ${f.runs.toLocaleString('en-US').padStart(5)} runs: peak RSS ${f.peakRssMB.toFixed(0)} MB, ${f.seconds.toFixed(1)} s`);
  const growth = sweeps[1].peakRssMB / sweeps[0].peakRssMB;
  console.log(`   ${sweeps[1].runs.toLocaleString('en-US')} runs / ${sweeps[0].runs} runs: ${growth.toFixed(2)}x the peak (flat: within ${FLAT_WITHIN}x) -> ${growth <= FLAT_WITHIN ? 'flat' : 'NOT flat'}`);

  const cpu = cpus()[0];
  const results = {
    date: new Date().toISOString(),
    machine: {
      os: `${platform()} ${release()}`, cpuModel: cpu?.model ?? 'unknown', cpus: cpus().length, availableParallelism: availableParallelism(),
      memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: round(loadAtStart),
    },
    baselineOneToOne: {
      period: FULL, scale: 1, wallSeconds: round(fig.runSeconds), loadSeconds: round(fig.loadSeconds), peakRssMB: Math.round(fig.peakRssMB),
      weeks: fig.weeks, meanAgents: Math.round(fig.meanAgents), maxAgents: fig.maxAgents, targetSeconds: 60,
    },
    transitLoop: {
      method: 'the in-transit phase (Journey.moveInTransit) timed over the 1:1 baseline; agent-steps = agents in transit at each weekly call',
      agentSteps: fig.agentSteps, lastWeekOnEdgeShare: round(fig.edgeEnds / fig.agentSteps), seconds: round(fig.moveSeconds), agentStepsPerSecondPerCore: Math.round(engineRate),
    },
    borderLoop: {
      method: 'the at-the-border phase (Border.actAtBorder) timed over the same run; agent-steps = agents waiting or queued at each weekly call',
      agentSteps: fig.borderSteps, seconds: round(fig.borderSeconds), agentStepsPerSecondPerCore: Math.round(fig.borderSteps / fig.borderSeconds),
    },
    ceiling: { kernel: 'xoshiro128** inlined + one compare per element of a Float64Array', agents: ceilingAgents, stepsPerSecond: Math.round(ceiling.stepsPerSecond), engineOverCeiling: round(ratio), target: 0.3 },
    sameWorkKernel: {
      kernel: 'draw + compare + countdown, and at the end of an edge a fee and the next edge, over the engine\'s agents in transit at its busiest week',
      agents: sw.agents, stepsPerSecond: Math.round(sw.stepsPerSecond), lastWeekOnEdgeShare: round(sw.lastWeekOnEdgeShare), engineOverKernel: round(engineRate / sw.stepsPerSecond),
    },
    replications: {
      scenario: BASELINE, scale, period: FULL, runsPerTiming: reps,
      oneThreadPerSecond: round(reps / one), oneWorkerPerSecond: round(reps / oneWorker),
      twoWorkersColdPerSecond: round(reps / cold), twoWorkersWarmPerSecond: round(reps / warm),
      speedupCold: round(one / cold), speedupWarm: round(one / warm), speedupWarmVsOneWorker: round(oneWorker / warm), target: 1.8,
      twoProcessesVsOne: round(oneProcess / twoProcesses),
    },
    sweepMemory: {
      method: 'peak RSS (maxRSS of a child process, worker threads included) of a Latin hypercube sweep of tiny runs, finish included',
      period: { start: '2019-10', end: '2019-11' }, scale: 2000, workers: 2,
      sweeps: sweeps.map((f) => ({ runs: f.runs, peakRssMB: Math.round(f.peakRssMB), seconds: round(f.seconds) })),
      peakRatio: round(growth), flatWithin: FLAT_WITHIN,
    },
  };
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results.json');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const at = process.argv.indexOf('--replicas-child');
const sweepAt = process.argv.indexOf('--sweep-child');
if (process.argv.includes('--child')) child();
else if (at >= 0) await replicasChild(Number(process.argv[at + 1]), Number(process.argv[at + 2]));
else if (sweepAt >= 0) await sweepChild(Number(process.argv[sweepAt + 1]));
else await parent();
