/**
 * The contract between bench/run.mjs and a benchmark page: the page sets
 * `window.__benchmark = { run(options) }` once it has loaded; run.mjs calls run() and prints the
 * returned table. Add a page by writing bench/<name>.html + its script and listing it in run.mjs.
 */
export interface BenchTable {
  title: string;
  /** column headers, in order */
  columns: string[];
  /** one row per measurement: column header → cell text or number */
  rows: Record<string, string | number>[];
  /** lines printed under the table (rep counts, caveats) */
  notes: string[];
  /** problems that must fail the run, e.g. a backend other than the one requested actually ran */
  failures: string[];
}

export interface BenchPage {
  run(options: { quick?: boolean }): Promise<BenchTable>;
  /** the training page's opt-in soak (`node bench/run.mjs training --soak`) */
  soakStart?(): void;
  soakSample?(): {
    races: number;
    step: number;
    totalSteps: number;
    status: string;
    error: string | null;
    numTensors: number | null;
    numBytes: number | null;
  };
  soakStop?(): void;
}

declare global {
  interface Window {
    __benchmark?: BenchPage;
  }
}
