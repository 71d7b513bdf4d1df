/**
 * The recompute pipeline: a settings change builds a spec and runs simulate() once, through the
 * app's simulateAndReport (the engine's worker; it also updates the toolbar badge). Slider drags are debounced a
 * little; a run superseded by a newer one is dropped; while a run is under way, and after an
 * error, the last good trace stays on screen. Playback never comes through here.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { simulateAndReport } from '../../store/engineClient';
import { initReadout, initWeights, spectralNorm } from '../../engine/init';
import { useEngineStatus } from '../../store/engineStatus';
import { usePrefs } from '../../store/prefs';
import { buildSpec } from '../../sim/buildSpec';
import { LatestOnly } from '../../sim/latestOnly';
import { afterPaint } from '../kit/frames';
import type { SimSettings } from '../../sim/settings';
import { countRequest, reportSpec } from '../../store/testHooks';
import { useSimulatorStore, type TrainedOverride } from '../../store/simulator';
import { simSync, traceKey } from '../../store/simSync';
import type { SimResult } from '../../store/simResult';

export type { SimResult };

export interface SimulationState {
  result: SimResult | null;
  computing: boolean;
  /** the engine (or spec building) failed for the newest settings; the last good trace stays */
  error: string | null;
  /** how many results have been shown (for tests and the benchmark) */
  count: number;
  backend: string | null;
  fallbackReason: string | null;
  /** "WebGL was lost; computing on the CPU" while that is so */
  notice: string | null;
  /** computes the current settings again (the way out of an error) */
  retry: () => void;
}

export const DEBOUNCE_MS = 40;
/** the longest a run waits for the previous trace to be painted (a hidden tab has no frames) */
export const SETTLE_MAX_MS = 100;

/** Builds the spec here (plain JS, no tfjs) and has the engine (in its worker) compute the trace. */
interface Request {
  settings: SimSettings;
  /** weights from the training lab, used while they match the settings' cell and units */
  trained: TrainedOverride | null;
  /** traceKey(settings, trained): what a presenter/audience window pairs the trace with */
  key: string;
}

/**
 * How long a window whose settings came from another window waits for that window's trace before
 * computing its own (it computes at once when that window closes; this bound is for one that hangs).
 */
export const REMOTE_TRACE_WAIT_MS = 20_000;

/**
 * The longest a simulator shows "Loading…" before it says the first trace has not come and offers
 * a way out (the engine answers every request within its own 30 s bound; this one also covers a
 * request that was never made).
 */
export const FIRST_TRACE_BOUND_MS = 40_000;

async function compute({ settings, trained, key }: Request): Promise<SimResult> {
  countRequest();
  const spec = buildSpec(settings, { initWeights, initReadout }, trained);
  const { trace, ms } = await simulateAndReport(spec);
  const sigma = spectralNorm(spec.weights.recurrentKernel);
  return { spec, trace, ms, sigma, settings, key };
}

function messageOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m || 'The simulation failed for an unknown reason.';
}

export function useSimulation(id: string, settings: SimSettings): SimulationState {
  const trained = useSimulatorStore((s) => s.trained[id]) ?? null;
  const key = JSON.stringify(settings);
  // bumped by retry(): the same settings are computed again
  const [attempt, setAttempt] = useState(0);

  const [state, setState] = useState<Omit<SimulationState, 'backend' | 'fallbackReason' | 'notice' | 'retry'>>({
    result: null,
    computing: true,
    error: null,
    count: 0,
  });
  const backend = useEngineStatus((s) => (s.status === 'ready' ? s.backend : null));
  const fallbackReason = useEngineStatus((s) => s.fallbackReason);
  const notice = useEngineStatus((s) => s.notice);
  // a new backend choice recomputes what is on screen
  const enginePref = usePrefs((s) => s.backend);

  const runner = useRef<LatestOnly<Request, SimResult> | null>(null);
  const makeRunner = () =>
    new LatestOnly<Request, SimResult>(
      compute,
      {
        result: (result: SimResult) => {
          reportSpec(id, result.spec, result.trace);
          setState((s) => ({ result, computing: false, error: null, count: s.count + 1 }));
          // presenting: the other window shows this trace without computing it again
          if (result.key) simSync()?.publish(id, result.key, result);
        },
        error: (err: unknown) => setState((s) => ({ ...s, computing: false, error: messageOf(err) })),
      },
      // the next run waits until this trace has been painted, the hero in one frame and the
      // deferred detail views (SimulatorShell's useDeferredValue) in the next (bounded for hidden
      // tabs): during a drag, a trace's drawing and the next request's work never share a task
      () => afterPaint(SETTLE_MAX_MS, 2),
    );
  // disposed on unmount (StrictMode's rehearsal unmount included: the next run makes a new one)
  useEffect(
    () => () => {
      runner.current?.dispose();
      runner.current = null;
    },
    [],
  );

  // Loading… is bounded: no first trace by then is an error with a way out (retry, or the lesson's settings)
  const waiting = state.result === null && state.error === null;
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(
      () =>
        setState((s) =>
          s.result === null && s.error === null
            ? { ...s, computing: false, error: `The first trace did not arrive within ${FIRST_TRACE_BOUND_MS / 1000} s.` }
            : s,
        ),
      FIRST_TRACE_BOUND_MS,
    );
    return () => window.clearTimeout(timer);
  }, [waiting, attempt]);

  const first = useRef(true);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- new settings read as computing from the commit that schedules their run (a no-op while already so)
    setState((s) => (s.computing ? s : { ...s, computing: true }));
    const delay = first.current ? 0 : DEBOUNCE_MS;
    first.current = false;
    const snapshot = JSON.parse(key) as SimSettings;
    const request = { settings: snapshot, trained, key: traceKey(snapshot, trained) };
    const run = () => {
      if (!runner.current) runner.current = makeRunner();
      runner.current.request(request);
    };
    const sync = simSync();
    if (sync?.expectsRemote(id, request.key)) {
      // The change came from the other window, which computes the trace and sends it: show that
      // one. A run of ours still under way is for older settings: drop it.
      runner.current?.dispose();
      runner.current = null;
      const show = (result: SimResult) => {
        reportSpec(id, result.spec, result.trace);
        setState((s) => ({ result, computing: false, error: null, count: s.count + 1 }));
      };
      const have = sync.received(id, request.key);
      if (have) {
        show(have);
        return;
      }
      const off = sync.onTrace((tid, tkey, result) => {
        if (tid !== id || tkey !== request.key) return;
        off();
        window.clearTimeout(fallback);
        if (result) show(result);
        else run();
      });
      // the other window closed (or cannot compute): compute here after all
      const fallback = window.setTimeout(() => {
        off();
        run();
      }, REMOTE_TRACE_WAIT_MS);
      return () => {
        off();
        window.clearTimeout(fallback);
      };
    }
    const timer = window.setTimeout(run, delay);
    return () => window.clearTimeout(timer);
  }, [key, enginePref, trained, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  const retry = useCallback(() => {
    setState((s) => ({ ...s, error: null, computing: true }));
    setAttempt((a) => a + 1);
  }, []);
  return { ...state, backend, fallbackReason, notice, retry };
}
