/**
 * Simulator sync between the presenting windows (the audience `#/present/…`, the presenter view
 * `#/notes/…`, the whole-lecture handout `#/handout`): every simulator change (settings, t, phase,
 * the chosen C_t, trained weights) made in one shows in the others, and the trace computed for a
 * change travels with it, so only the window where the change happened asks the engine.
 *
 * A topic (`unrolled-sim`) on the one cross-window channel (./channel.ts: transport, envelope,
 * window id, clock, hello/bye). Ordering: every instance keeps the stamp of its last change; a
 * window applies a remote state only if its stamp is newer than the last one it applied or made,
 * so two windows changing at once converge on one state, and a state that was applied is never
 * sent back (no echo loops). A third window (a second audience) is one more peer. Navigation is
 * another topic (src/app/presenterSync.ts).
 *
 * Plain TypeScript over the simulator store: no React (the simulator shell joins it).
 */
import { create } from 'zustand';
import { decode, encode } from '../engine/transfer';
import type { SimSettings } from '../sim/settings';
import { isPreset } from '../sim/settings';
import { defaultInstance, useSimulatorStore, type SimInstance, type TrainedOverride } from './simulator';
import { useShareStore } from './share';
import { isId, isObj, newer, validStamp, windowChannel, type Body as ChannelBody, type Stamp, type Topic } from './channel';
import type { SimResult } from './simResult';

export const SIM_SYNC_VERSION = 1;
const APP = 'unrolled-sim';
type Clock = Stamp;

type Body =
  | { kind: 'hello' }
  | { kind: 'bye' }
  | { kind: 'state'; id: string; clock: Clock; inst: SimInstance; trained: TrainedOverride | null }
  | { kind: 'trace'; id: string; key: string; result: unknown };

export type SimSyncMessage = Body & { app: typeof APP; v: number; from: string };

/** What the views need reactively: which instances another window is playing (it ticks, we follow). */
interface SyncViewState {
  /** instance id → the window whose playback drives it (absent: this window ticks its own) */
  drivenBy: Record<string, string>;
}
export const useSimSyncStore = create<SyncViewState>()(() => ({ drivenBy: {} }));

/** Counters for the tests and the benchmark (`ignored`: here; simSyncCounters adds the channel's drops). */
export const simSyncStats = { sent: 0, received: 0, applied: 0, tracesApplied: 0, ignored: 0 };

/** The counters, with everything this window's channel dropped (another version, garbage, duplicates) counted as ignored. */
export function simSyncCounters(): typeof simSyncStats {
  return { ...simSyncStats, ignored: simSyncStats.ignored + windowChannel().stats.dropped };
}

/** The key a trace belongs to: the settings and the trained override it was computed from. */
export function traceKey(settings: SimSettings, trained: TrainedOverride | null): string {
  const t = trained ? JSON.stringify(trained) : '';
  let h = 0;
  for (let i = 0; i < t.length; i++) h = (Math.imul(h, 31) + t.charCodeAt(i)) | 0;
  return `${JSON.stringify(settings)}|${trained ? `${t.length}:${h}` : '-'}`;
}

/* ------------------------------------------------------------ validation (never throws) -- */

const isNumArr2 = (x: unknown): boolean => Array.isArray(x) && x.every((r) => Array.isArray(r) && r.every((v) => typeof v === 'number'));

function validTrained(t: unknown): t is TrainedOverride | null {
  if (t === null) return true;
  if (!isObj(t) || typeof t.label !== 'string' || typeof t.units !== 'number' || typeof t.cell !== 'string') return false;
  const w = t.weights as Record<string, unknown> | undefined;
  const r = t.readout as Record<string, unknown> | undefined;
  return (
    isObj(w) &&
    isNumArr2(w.kernel) &&
    isNumArr2(w.recurrentKernel) &&
    Array.isArray(w.bias) &&
    isObj(r) &&
    isNumArr2(r.kernel) &&
    Array.isArray(r.bias) &&
    isNumArr2(t.inputs) &&
    isNumArr2(t.targets)
  );
}

function validResult(r: unknown): r is SimResult {
  if (!isObj(r) || !isObj(r.spec) || !isObj(r.trace) || !isObj(r.settings)) return false;
  if (typeof r.ms !== 'number' || typeof r.sigma !== 'number') return false;
  const tr = r.trace as Record<string, unknown>;
  return isNumArr2(tr.h) && isNumArr2(tr.outputs) && isNumArr2(tr.y) && Array.isArray(tr.loss) && Array.isArray(tr.dCdh) && isObj(tr.gates);
}

/** Reads a message; null for anything that is not a well-formed message of this version. */
export function parseMessage(raw: unknown): SimSyncMessage | null {
  try {
    if (!isObj(raw) || raw.app !== APP || raw.v !== SIM_SYNC_VERSION || !isId(raw.from)) return null;
    switch (raw.kind) {
      case 'hello':
      case 'bye':
        return raw as SimSyncMessage;
      case 'state': {
        if (!isId(raw.id) || !validStamp(raw.clock) || !isObj(raw.inst) || !isPreset(raw.inst.preset)) return null;
        if (!isObj(raw.inst.settings) || !isObj(raw.inst.playback)) return null;
        if (!validTrained(raw.trained ?? null)) return null;
        return { ...(raw as SimSyncMessage), trained: (raw.trained ?? null) as TrainedOverride | null } as SimSyncMessage;
      }
      case 'trace':
        if (!isId(raw.id) || typeof raw.key !== 'string' || raw.result === undefined) return null;
        return raw as SimSyncMessage;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/* ------------------------------------------------------------------------ the peer ------- */

/** result null: the window that was to send this trace has gone; compute it here */
type TraceListener = (id: string, key: string, result: SimResult | null) => void;

class Peer {
  private topic: Topic | null = null;
  private clocks = new Map<string, Clock>();
  /** instance id → the trace key its current settings came with from another window */
  private remoteKeys = new Map<string, string>();
  /** instance id → the window those settings came from (it computes their trace) */
  private remoteFrom = new Map<string, string>();
  /** instance id → the newest trace known here (computed or received), for late joiners */
  private traces = new Map<string, { key: string; result: SimResult }>();
  private listeners = new Set<TraceListener>();
  private applying = false;
  private unsub: (() => void) | null = null;

  get me(): string {
    return windowChannel().id;
  }

  start() {
    this.topic = windowChannel().join<SimSyncMessage>({
      app: APP,
      version: SIM_SYNC_VERSION,
      parse: parseMessage,
      onMessage: (m, raw) => this.receive(m, raw),
      // traces travel packed (transfer.ts) where the transport clones: one Float64Array per numeric array
      pack: (b) => (b.kind === 'trace' ? { ...b, result: encode(b.result).message, packed: true } : b),
    });
    this.unsub = useSimulatorStore.subscribe((s, prev) => {
      if (this.applying) return;
      const ids = new Set([...Object.keys(s.instances), ...(s.trained !== prev.trained ? Object.keys({ ...s.trained, ...prev.trained }) : [])]);
      for (const id of ids) {
        const inst = s.instances[id];
        const old = prev.instances[id];
        // a new instance (a simulator mounting, a link loading) is not a change to share
        if (!inst || !old) continue;
        if (inst !== old || s.trained[id] !== prev.trained[id]) this.local(id);
      }
    });
    // once this commit's simulators are on the page (their mount effects run after this one)
    queueMicrotask(() => this.announce());
  }

  /**
   * A window that joins with something of its own to show shares it: a simulator on its page whose
   * state was changed while no sync ran (trained weights sent by the lab, the clicker's entry
   * step) goes out as a change made here (a fresh stamp, n ≥ 1), so the other windows' untouched defaults
   * (stamp n = 0, sent to greet this one) do not undo it, whichever window joined first.
   */
  private announce() {
    if (!this.topic) return;
    const s = useSimulatorStore.getState();
    for (const id of Object.keys(useShareStore.getState().onPage)) {
      const inst = s.instances[id];
      if (!inst || this.clocks.has(id)) continue;
      if (s.trained[id] || JSON.stringify(inst) !== JSON.stringify(defaultInstance(inst.preset))) this.local(id);
    }
  }

  stop() {
    this.topic?.leave(); // says bye
    this.topic = null;
    this.unsub?.();
    this.unsub = null;
    useSimSyncStore.setState({ drivenBy: {} });
  }

  private post(body: Body) {
    if (this.topic?.send(body as ChannelBody)) simSyncStats.sent++;
  }

  private tick(id: string): Clock {
    const c = this.topic ? this.topic.stamp() : { n: 0, from: this.me };
    this.clocks.set(id, c);
    return c;
  }

  /** A change made here: share it (and from now on this window computes its own trace). */
  private local(id: string) {
    const s = useSimulatorStore.getState();
    const inst = s.instances[id];
    if (!inst) return;
    this.remoteKeys.delete(id);
    this.remoteFrom.delete(id);
    this.setDriver(id, null);
    this.post({ kind: 'state', id, clock: this.tick(id), inst, trained: s.trained[id] ?? null });
  }

  private setDriver(id: string, from: string | null) {
    const cur = useSimSyncStore.getState().drivenBy;
    if ((cur[id] ?? null) === from) return;
    const next = { ...cur };
    if (from) next[id] = from;
    else delete next[id];
    useSimSyncStore.setState({ drivenBy: next });
  }

  private receive(msg: SimSyncMessage, raw: Record<string, unknown>) {
    try {
      simSyncStats.received++;
      if (msg.kind === 'hello') this.welcome();
      else if (msg.kind === 'bye') {
        // the window that was playing has gone: this one takes the playback over
        const driven = useSimSyncStore.getState().drivenBy;
        for (const [id, from] of Object.entries(driven)) if (from === msg.from) this.setDriver(id, null);
        // and computes the traces that window still owed it
        for (const [id, from] of [...this.remoteFrom]) {
          if (from !== msg.from) continue;
          const key = this.remoteKeys.get(id);
          this.remoteFrom.delete(id);
          this.remoteKeys.delete(id);
          if (key) this.listeners.forEach((l) => l(id, key, null));
        }
      } else if (msg.kind === 'state') this.applyState(msg);
      else if (msg.kind === 'trace') this.applyTrace(msg.id, msg.key, (raw as { packed?: boolean }).packed ? decode(msg.result) : msg.result);
    } catch {
      simSyncStats.ignored++;
    }
  }

  /** A window joined: tell it what we show (state first, then the trace it goes with). */
  private welcome() {
    const s = useSimulatorStore.getState();
    for (const [id, inst] of Object.entries(s.instances)) {
      const clock = this.clocks.get(id) ?? { n: 0, from: this.me };
      this.post({ kind: 'state', id, clock, inst, trained: s.trained[id] ?? null });
      const t = this.traces.get(id);
      if (t) this.post({ kind: 'trace', id, key: t.key, result: t.result });
    }
  }

  private applyState(msg: Extract<SimSyncMessage, { kind: 'state' }>) {
    this.topic?.observe(msg.clock);
    if (!newer(msg.clock, this.clocks.get(msg.id))) {
      simSyncStats.ignored++;
      return;
    }
    this.clocks.set(msg.id, msg.clock);
    const store = useSimulatorStore.getState();
    this.applying = true;
    try {
      store.load(msg.id, msg.inst); // sanitised by the store
      if ((store.trained[msg.id] ?? null) !== msg.trained) store.setTrained(msg.id, msg.trained);
    } finally {
      this.applying = false;
    }
    const after = useSimulatorStore.getState();
    const inst = after.instances[msg.id];
    if (inst) {
      const key = traceKey(inst.settings, after.trained[msg.id] ?? null);
      this.remoteKeys.set(msg.id, key);
      this.remoteFrom.set(msg.id, msg.from);
      const t = this.traces.get(msg.id);
      if (t && t.key === key) this.listeners.forEach((l) => l(msg.id, key, t.result));
    }
    this.setDriver(msg.id, inst?.playback.playing ? msg.from : null);
    simSyncStats.applied++;
  }

  private applyTrace(id: string, key: string, result: unknown) {
    if (!validResult(result)) {
      simSyncStats.ignored++;
      return;
    }
    this.traces.set(id, { key, result });
    if (this.remoteKeys.get(id) !== key) return; // not (or no longer) what this window shows
    simSyncStats.tracesApplied++;
    this.listeners.forEach((l) => l(id, key, result));
  }

  /** The simulator's settings came from another window, which sends the trace for them. */
  expectsRemote(id: string, key: string): boolean {
    return this.remoteKeys.get(id) === key;
  }

  /** The trace for `key`, if it has already arrived. */
  received(id: string, key: string): SimResult | null {
    const t = this.traces.get(id);
    return t && t.key === key && this.remoteKeys.get(id) === key ? t.result : null;
  }

  /** A trace computed here for a change made here: send it. */
  publish(id: string, key: string, result: SimResult) {
    this.traces.set(id, { key, result });
    if (this.remoteKeys.get(id) === key) return; // it answers another window's change: that window has it
    this.post({ kind: 'trace', id, key, result });
  }

  onTrace(l: TraceListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

let peer: Peer | null = null;
let users = 0;

/**
 * Joins the sync (reference counted: every simulator on a present/notes/handout page holds it).
 * Returns the release function.
 */
export function joinSimSync(): () => void {
  if (typeof window === 'undefined') return () => undefined;
  users++;
  if (!peer) {
    peer = new Peer();
    peer.start();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0 && peer) {
      peer.stop();
      peer = null;
    }
  };
}

/** The running peer, if this window syncs its simulators now. */
export function simSync(): Pick<Peer, 'expectsRemote' | 'received' | 'publish' | 'onTrace' | 'me'> | null {
  return peer;
}
