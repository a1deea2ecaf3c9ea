// A calibration file read with everything it names: the observed record, the scenario it fits
// and where the fitted values go (shared by `corridor calibrate`, `validate-fit` and `backtest`).
import { dirname, relative, resolve } from 'node:path';
import { freeSpace, validateCalibration } from '../analysis/calibrationFile.ts';
import type { CalibrationFile, FreeSpace } from '../analysis/calibrationFile.ts';
import { readDarienCsv } from '../data/darien.ts';
import type { DarienTarget } from '../analysis/calibrationLoss.ts';
import { readEncounterRecord, sliceRecord } from '../data/encounterRecord.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import { OPTIONS_FILE } from '../scenario/build.ts';
import type { BuildOptions } from '../scenario/build.ts';
import { InputError, UnreadableFile } from '../scenario/errors.ts';
import { readTextFile } from '../scenario/files.ts';
import { DATA_FILE_BYTES, INPUT_FILE_BYTES } from '../scenario/limits.ts';
import { loadScenario, readYamlFile } from '../scenario/load.ts';
import { lineOf } from '../scenario/yaml.ts';

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
  /** Panama's Darién counts as the distance reads them (the calibration file's `darien`), and the file they came from */
  darien?: DarienTarget & { file: string };
  space: FreeSpace;
}

/** The calibration's fields that it passes to the runs as build options. */
const OPTION_FIELDS: Record<string, string[]> = { start: ['window', 'start'], warmStart: ['simulationStart'], end: ['window', 'end'], scale: ['scale'] };

/**
 * Reads a calibration file, its record, the scenario it fits (built as the calibration will build
 * it) and the scenario file the fitted values go into; errors name file, line and field.
 * `windowEnd` cuts the window (a backtest's refit sees the record only up to its origin).
 */
export function readCalibration(file: string, windowEnd?: string): CalibrationSetup {
  const parsed = readYamlFile(file);
  const cal = validateCalibration(parsed);
  const fail = (path: (string | number)[], expected: string): never => {
    throw new InputError(parsed.file, path, expected, lineOf(parsed, path));
  };
  const at = (p: string) => relative(process.cwd(), resolve(dirname(file), p)) || '.';
  const read = (path: (string | number)[], what: string, name: string, maxBytes: number): string => {
    try {
      return readTextFile(name, maxBytes);
    } catch (e) {
      if (e instanceof UnreadableFile) fail(path, `cannot read ${what} ${name} (${e.reason})`);
      throw e;
    }
  };
  const sources = cal.data.map((d, i) => {
    const path = at(d.file);
    return { file: path, text: read(['data', i, 'file'], 'the data file', path, DATA_FILE_BYTES), column: d.column, measure: d.measure };
  });
  const scenarioFile = at(cal.scenario);
  read(['scenario'], 'the scenario', scenarioFile, INPUT_FILE_BYTES);
  const outputScenario = at(cal.output.scenario);
  read(['output', 'scenario'], 'the scenario file that receives the fitted values', outputScenario, INPUT_FILE_BYTES);
  const fullRecord = readEncounterRecord(sources);
  const darienSpec = cal.darien;
  let darien: CalibrationSetup['darien'];
  if (darienSpec) {
    const path = at(darienSpec.file);
    const series = Object.entries(darienSpec.series).map(([origin, nationality]) => ({ origin, nationality }));
    darien = { file: path, counts: readDarienCsv(read(['darien', 'file'], 'the Darién file', path, DATA_FILE_BYTES), path), series, weight: darienSpec.weight, offset: darienSpec.offset };
    for (const group of Object.values(darienSpec.series))
      if (!darien.counts.byNationality.has(group)) fail(['darien', 'series'], `expected nationality groups of ${path} (${[...darien.counts.byNationality.keys()].join(', ')}); found ${group}`);
  }
  const window = { start: cal.window.start, end: windowEnd ?? cal.window.end };
  let record: EncounterRecord;
  try {
    record = sliceRecord(fullRecord, window.start, window.end);
  } catch (e) {
    fail(['window'], (e as Error).message);
  }
  const setup: CalibrationSetup = {
    file, text: parsed.text, cal: { ...cal, window }, scenarioFile, dataFiles: sources.map((s) => s.file),
    outputScenario, outputPosterior: at(cal.output.posterior),
    record: record!, fullRecord, darien, space: freeSpace(cal),
  };
  try {
    loadScenario(scenarioFile, calibrationBuild(setup, {}));
  } catch (e) {
    if (e instanceof InputError && e.file === OPTIONS_FILE) fail(OPTION_FIELDS[String(e.fieldPath[0])] ?? [], e.expected);
    throw e;
  }
  return setup;
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
