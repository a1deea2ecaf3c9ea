// Generated at build time by src/web/build.ts: the shipped scenarios and their data, as text.
declare module 'corridor:bundled-files' {
  /** scenario files offered as presets, e.g. scenarios/baseline.yaml, baseline first */
  export const presets: string[];
  /** every bundled file's text by its path from the project root */
  export const files: Record<string, string>;
}
