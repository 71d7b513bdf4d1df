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
}

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
    return { backend: 'cpu', ratio, reason: `Auto: CPU, ${times(ratio)}× faster than WebGL ${at}` };
  }
  const ratio = t.cpuMs / t.webglMs;
  return ratio < AUTO_CPU_MARGIN
    ? { backend: 'webgl', ratio, reason: `Auto: WebGL, as fast as the CPU ${at}` }
    : { backend: 'webgl', ratio, reason: `Auto: WebGL, ${times(ratio)}× faster than the CPU ${at}` };
}

/** Auto before the worker's renderer probe has answered (backend.ts): the CPU computes meanwhile. */
export const INTERIM_AUTO_REASON = 'Auto: CPU while WebGL is checked';
export const INTERIM_FALLBACK = 'auto’s check of WebGL was still running, and the CPU computes meanwhile';
/** Auto on a software WebGL renderer (SwiftShader, llvmpipe…). */
export const SOFTWARE_AUTO_REASON = 'Auto: CPU, WebGL here is a software renderer';
export const softwareReason = (renderer: string) =>
  `auto chose the CPU: the WebGL renderer is a software one (${renderer}), slower than the CPU backend`;
