// A calibration file read with everything it names: the observed data, the scenario it fits
// and where the fitted values go (shared by `corridor calibrate` and `corridor validate-fit`).
import { dirname, relative, resolve } from 'node:path';
import { freeSpace, validateCalibration } from '../analysis/calibrationFile.ts';
import type { CalibrationFile, FreeSpace } from '../analysis/calibrationFile.ts';
import { parseObserved } from '../analysis/calibrationLoss.ts';
import type { Observed } from '../analysis/calibrationLoss.ts';
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
  dataFile: string;
  outputScenario: string;
  outputPosterior: string;
  observed: Observed;
  space: FreeSpace;
}

/** The calibration's fields that it passes to the runs as build options. */
const OPTION_FIELDS: Record<string, string[]> = { start: ['simulationStart'], end: ['window', 'end'], scale: ['scale'] };

/**
 * Reads a calibration file, its data, the scenario it fits (built as the search will build it)
 * and the scenario file the fitted values go into; errors name file, line and field.
 */
export function readCalibration(file: string): CalibrationSetup {
  const parsed = readYamlFile(file);
  const cal = validateCalibration(parsed);
  const fail = (path: string[], expected: string): never => {
    throw new InputError(parsed.file, path, expected, lineOf(parsed, path));
  };
  const at = (p: string) => relative(process.cwd(), resolve(dirname(file), p)) || '.';
  const read = (path: string[], what: string, name: string, maxBytes: number): string => {
    try {
      return readTextFile(name, maxBytes);
    } catch (e) {
      if (e instanceof UnreadableFile) fail(path, `cannot read ${what} ${name} (${e.reason})`);
      throw e;
    }
  };
  const dataFile = at(cal.data);
  const dataText = read(['data'], 'the data file', dataFile, DATA_FILE_BYTES);
  const scenarioFile = at(cal.scenario);
  read(['scenario'], 'the scenario', scenarioFile, INPUT_FILE_BYTES);
  const outputScenario = at(cal.output.scenario);
  read(['output', 'scenario'], 'the scenario file that receives the fitted values', outputScenario, INPUT_FILE_BYTES);
  const setup: CalibrationSetup = {
    file, text: parsed.text, cal, scenarioFile, dataFile,
    outputScenario, outputPosterior: at(cal.output.posterior),
    observed: parseObserved(dataText, dataFile, cal.window), space: freeSpace(cal),
  };
  try {
    loadScenario(scenarioFile, calibrationBuild(setup, {}));
  } catch (e) {
    if (e instanceof InputError && e.file === OPTIONS_FILE) fail(OPTION_FIELDS[String(e.fieldPath[0])] ?? [], e.expected);
    throw e;
  }
  return setup;
}

/** The build options of the calibration's runs: its months, a scale, the given parameter values. */
export function calibrationBuild(setup: CalibrationSetup, overrides: Record<string, number>, scale = setup.cal.scale): BuildOptions {
  return { start: setup.cal.simulationStart, end: setup.cal.window.end, scale, parameterOverrides: overrides };
}

/** Month index of the first month simulated. */
export function firstMonthOf(setup: CalibrationSetup): number {
  const [y, m] = setup.cal.simulationStart.split('-').map(Number);
  return y * 12 + m - 1;
}
