/**
 * The simulation controller (store/simulation.ts): one writer of each simulator's result, driven
 * by the simulator store and the backend preference, with a fake engine (a compute whose answers
 * the test releases one by one) and no frames.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimResult } from '../../src/store/simResult';
import {
  attachSimulation,
  DEBOUNCE_MS,
  FIRST_TRACE_BOUND_MS,
  retrySimulation,
  useSimulationStore,
  type SimRequest,
  type SimulationDeps,
} from '../../src/store/simulation';
import { useSimulatorStore } from '../../src/store/simulator';
import { usePrefs } from '../../src/store/prefs';
import { Channel, resetWindowChannel } from '../../src/store/channel';
import { joinSimSync, parseMessage, SIM_SYNC_VERSION, traceKey, type SimSyncMessage } from '../../src/store/simSync';
import { PRESETS } from '../../src/sim/settings';
import { encode } from '../../src/engine/transfer';
import { MemoryNetwork } from './memoryTransport';

interface Call {
  req: SimRequest;
  resolve: (r: SimResult) => void;
  reject: (e: unknown) => void;
}

function fakeEngine() {
  const calls: Call[] = [];
  const deps: SimulationDeps = {
    compute: (req) =>
      new Promise<SimResult>((resolve, reject) => {
        calls.push({ req, resolve, reject });
      }),
    settle: () => Promise.resolve(),
  };
  return { calls, deps };
}

/** a result standing for the trace of `req` (the controller only passes it on) */
const resultFor = (req: SimRequest): SimResult =>
  ({
    spec: { T: 1 },
    trace: { h: [[0]], outputs: [[1]], y: [[1]], loss: [0], dCdh: [[[1]]], gates: {}, backend: 'cpu' },
    ms: 1,
    sigma: 1,
    settings: req.settings,
    key: req.key,
  }) as unknown as SimResult;

const entry = (id: string) => useSimulationStore.getState().byId[id];
const flush = () => new Promise<void>((r) => setTimeout(r, 0));

let n = 0;
let id = '';
beforeEach(() => {
  id = `ctl-${++n}`;
  useSimulatorStore.getState().ensure(id, 'vanilla-cell');
  usePrefs.getState().setBackend('auto');
});
afterEach(() => vi.useRealTimers());

describe('simulation controller', () => {
  it('computes the stored settings on attach and writes one result to the store', async () => {
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    expect(entry(id)).toMatchObject({ result: null, computing: true, error: null, count: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0].req.settings).toEqual(useSimulatorStore.getState().instances[id].settings);
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    expect(entry(id)).toMatchObject({ computing: false, error: null, stale: false, count: 1 });
    expect(entry(id).result?.settings).toEqual(calls[0].req.settings);
    detach();
    expect(entry(id)).toBeUndefined();
  });

  it('debounces a drag: changes within the debounce run once, with the newest settings', async () => {
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    const store = useSimulatorStore.getState();
    store.setSettings(id, { units: 2 });
    await Promise.resolve();
    expect(entry(id).computing).toBe(true);
    store.setSettings(id, { units: 4 });
    store.setSettings(id, { units: 5 });
    expect(calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
    expect(calls).toHaveLength(2);
    expect(calls[1].req.settings.units).toBe(5);
    calls[1].resolve(resultFor(calls[1].req));
    await flush();
    expect(entry(id)).toMatchObject({ computing: false, count: 2 });
    expect(entry(id).result?.settings.units).toBe(5);
    detach();
  });

  it('a lone change (a key press on a slider) runs at once; the changes right after it wait for the window', async () => {
    // the clock is the test's: the debounce window is measured with performance.now()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    calls[0].resolve(resultFor(calls[0].req));
    await tick();
    await tick(DEBOUNCE_MS + 10); // a quiet spell
    const store = useSimulatorStore.getState();
    store.setSettings(id, { units: 2 });
    await tick(); // no time passes
    expect(calls).toHaveLength(2); // no debounce
    expect(calls[1].req.settings.units).toBe(2);
    calls[1].resolve(resultFor(calls[1].req));
    await tick();
    expect(entry(id).result?.settings.units).toBe(2);
    // a drag goes on: within the window of the last run, one more run with the newest settings
    await tick(DEBOUNCE_MS / 2);
    store.setSettings(id, { units: 4 });
    store.setSettings(id, { units: 5 });
    await tick();
    expect(calls).toHaveLength(2);
    await tick(DEBOUNCE_MS / 2 - 1);
    expect(calls).toHaveLength(2); // the window is not over yet
    await tick(1);
    expect(calls).toHaveLength(3);
    expect(calls[2].req.settings.units).toBe(5);
    detach();
  });

  it('drops a superseded run: only the newest settings reach the screen', async () => {
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    useSimulatorStore.getState().setSettings(id, { units: 6 });
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
    // the second request waits for the first (LatestOnly): release the first, then the second runs
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    await flush();
    expect(calls).toHaveLength(2);
    expect(entry(id).result).toBeNull();
    calls[1].resolve(resultFor(calls[1].req));
    await flush();
    expect(entry(id).result?.settings.units).toBe(6);
    expect(entry(id).count).toBe(1);
    detach();
  });

  it('an error keeps the last good trace, marked stale; retry computes again and clears it', async () => {
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    useSimulatorStore.getState().setSettings(id, { units: 7 });
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
    calls[1].reject(new Error('engine fell over'));
    await flush();
    expect(entry(id)).toMatchObject({ computing: false, error: 'engine fell over', stale: true, count: 1 });
    expect(entry(id).result?.settings.units).not.toBe(7);
    retrySimulation(id);
    expect(entry(id)).toMatchObject({ error: null, computing: true, stale: false });
    await flush();
    expect(calls).toHaveLength(3);
    expect(calls[2].req.settings.units).toBe(7);
    calls[2].resolve(resultFor(calls[2].req));
    await flush();
    expect(entry(id)).toMatchObject({ error: null, stale: false, count: 2 });
    detach();
  });

  it('a new backend preference recomputes; an unrelated preference does not', async () => {
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    usePrefs.setState({ ...usePrefs.getState() }); // a write that changes nothing the trace depends on
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
    expect(calls).toHaveLength(1);
    usePrefs.getState().setBackend('cpu');
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
    expect(calls).toHaveLength(2);
    detach();
  });

  it('views share one controller; the entry goes with the last view, and a late answer is not written', async () => {
    const { calls, deps } = fakeEngine();
    const a = attachSimulation(id, deps);
    const b = attachSimulation(id, deps);
    expect(calls).toHaveLength(1);
    a();
    a(); // detaching twice counts once
    expect(entry(id)).toBeDefined();
    b();
    expect(entry(id)).toBeUndefined();
    calls[0].resolve(resultFor(calls[0].req));
    await flush();
    expect(entry(id)).toBeUndefined();
    // attached again: a fresh pipeline computes again
    const c = attachSimulation(id, deps);
    expect(calls).toHaveLength(2);
    c();
  });

  it('Loading… is bounded: no first trace within the bound is an error with a way out', async () => {
    vi.useFakeTimers();
    const { calls, deps } = fakeEngine();
    const detach = attachSimulation(id, deps);
    vi.advanceTimersByTime(FIRST_TRACE_BOUND_MS - 1);
    expect(entry(id).error).toBeNull();
    vi.advanceTimersByTime(2);
    expect(entry(id)).toMatchObject({ computing: false, result: null, stale: false });
    expect(entry(id).error).toMatch(/did not arrive within 40 s/);
    // the hung request is abandoned: the retry runs at once, and the hung answer, if it ever
    // comes, is not shown
    retrySimulation(id);
    expect(calls).toHaveLength(2);
    calls[0].resolve({ ...resultFor(calls[0].req), ms: 999 });
    calls[1].resolve(resultFor(calls[1].req));
    await vi.runOnlyPendingTimersAsync();
    expect(entry(id)).toMatchObject({ error: null, count: 1 });
    expect(entry(id).result?.ms).toBe(1);
    // a first trace that came in time leaves the bound nothing to say
    vi.advanceTimersByTime(FIRST_TRACE_BOUND_MS * 2);
    expect(entry(id).error).toBeNull();
    detach();
  });

  it('presenting: settings from another window show that window’s trace, not one computed here', async () => {
    vi.stubGlobal('window', new EventTarget());
    const net = new MemoryNetwork();
    resetWindowChannel(net.factory());
    const leave = joinSimSync();
    try {
      const sid = 'bptt';
      useSimulatorStore.setState({ instances: {}, trained: {} });
      useSimulatorStore.getState().ensure(sid, 'bptt');
      const { calls, deps } = fakeEngine();
      const detach = attachSimulation(sid, deps);
      calls[0].resolve(resultFor(calls[0].req));
      await flush();
      // the other window: a state with new settings, then (later) its trace for them
      const other = new Channel({ transport: net.factory(), id: 'wa' });
      const topic = other.join<SimSyncMessage>({ app: 'unrolled-sim', version: SIM_SYNC_VERSION, parse: parseMessage, onMessage: () => undefined });
      net.flush();
      const settings = { ...PRESETS.bptt.settings, units: 2 };
      topic.send({
        kind: 'state',
        id: sid,
        clock: { n: 90, from: 'wa' },
        inst: { preset: sid, settings, playback: PRESETS.bptt.playback },
        trained: null,
      });
      net.flush();
      await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 20));
      expect(useSimulatorStore.getState().instances[sid].settings.units).toBe(2);
      expect(calls).toHaveLength(1); // not computed here
      expect(useSimulationStore.getState().byId[sid].computing).toBe(true);
      const key = traceKey(useSimulatorStore.getState().instances[sid].settings, null);
      const theirs = { ...resultFor({ settings, trained: null, key }), ms: 77 };
      topic.send({ kind: 'trace', id: sid, key, result: encode(theirs).message, packed: true });
      net.flush();
      expect(useSimulationStore.getState().byId[sid]).toMatchObject({ computing: false, count: 2 });
      expect(useSimulationStore.getState().byId[sid].result?.ms).toBe(77);
      expect(calls).toHaveLength(1);
      detach();
      topic.leave();
    } finally {
      leave();
      vi.unstubAllGlobals();
    }
  });
});
