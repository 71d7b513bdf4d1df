/**
 * Auto's pick on a hardware GPU (see backend.ts): from one timed run of the current size on each
 * backend, the faster one, and why in a few words for the badge. Pure, for the unit tests. Also
 * auto's other reasons (before the renderer probe answers, on a software renderer).
 */
/** One timed run of the current size on each backend (after a warm-up run on each). */
export interface AutoTiming {
  cpuMs: number;
  webglMs: number;
  steps: number;
  units: number;
  /** what computed the CPU's timing (simulate.ts cpuPath); the reason names it */
  cpuPath?: CpuPath;
}

/** What computes a CPU run: the engine's plain typed-array loops, or tfjs' CPU or WebAssembly kernels. */
export type CpuPath = 'plain' | 'tfjs' | 'wasm';

/** The CPU path in a few words, for the badge and the simulators' status line. */
export const CPU_PATH_LABEL: Record<CpuPath, string> = { plain: 'plain JS', tfjs: 'tfjs kernels', wasm: 'tfjs WebAssembly' };

/** A backend and, on the CPU, the path that computed ("WebGL", "CPU · plain JS"), for the badge and the simulators' status line. */
export function backendLabel(backend: string | null, cpuPath?: string | null): string {
  if (backend === 'webgl') return 'WebGL';
  if (backend !== 'cpu') return backend ?? '?';
  const path = cpuPath ? (CPU_PATH_LABEL[cpuPath as CpuPath] ?? cpuPath) : null;
  return path ? `CPU · ${path}` : 'CPU';
}

/** "CPU (plain JS)": the CPU and the path it computes on (the browser's is always the plain one). */
const cpuName = (path: CpuPath = 'plain') => `CPU (${CPU_PATH_LABEL[path]})`;

export interface AutoPick {
  backend: 'cpu' | 'webgl';
  /** how many times faster the pick was (NaN when a timing failed) */
  ratio: number;
  reason: string;
}

/** The CPU must beat WebGL by this factor to be picked: within it, timing noise decides nothing. */
export const AUTO_CPU_MARGIN = 1.05;

function times(r: number): string {
  return r < 10 ? r.toFixed(1) : String(Math.round(r));
}

/**
 * Auto's pick on a hardware GPU, from one timed run of the current size on each backend: the
 * faster one. WebGL wins ties (the CPU must be AUTO_CPU_MARGIN times faster) and keeps the job
 * when a timing is missing or unusable. Pure, for the unit tests.
 */
export function decideAuto(t: AutoTiming): AutoPick {
  const at = `at T = ${t.steps}, ${t.units} unit${t.units === 1 ? '' : 's'}`;
  const usable = (x: number) => Number.isFinite(x) && x > 0;
  if (!usable(t.cpuMs) || !usable(t.webglMs)) return { backend: 'webgl', ratio: NaN, reason: `Auto: WebGL (timing both backends ${at} failed)` };
  if (t.cpuMs * AUTO_CPU_MARGIN < t.webglMs) {
    const ratio = t.webglMs / t.cpuMs;
    return { backend: 'cpu', ratio, reason: `Auto: ${cpuName(t.cpuPath)}, ${times(ratio)}× faster than WebGL ${at}` };
  }
  const ratio = t.cpuMs / t.webglMs;
  return ratio < AUTO_CPU_MARGIN
    ? { backend: 'webgl', ratio, reason: `Auto: WebGL, as fast as the ${cpuName(t.cpuPath)} ${at}` }
    : { backend: 'webgl', ratio, reason: `Auto: WebGL, ${times(ratio)}× faster than the ${cpuName(t.cpuPath)} ${at}` };
}

/** Auto before the worker's renderer probe has answered (backend.ts): the CPU computes meanwhile. */
export const INTERIM_AUTO_REASON = `Auto: ${cpuName()} while WebGL is checked`;
export const INTERIM_FALLBACK = 'auto’s check of WebGL was still running, and the CPU computes meanwhile';
/** Auto on a software WebGL renderer (SwiftShader, llvmpipe…). */
export const SOFTWARE_AUTO_REASON = `Auto: ${cpuName()}, WebGL here is a software renderer`;
/** An auto reason without its "Auto: CPU (…)" head ("WebGL here is a software renderer"), for the status line that names the CPU path itself. */
export const autoReasonTail = (reason: string) => reason.replace(/^Auto: CPU(?: \([^)]*\))?,?\s*/, '');
export const softwareReason = (renderer: string) =>
  `auto chose the CPU: the WebGL renderer is a software one (${renderer}), slower than the CPU backend`;
