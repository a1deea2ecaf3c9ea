// Writing fitted values into the calibrated scenario file (scenarios/calibrated.yaml) while
// keeping its structure: per-origin parameters as maps with a `calibrated:` provenance string,
// single parameters as `{ value, calibrated }`, other entries and comments left as they are.
// Pure: text in, text out.
import { isMap, isScalar, parseDocument } from 'yaml';

export interface FittedValue {
  /** 'baseHazard.MEX' or 'violenceElasticity' */
  name: string;
  value: number;
  /** how uncertain it is, for the provenance string, e.g. "90% [0.61, 0.83]" */
  uncertainty: string;
}

/** Four significant digits: more than the fit can tell apart, and stable in diffs. */
export function roundFitted(x: number): number {
  return Number(x.toPrecision(4));
}

export function updateCalibratedScenario(text: string, fitted: FittedValue[], provenance: string, header: string): string {
  const doc = parseDocument(text);
  if (!doc.has('parameters')) doc.set('parameters', doc.createNode({}));
  const byBase = new Map<string, FittedValue[]>();
  for (const f of fitted) {
    const base = f.name.split('.')[0];
    byBase.set(base, [...(byBase.get(base) ?? []), f]);
  }
  for (const [base, list] of byBase) {
    const path = ['parameters', base];
    const perOrigin = list.some((f) => f.name.includes('.'));
    if (perOrigin) {
      if (!isMap(doc.getIn(path, true))) doc.setIn(path, doc.createNode({}));
      const spread = list.map((f) => `${f.name.split('.')[1]} ${f.uncertainty}`).join(', ');
      doc.setIn([...path, 'calibrated'], `${provenance}; ${spread}`);
      for (const f of list) doc.setIn([...path, f.name.split('.')[1]], roundFitted(f.value));
    } else {
      const f = list[0];
      const node = doc.createNode({ value: roundFitted(f.value), calibrated: `${provenance}; ${f.uncertainty}` }, { flow: true });
      doc.setIn(path, node);
    }
  }
  // the old header may sit on the first entry rather than on the document: replace it, not add to it
  if (isMap(doc.contents)) {
    doc.contents.commentBefore = undefined;
    const first = doc.contents.items[0]?.key;
    if (isScalar(first)) first.commentBefore = undefined;
  }
  doc.commentBefore = header
    .split('\n')
    .map((l) => (l ? ` ${l}` : ''))
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}
