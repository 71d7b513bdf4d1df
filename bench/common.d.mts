// Types of bench/common.mjs for the TypeScript benches (bench/engine-node.ts).
import type { ChildProcess } from 'node:child_process';

/** `--key=value` and `--flag` (as 'true') from the command line, as an object. */
export function cliArgs(argv?: string[]): Record<string, string>;
/** The median of a list of numbers (NaN for none). */
export function median(xs: number[]): number;
/** Serves a build from `base` on `port`; resolves once it listens. */
export function serveDist(o: { dir: string; base: string; port: number; gzip?: boolean }): Promise<ChildProcess>;
/** The production build a bench measures: `--dist` when given, else a fresh vite build into a temporary folder. */
export function buildDist(args: Record<string, string>, name: string, extra?: string[]): string;
/** Prints rows as a Markdown table under `## title`, then the notes as a list. */
export function printTable(t: { title: string; columns?: string[]; rows: Record<string, unknown>[]; notes?: string[] }): void;
