/**
 * The simulator sync (store/simSync.ts) as an adapter over the channel: this process is one window
 * (the real adapter over the simulator store), the other windows are bare channels on the same
 * in-memory network speaking its messages. A joiner gets the state, newer states apply and older
 * ones do not, a tie is broken by window id, a change made here goes out, a leaving window hands
 * back the playback it drove, and a trace travels packed over a cloning transport.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Channel, resetWindowChannel, type Topic } from '../../src/store/channel';
import {
  joinSimSync,
  parseMessage,
  simSync,
  simSyncCounters,
  SIM_SYNC_VERSION,
  traceKey,
  useSimSyncStore,
  type SimSyncMessage,
} from '../../src/store/simSync';
import { useSimulatorStore } from '../../src/store/simulator';
import { PRESETS } from '../../src/sim/settings';
import { MemoryNetwork } from './memoryTransport';
import { encode } from '../../src/engine/transfer';

const ID = 'bptt';

/** another window: a channel of its own on the network, joined to the simulator topic */
function remote(net: MemoryNetwork, id: string) {
  const ch = new Channel({ transport: net.factory(), id });
  const got: SimSyncMessage[] = [];
  const raw: Record<string, unknown>[] = [];
  const topic: Topic = ch.join<SimSyncMessage>({
    app: 'unrolled-sim',
    version: SIM_SYNC_VERSION,
    parse: parseMessage,
    onMessage: (m, r) => {
      got.push(m);
      raw.push(r);
    },
  });
  const inst = (patch: Record<string, unknown> = {}, playback: Record<string, unknown> = {}) => ({
    preset: ID,
    settings: { ...PRESETS.bptt.settings, ...patch },
    playback: { ...PRESETS.bptt.playback, ...playback },
  });
  const state = (clock: { n: number; from: string }, patch: Record<string, unknown> = {}, playback: Record<string, unknown> = {}) =>
    topic.send({ kind: 'state', id: ID, clock, inst: inst(patch, playback), trained: null });
  return { ch, topic, got, raw, state };
}

const units = () => useSimulatorStore.getState().instances[ID].settings.units;

let leave: (() => void) | null = null;
beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  useSimulatorStore.setState({ instances: {}, trained: {} });
  useSimulatorStore.getState().ensure(ID, 'bptt');
});
afterEach(() => {
  leave?.();
  leave = null;
  vi.unstubAllGlobals();
});

function start(net: MemoryNetwork) {
  resetWindowChannel(net.factory());
  leave = joinSimSync();
}

describe('simulator sync over the channel', () => {
  it('greets a joiner with what this window shows', () => {
    const net = new MemoryNetwork();
    start(net);
    const r = remote(net, 'wr');
    net.flush();
    const s = r.got.find((m) => m.kind === 'state');
    expect(s).toMatchObject({ kind: 'state', id: ID, clock: { n: 0 } });
    expect((s as Extract<SimSyncMessage, { kind: 'state' }>).inst.settings.units).toBe(units());
  });

  it('applies a newer state, ignores an older one and breaks a tie by window id', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = remote(net, 'wa');
    const b = remote(net, 'wb');
    net.flush();
    a.state({ n: 5, from: 'wa' }, { units: 5 });
    net.flush();
    expect(units()).toBe(5);
    a.state({ n: 4, from: 'wa' }, { units: 4 }); // stale
    net.flush();
    expect(units()).toBe(5);
    b.state({ n: 5, from: 'wb' }, { units: 6 }); // the same time, a greater id: it wins
    a.state({ n: 5, from: 'wa' }, { units: 7 }); // a repeat of the loser: not applied
    net.flush();
    expect(units()).toBe(6);
    expect(simSyncCounters().ignored).toBeGreaterThanOrEqual(2);
  });

  it('sends a change made here with a stamp newer than every state it has seen', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = remote(net, 'wa');
    net.flush();
    a.state({ n: 40, from: 'wa' }, { units: 5 });
    net.flush();
    a.got.length = 0;
    useSimulatorStore.getState().setSettings(ID, { units: 3 });
    net.flush();
    const s = a.got.find((m) => m.kind === 'state') as Extract<SimSyncMessage, { kind: 'state' }>;
    expect(s.inst.settings.units).toBe(3);
    expect(s.clock.n).toBeGreaterThan(40);
    expect(s.from).toBe(a.got[0].from);
  });

  it('follows the playback of the window that plays it, and takes it back when that window leaves', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = remote(net, 'wa');
    net.flush();
    a.state({ n: 3, from: 'wa' }, {}, { playing: true });
    net.flush();
    expect(useSimSyncStore.getState().drivenBy[ID]).toBe('wa');
    a.topic.leave();
    net.flush();
    expect(useSimSyncStore.getState().drivenBy[ID]).toBeUndefined();
  });

  it('a window that leaves before sending the trace it owes lets this one compute it', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = remote(net, 'wa');
    net.flush();
    const owed: (string | null)[] = [];
    const off = simSync()!.onTrace((_id, key, result) => owed.push(result ? key : null));
    a.state({ n: 3, from: 'wa' }, { units: 2 });
    net.flush();
    const inst = useSimulatorStore.getState().instances[ID];
    const key = traceKey(inst.settings, null);
    expect(simSync()!.expectsRemote(ID, key)).toBe(true);
    a.topic.leave();
    net.flush();
    off();
    expect(owed).toEqual([null]);
    expect(simSync()!.expectsRemote(ID, key)).toBe(false);
  });

  it('packs a trace over a cloning transport and unpacks one that arrives', () => {
    const net = new MemoryNetwork();
    start(net);
    const a = remote(net, 'wa');
    net.flush();
    const settings = useSimulatorStore.getState().instances[ID].settings;
    const key = traceKey(settings, null);
    const result = {
      spec: { T: 1 },
      trace: { h: [[0.5, Infinity]], outputs: [[1]], y: [[1]], loss: [NaN], dCdh: [[[1]]], gates: {} },
      ms: 1,
      sigma: 0.9,
      settings,
    };
    simSync()!.publish(ID, key, result as never);
    net.flush();
    const i = a.got.findIndex((m) => m.kind === 'trace');
    expect(a.raw[i].packed).toBe(true);
    const h = (a.raw[i].result as { trace: { h: { values: unknown } } }).trace.h;
    expect(h.values).toBeInstanceOf(Float64Array); // one typed array, not the nested lists
    expect(Array.from(h.values as Float64Array)).toEqual([0.5, Infinity]);

    // the other way: a state from there, then its trace, packed, shows here as plain arrays
    a.state({ n: 50, from: 'wa' }, { units: 2 });
    net.flush();
    const key2 = traceKey(useSimulatorStore.getState().instances[ID].settings, null);
    a.topic.send({ kind: 'trace', id: ID, key: key2, result: encode({ ...result, settings: { ...settings, units: 2 } }).message, packed: true });
    net.flush();
    expect(simSync()!.received(ID, key2)?.trace.h).toEqual([[0.5, Infinity]]);
    expect(simSync()!.received(ID, key2)?.trace.loss).toEqual([NaN]);
  });
});
