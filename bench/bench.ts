// `npm run bench`: how fast Corridor runs, on this machine. Not a test: it prints figures and
// writes bench/results.json with the machine's description.
//
// 1. Transit loop, agent-steps/s/core: the baseline at 1:1 scale, 2019-10 to 2030-12, in a child
//    process on one core. Simulation.moveInTransit (the weekly loop over every agent on the move)
//    is wrapped with a timer; agent-steps = the agents in transit at each call, summed over
//    weeks; rate = agent-steps / seconds inside it. Arrivals, transit deaths and detentions that
//    happen inside the loop are part of its cost, as in a real run. The border loop
//    (Simulation.actAtBorder: waiting agents deciding how to cross, encounters, processing) is
//    timed the same way and printed beside it: it is the heavier per-agent work.
// 2. Wall time and peak RSS of that whole run (the child's maxRSS, so the parent's memory
//    does not count).
// 3. Ceiling: the simplest typed-array kernel — xoshiro128** inlined, one draw and one compare
//    against a Float64Array of probabilities per agent per week — over as many agents as the
//    engine's mean, printed as "engine / ceiling".
// 4. Replications per second of the baseline at scale 10 (1 agent per 10 persons, whole period),
//    in one thread and on 2 worker threads; parallel speedup 2 workers vs 1, cold (workers
//    started inside the timing) and warm (the pool's idle workers reused).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Simulation } from '../src/model/simulation.ts';
import { TRANSIT } from '../src/model/agents.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { runSeed } from '../src/run/seeds.ts';
import { closeWorkers, runMany } from '../src/run/pool.ts';
import type { RunTask } from '../src/run/pool.ts';

const BASELINE = 'scenarios/baseline.yaml';
const FULL = { start: '2019-10', end: '2030-12' };

interface ChildFigures {
  loadSeconds: number;
  runSeconds: number;
  weeks: number;
  agentSteps: number;
  moveSeconds: number;
  borderSteps: number;
  borderSeconds: number;
  meanAgents: number;
  maxAgents: number;
  peakRssMB: number;
}

/** In the child: one baseline run at 1:1 with the transit and border loops timed. */
function child(): void {
  const t0 = performance.now();
  const loaded = loadScenario(BASELINE, { ...FULL, scale: 1 });
  const t1 = performance.now();
  const sim = new Simulation(loaded.input, runSeed({ masterSeed: loaded.seed, scope: loaded.hash, point: 0, rep: 0 }));
  const internals = sim as unknown as { moveInTransit(): void; actAtBorder(): void; agents: { count: number; status: Uint8Array } };
  const move = internals.moveInTransit.bind(sim);
  const border = internals.actAtBorder.bind(sim);
  const inTransit = (): number => {
    const { count, status } = internals.agents;
    let n = 0;
    for (let i = 0; i < count; i++) if (status[i] === TRANSIT) n++;
    return n;
  };
  let agentSteps = 0;
  let moveMs = 0;
  let borderSteps = 0;
  let borderMs = 0;
  let maxAgents = 0;
  internals.moveInTransit = () => {
    agentSteps += inTransit();
    if (internals.agents.count > maxAgents) maxAgents = internals.agents.count;
    const s = performance.now();
    move();
    moveMs += performance.now() - s;
  };
  internals.actAtBorder = () => {
    borderSteps += internals.agents.count - inTransit();
    const s = performance.now();
    border();
    borderMs += performance.now() - s;
  };
  sim.run();
  const t2 = performance.now();
  const figures: ChildFigures = {
    loadSeconds: (t1 - t0) / 1000,
    runSeconds: (t2 - t1) / 1000,
    weeks: sim.weeks,
    agentSteps,
    moveSeconds: moveMs / 1000,
    borderSteps,
    borderSeconds: borderMs / 1000,
    meanAgents: (agentSteps + borderSteps) / sim.weeks,
    maxAgents,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
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

async function timeRuns(tasks: RunTask[], workers: number): Promise<number> {
  const t0 = performance.now();
  const done = await runMany(tasks, { workers });
  const failed = done.filter((d) => d.error);
  if (failed.length) throw new Error(`bench: ${failed.length} runs failed: ${failed[0].error}`);
  return (performance.now() - t0) / 1000;
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
  console.log(`   border loop: ${(fig.borderSteps / 1e6).toFixed(1)} M agent-steps in ${fig.borderSeconds.toFixed(2)} s = ${(fig.borderSteps / fig.borderSeconds / 1e6).toFixed(1)} M agent-steps/s/core (decisions, encounters, processing)`);
  console.log(`   (mean ${Math.round(fig.meanAgents).toLocaleString('en-US')} agents a week, at most ${fig.maxAgents.toLocaleString('en-US')}; the two loops are ${((100 * (fig.moveSeconds + fig.borderSeconds)) / fig.runSeconds).toFixed(0)}% of the run)`);

  const ceilingAgents = Math.max(100_000, Math.round(fig.agentSteps / fig.weeks));
  ceilingKernel(ceilingAgents, 20); // warm up the JIT
  const ceiling = ceilingKernel(ceilingAgents, Math.max(50, Math.round(5e8 / ceilingAgents)));
  const ratio = engineRate / ceiling.stepsPerSecond;
  console.log(`\n2. ceiling kernel (xoshiro128** + compare over a Float64Array of ${ceilingAgents.toLocaleString('en-US')}): ${(ceiling.stepsPerSecond / 1e6).toFixed(0)} M steps/s`);
  console.log(`   engine / ceiling = ${ratio.toFixed(2)} (target ≥ 0.3)`);

  const reps = 16; // enough runs that the last one finishing alone (the tail) does not dominate
  const scale = 10;
  const loaded = loadScenario(BASELINE, { ...FULL, scale });
  const tasks = (offset: number): RunTask[] =>
    Array.from({ length: reps }, (_, r) => ({
      id: `r${r}`, scenarioFile: BASELINE, build: { ...FULL, scale }, key: { masterSeed: loaded.seed, scope: 'bench', point: 0, rep: offset + r },
    }));
  console.log(`\n3. replications of the baseline at scale ${scale} (${FULL.start}..${FULL.end}), ${reps} runs per timing ...`);
  await timeRuns(tasks(100).slice(0, 1), 1); // warm this thread's JIT and scenario cache
  const one = await timeRuns(tasks(0), 1);
  const cold = await timeRuns(tasks(0), 2);
  const warm = await timeRuns(tasks(0), 2);
  await closeWorkers();
  console.log(`   1 thread:             ${(reps / one).toFixed(2)} replications/s (${(one / reps).toFixed(2)} s each)`);
  console.log(`   2 workers, cold start: ${(reps / cold).toFixed(2)} replications/s -> speedup ${(one / cold).toFixed(2)}x (includes starting the workers)`);
  console.log(`   2 workers, warm pool:  ${(reps / warm).toFixed(2)} replications/s -> speedup ${(one / warm).toFixed(2)}x (target ≥ 1.8x)`);

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
      method: 'Simulation.moveInTransit timed over the 1:1 baseline; agent-steps = agents in transit at each weekly call',
      agentSteps: fig.agentSteps, seconds: round(fig.moveSeconds), agentStepsPerSecondPerCore: Math.round(engineRate),
    },
    borderLoop: {
      method: 'Simulation.actAtBorder timed over the same run; agent-steps = agents waiting or queued at each weekly call',
      agentSteps: fig.borderSteps, seconds: round(fig.borderSeconds), agentStepsPerSecondPerCore: Math.round(fig.borderSteps / fig.borderSeconds),
    },
    ceiling: { kernel: 'xoshiro128** inlined + one compare per element of a Float64Array', agents: ceilingAgents, stepsPerSecond: Math.round(ceiling.stepsPerSecond), engineOverCeiling: round(ratio), target: 0.3 },
    replications: {
      scenario: BASELINE, scale, period: FULL, runsPerTiming: reps,
      oneThreadPerSecond: round(reps / one), twoWorkersColdPerSecond: round(reps / cold), twoWorkersWarmPerSecond: round(reps / warm),
      speedupCold: round(one / cold), speedupWarm: round(one / warm), target: 1.8,
    },
  };
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results.json');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (process.argv.includes('--child')) child();
else await parent();
