import { useEngineStatus } from '../store/engineStatus';

type EngineModule = typeof import('../engine/index');

let enginePromise: Promise<EngineModule> | null = null;

/**
 * The engine (and tfjs, ~270 KB gzip) is loaded with import() so lesson text paints first.
 * Every caller shares one load.
 */
export function loadEngine(): Promise<EngineModule> {
  if (!enginePromise) {
    useEngineStatus.getState().setStatus({ status: 'loading' });
    enginePromise = import('../engine/index').catch((err) => {
      enginePromise = null;
      useEngineStatus.getState().setStatus({ status: 'error', error: String(err?.message ?? err) });
      throw err;
    });
  }
  return enginePromise;
}

/** Runs simulate() and records which backend ran and how long it took, for the status badge. */
export async function simulateAndReport(spec: Parameters<EngineModule['simulate']>[0]) {
  const engine = await loadEngine();
  const t0 = performance.now();
  const trace = await engine.simulate(spec);
  const ms = performance.now() - t0;
  const info = engine.getBackendInfo();
  useEngineStatus.getState().setStatus({
    status: 'ready',
    backend: trace.backend,
    fallbackReason: info.fallbackReason ?? null,
    lastMs: ms,
    error: null,
  });
  return { trace, ms };
}

/**
 * A tiny LSTM trace once the page is idle: it picks the backend (WebGL, or CPU with a reason) and
 * compiles the WebGL shaders before a student reaches a simulator, so the first one responds fast.
 */
export function warmUpEngineWhenIdle() {
  const run = () => {
    simulateAndReport({
      cell: 'lstm',
      units: 2,
      inputs: [[0.5], [-0.25], [1]],
      weights: {
        kernel: [[0.1, -0.2, 0.3, 0.4, 0.2, 0.1, -0.1, 0.3]],
        recurrentKernel: [
          [0.2, 0.1, -0.3, 0.1, 0.0, 0.2, 0.1, -0.1],
          [-0.1, 0.3, 0.2, 0.0, 0.1, -0.2, 0.3, 0.2],
        ],
        bias: [0, 0, 0, 0, 0, 0, 0, 0],
      },
      targets: [[0, 0], [0.1, 0.1], [0.2, 0.2]],
    }).catch((err) => {
      useEngineStatus.getState().setStatus({ status: 'error', error: String(err?.message ?? err) });
    });
  };
  const ric = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void })
    .requestIdleCallback;
  if (ric) ric(run, { timeout: 1500 });
  else setTimeout(run, 300);
}
