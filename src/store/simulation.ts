/**
 * Each simulator instance's result (its trace, whether it is computing, its error, whether what is
 * shown is stale), in one store, written by one controller per instance. Views read it
 * (views/sim/useSimulation.ts) and attach while they are on the page; they compute nothing.
 *
 * The controller is the recompute pipeline: a settings change (the simulator store), new trained
 * weights or a new backend preference builds a spec and runs simulate() once, through the
 * engine's worker (engineClient's simulateAndReport, which also updates the toolbar badge).
 * Slider drags are debounced a little (a lone change runs at once); a run superseded by a newer
 * one is dropped (LatestOnly); while a run is under way, and after an error, the last good trace
 * stays on screen. The next run waits until the last trace has been painted (bounded, for hidden
 * tabs). Playback never comes
 * through here. While presenting, a change that came from the other window is shown with that
 * window's trace instead of being computed twice (simSync). "Loading…" is bounded: no first trace
 * within FIRST_TRACE_BOUND_MS is an error with a way out (retry).
 */
import { create } from 'zustand';
import { initReadout, initWeights, spectralNorm } from '../engine/init';
import { buildSpec } from '../sim/buildSpec';
import { LatestOnly } from '../sim/latestOnly';
import type { SimSettings } from '../sim/settings';
import { simulateAndReport } from './engineClient';
import { afterPaint } from './frames';
import { usePrefs } from './prefs';
import type { SimResult } from './simResult';
import { useSimulatorStore, type TrainedOverride } from './simulator';
import { simSync, traceKey } from './simSync';
import { countRequest, reportSpec } from './testHooks';

export interface SimulationEntry {
  result: SimResult | null;
  computing: boolean;
  /** the engine (or spec building) failed for the newest settings; the last good trace stays */
  error: string | null;
  /** the trace shown is not the one the settings ask for (an error after a good trace) */
  stale: boolean;
  /** how many results have been shown (for tests and the benchmark) */
  count: number;
}

export const LOADING: SimulationEntry = Object.freeze({ result: null, computing: true, error: null, stale: false, count: 0 });

/**
 * Changes closer together than this (a slider drag) are computed once, with the newest settings,
 * this long after the last run began; a change after a quiet spell (a key press on a slider, a
 * click) runs at once: a keyboard notch does not wait for a debounce (issue 25).
 */
export const DEBOUNCE_MS = 40;
/** the longest a run waits for the previous trace to be painted (a hidden tab has no frames) */
export const SETTLE_MAX_MS = 100;
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

export const useSimulationStore = create<{ byId: Record<string, SimulationEntry> }>()(() => ({ byId: {} }));

function update(id: string, fn: (e: SimulationEntry) => SimulationEntry): void {
  useSimulationStore.setState((s) => {
    const next = fn(s.byId[id] ?? LOADING);
    return { byId: { ...s.byId, [id]: { ...next, stale: !!(next.error && next.result) } } };
  });
}

/** What a run needs: the settings, the lab's weights (while they match the settings) and their sync key. */
export interface SimRequest {
  settings: SimSettings;
  trained: TrainedOverride | null;
  /** traceKey(settings, trained): what a presenter/audience window pairs the trace with */
  key: string;
}

/** Builds the spec here (plain JS, no tfjs) and has the engine (in its worker) compute the trace. */
async function computeInWorker({ settings, trained, key }: SimRequest): Promise<SimResult> {
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

/** What the controller is built from (the unit tests give a fake engine and no frames). */
export interface SimulationDeps {
  compute: (req: SimRequest) => Promise<SimResult>;
  settle: () => Promise<void>;
}

const defaultDeps: SimulationDeps = {
  compute: computeInWorker,
  // the next run waits until this trace has been painted, the hero in one frame and the deferred
  // detail views (SimulatorShell's useDeferredValue) in the next (bounded for hidden tabs): during
  // a drag, a trace's drawing and the next request's work never share a task
  settle: () => afterPaint(SETTLE_MAX_MS, 2),
};

/** One instance's pipeline, alive while at least one view of it is attached. */
class Controller {
  users = 0;
  private runner: LatestOnly<SimRequest, SimResult> | null = null;
  private lastKey: string | null = null;
  private lastTrained: TrainedOverride | null = null;
  private lastPref: string | null = null;
  private attempt = 0;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** when the last run was asked for (performance.now()): the debounce window starts there */
  private lastRunAt = -Infinity;
  private bound: ReturnType<typeof setTimeout> | undefined;
  private remote: (() => void) | null = null;
  private unsubs: (() => void)[] = [];
  private queued = false;
  private stopped = false;

  constructor(
    private readonly id: string,
    private readonly deps: SimulationDeps,
  ) {}

  start(): void {
    update(this.id, () => LOADING);
    this.unsubs.push(useSimulatorStore.subscribe(() => this.later()));
    this.unsubs.push(usePrefs.subscribe(() => this.later()));
    this.armBound();
    this.check(true);
  }

  /**
   * A store changed: looked at once the change is complete (a microtask later), as a view's effect
   * would after the commit. Whoever made the change has finished with it by then: simSync, which
   * loads another window's settings and then notes that their trace will come from that window.
   */
  private later(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.stopped) this.check();
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubs.forEach((u) => u());
    this.unsubs = [];
    clearTimeout(this.debounce);
    clearTimeout(this.bound);
    this.remote?.();
    this.remote = null;
    this.runner?.dispose();
    this.runner = null;
    useSimulationStore.setState((s) => {
      const byId = { ...s.byId };
      delete byId[this.id];
      return { byId };
    });
  }

  /** computes the current settings again (the way out of an error) */
  retry(): void {
    update(this.id, (e) => ({ ...e, error: null, computing: true }));
    // a request that never answered is abandoned (its answer, if it comes, is not shown)
    this.runner?.dispose();
    this.runner = null;
    this.attempt++;
    this.armBound();
    this.check(true, true);
  }

  /** Loading… is bounded: no first trace by then is an error with a way out. */
  private armBound(): void {
    clearTimeout(this.bound);
    this.bound = setTimeout(
      () =>
        update(this.id, (e) =>
          e.result === null && e.error === null
            ? { ...e, computing: false, error: `The first trace did not arrive within ${FIRST_TRACE_BOUND_MS / 1000} s.` }
            : e,
        ),
      FIRST_TRACE_BOUND_MS,
    );
  }

  private makeRunner(): LatestOnly<SimRequest, SimResult> {
    return new LatestOnly<SimRequest, SimResult>(
      this.deps.compute,
      {
        result: (result) => {
          this.show(result);
          // presenting: the other window shows this trace without computing it again
          if (result.key) simSync()?.publish(this.id, result.key, result);
        },
        error: (err) => update(this.id, (e) => ({ ...e, computing: false, error: messageOf(err) })),
      },
      this.deps.settle,
    );
  }

  private show(result: SimResult): void {
    reportSpec(this.id, result.spec, result.trace);
    update(this.id, (e) => ({ result, computing: false, error: null, stale: false, count: e.count + 1 }));
  }

  /** A change in the stores: runs when what the trace depends on has changed (or `force`). */
  private check(first = false, force = false): void {
    const settings = useSimulatorStore.getState().instances[this.id]?.settings;
    if (!settings) return;
    const key = JSON.stringify(settings);
    const trained = useSimulatorStore.getState().trained[this.id] ?? null;
    const pref = usePrefs.getState().backend;
    if (!force && key === this.lastKey && trained === this.lastTrained && pref === this.lastPref) return;
    const firstRun = this.lastKey === null;
    this.lastKey = key;
    this.lastTrained = trained;
    this.lastPref = pref;
    // new settings read as computing at once (a no-op while already so)
    update(this.id, (e) => (e.computing ? e : { ...e, computing: true }));
    clearTimeout(this.debounce);
    this.remote?.();
    this.remote = null;
    const snapshot = JSON.parse(key) as SimSettings;
    const request: SimRequest = { settings: snapshot, trained, key: traceKey(snapshot, trained) };
    const run = () => {
      this.lastRunAt = performance.now();
      this.runner ??= this.makeRunner();
      this.runner.request(request);
    };
    const sync = simSync();
    if (sync?.expectsRemote(this.id, request.key)) {
      // The change came from the other window, which computes the trace and sends it: show that
      // one. A run of ours still under way is for older settings: drop it.
      this.runner?.dispose();
      this.runner = null;
      const have = sync.received(this.id, request.key);
      if (have) {
        this.show(have);
        return;
      }
      const off = sync.onTrace((tid, tkey, result) => {
        if (tid !== this.id || tkey !== request.key) return;
        cancel();
        if (result) this.show(result);
        else run();
      });
      // the other window closed (or cannot compute): compute here after all
      const fallback = setTimeout(() => {
        cancel();
        run();
      }, REMOTE_TRACE_WAIT_MS);
      const cancel = () => {
        off();
        clearTimeout(fallback);
        if (this.remote === cancel) this.remote = null;
      };
      this.remote = cancel;
      return;
    }
    const wait = this.lastRunAt + DEBOUNCE_MS - performance.now();
    if (first || firstRun || force || wait <= 0) run();
    else this.debounce = setTimeout(run, wait);
  }
}

const controllers = new Map<string, Controller>();

/**
 * A view of simulator `id` is on the page: its trace is kept up to date in useSimulationStore
 * until the last view of it detaches (call the returned function), when its entry is dropped.
 */
export function attachSimulation(id: string, deps: SimulationDeps = defaultDeps): () => void {
  let c = controllers.get(id);
  if (!c) {
    c = new Controller(id, deps);
    controllers.set(id, c);
    c.users++;
    c.start();
  } else c.users++;
  const mine = c;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    mine.users--;
    if (mine.users > 0 || controllers.get(id) !== mine) return;
    controllers.delete(id);
    mine.stop();
  };
}

/** Computes simulator `id`'s current settings again (after an error). */
export function retrySimulation(id: string): void {
  controllers.get(id)?.retry();
}
