// Types of bench/common.mjs for the TypeScript benches (bench/engine-node.ts).
import type { ChildProcess } from 'node:child_process';

/** `--key=value` and `--flag` (as 'true') from the command line, as an object. */
export function cliArgs(argv?: string[]): Record<string, string>;
/** The median of a list of numbers (NaN for none). */
export function median(xs: number[]): number;
/** Serves a build from `base` on `port`; resolves once it listens. */
export function serveDist(o: { dir: string; base: string; port: number; gzip?: boolean }): Promise<ChildProcess>;
