import type { Command } from 'commander';
import { readCalibration } from '../../run/calibrationSetup.ts';
import { loadSweepFile } from '../../run/sweepFile.ts';
import { loadScenario, readYamlFile } from '../../scenario/load.ts';
import { unsourcedNumbers } from '../../scenario/parse.ts';
import { changesToThePast, pastChangeText } from '../../scenario/past.ts';

type Kind = 'scenario' | 'sweep' | 'calibration';

/** A sweep has a design and outcomes, a calibration a method, constraints and a window; anything else is a scenario. */
function kindOf(value: Record<string, unknown>): Kind {
  if ('design' in value || 'outcomes' in value) return 'sweep';
  if (['method', 'constraints', 'window', 'simulationStart', 'loss', 'uncertainty'].some((k) => k in value)) return 'calibration';
  return 'scenario';
}

/** Checks one file with the schema of its kind; the line printed for it, and the unsourced numbers of a scenario. */
function check(file: string): { ok: string; unsourced: string[] } {
  const kind = kindOf(readYamlFile(file).value);
  if (kind === 'sweep') {
    const sweep = loadSweepFile(file);
    const { spec } = sweep;
    const outcomes = Object.keys(spec.outcomes).length;
    return {
      ok: `sweep ${sweep.name}: ${spec.design} design of ${spec.parameters.length} parameters, ${outcomes} outcome${outcomes === 1 ? '' : 's'}, ${sweep.build.start}..${sweep.build.end}; base scenario ${sweep.scenarioFile}`,
      unsourced: [],
    };
  }
  if (kind === 'calibration') {
    const setup = readCalibration(file);
    return {
      ok: `calibration ${setup.cal.name}: ${setup.space.names.length} free parameters, window ${setup.cal.window.start}..${setup.cal.window.end}, record ${setup.dataFiles.join(" + ")} (${setup.record.months.length} months); scenario ${setup.scenarioFile}`,
      unsourced: [],
    };
  }
  const loaded = loadScenario(file);
  const chain = loaded.resolved.chain;
  // a dated path that differs from what it extends before its own first date changes the past
  const past = chain.length > 1 ? changesToThePast(loaded, loadScenario(chain[1].file)) : [];
  return {
    ok: `scenario ${loaded.name}, ${loaded.input.calendar.weeks} weeks, hash ${loaded.hash}`,
    unsourced: [
      ...chain.flatMap((c) => unsourcedNumbers(c).map((u) => `${c.file}:${u.line}: ${u.path}: number without source, estimate, assumption or comment`)),
      ...past.map((p) => `${pastChangeText(p, chain[0].file, chain[1].file)}: restate the base's path before that date, or the scenario changes the past`),
    ],
  };
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check scenario, sweep and calibration files: schema, extends, data, time values, outcomes; warn about scenario numbers without a source')
    .argument('<files...>', 'scenario, sweep or calibration YAML files (the kind is told by the fields)')
    .option('--strict', 'treat numbers without a source or comment as errors')
    .action((files: string[], opts) => {
      let problems = 0;
      for (const file of files) {
        const { ok, unsourced } = check(file);
        for (const u of unsourced) console.error(`${opts.strict ? 'error' : 'warning'}: ${u}`);
        if (opts.strict) problems += unsourced.length;
        console.log(`ok: ${file} (${ok})`);
      }
      if (problems) process.exitCode = 2;
    });
}
