// A calibration file read with everything it names: the observed record, the scenario it fits
// and where the fitted values go (shared by `corridor calibrate`, `validate-fit` and `backtest`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { freeSpace, validateCalibration } from '../analysis/calibrationFile.ts';
import type { CalibrationFile, FreeSpace } from '../analysis/calibrationFile.ts';
import { readEncounterRecord, sliceRecord } from '../data/encounterRecord.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { InputError } from '../scenario/errors.ts';
import { readYamlFile } from '../scenario/load.ts';

export interface CalibrationSetup {
  file: string;
  text: string;
  cal: CalibrationFile;
  scenarioFile: string;
  dataFiles: string[];
  outputScenario: string;
  outputPosterior: string;
  /** the record over the calibration window */
  record: EncounterRecord;
  /** the whole record the data files hold (a backtest scores forecasts against the months after its window) */
  fullRecord: EncounterRecord;
  space: FreeSpace;
}

/** Reads a calibration file, its data and the path of its scenario; errors name file, line and field. */
export function readCalibration(file: string, windowEnd?: string): CalibrationSetup {
  const parsed = readYamlFile(file);
  const cal = validateCalibration(parsed);
  const at = (p: string) => relative(process.cwd(), resolve(dirname(file), p)) || '.';
  const sources = cal.data.map((d, i) => {
    const path = at(d.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new InputError(file, ['data', i, 'file'], `cannot read the data file ${path}`);
    }
    return { file: path, text, column: d.column, measure: d.measure };
  });
  const scenarioFile = at(cal.scenario);
  if (!existsSync(scenarioFile)) throw new InputError(file, ['scenario'], `cannot read the scenario ${scenarioFile}`);
  const fullRecord = readEncounterRecord(sources);
  const window = { start: cal.window.start, end: windowEnd ?? cal.window.end };
  let record: EncounterRecord;
  try {
    record = sliceRecord(fullRecord, window.start, window.end);
  } catch (e) {
    throw new InputError(file, ['window'], (e as Error).message);
  }
  return {
    file, text: parsed.text, cal: { ...cal, window }, scenarioFile, dataFiles: sources.map((s) => s.file),
    outputScenario: at(cal.output.scenario), outputPosterior: at(cal.output.posterior),
    record, fullRecord, space: freeSpace(cal),
  };
}

/** The build options of the calibration's runs: its months (warm-up from simulationStart), a scale, the given parameter values. */
export function calibrationBuild(setup: CalibrationSetup, overrides: Record<string, number>, scale = setup.cal.scale, end = setup.cal.window.end, agentLimit?: number): BuildOptions {
  return { start: setup.cal.window.start, warmStart: setup.cal.simulationStart, end, scale, parameterOverrides: overrides, agentLimit };
}

/**
 * Most agents on the move a candidate may put in the corridor before its run is stopped and the
 * candidate rejected: 8 times the record's largest month, in agents. A prior draw that keeps many
 * times more people on the way than ever crossed in a month would be rejected anyway, and would
 * cost minutes.
 */
export function candidateAgentLimit(setup: CalibrationSetup): number {
  let top = 0;
  const nO = setup.record.encounters.length / setup.record.months.length;
  for (let m = 0; m < setup.record.months.length; m++) {
    let s = 0;
    for (let o = 0; o < nO; o++) s += setup.record.encounters[m * nO + o];
    if (s > top) top = s;
  }
  return Math.ceil((8 * top) / setup.cal.scale);
}

/** Month index of the first month the runs report (the window's first). */
export function firstMonthOf(setup: CalibrationSetup): number {
  return setup.record.firstMonth;
}
