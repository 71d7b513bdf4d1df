/**
 * The training lab between presenting windows (the audience window `#/present/…` and the presenter
 * view `#/notes/…`, issue 12 with issue 10): one race, run by one window, shown in all of them.
 *
 * The window where a race was last started, stepped or reset leads: its worker trains, and after
 * each store update it sends what changed of its lab state (at most one message per 40 ms). The
 * other windows follow: they end their own worker, show the leader's state, and send their Train,
 * Pause, One step, Reset (with their settings) and Inspect to the leader as commands. Leading is
 * ordered by a counter (ties broken by window id), so two windows pressing Train at once agree on
 * one leader. A leader that goes (its window closes, its lab leaves the page) says so and the
 * others take back a race of their own, at step 0 with the same settings; a window that joins asks,
 * and a leader answers with its whole state.
 *
 * BroadcastChannel only: where it is missing, each window trains on its own, as without the sync.
 * Malformed messages and those of another version are ignored, never thrown.
 */
import { useTrainingStore, type TrainingState } from '../../store/training';
import type { CellKind } from '../../train/config';
import type { TrainedWeights } from '../../train/race';
import * as client from './client';

export const LAB_SYNC_CHANNEL = 'unrolled-train';
export const LAB_SYNC_VERSION = 1;
const APP = 'unrolled-train';

/** the store fields a follower shows (plain data) */
const MIRRORED = [
  'config',
  'backendChoice',
  'status',
  'error',
  'backend',
  'backendReason',
  'step',
  'stepsPerSec',
  'baseline',
  'models',
  'history',
  'probe',
  'gateHistory',
  'notices',
] as const;
type Mirrored = (typeof MIRRORED)[number];
type LabState = Partial<Pick<TrainingState, Mirrored>>;

interface Claim {
  n: number;
  from: string;
}
type Command =
  | { op: 'play' | 'pause' | 'step' }
  | { op: 'reset'; config: TrainingState['config']; backendChoice: TrainingState['backendChoice'] }
  | { op: 'weights'; cell: CellKind; requestId: number };
type Body =
  | { kind: 'hello' }
  | { kind: 'state'; claim: Claim; full: boolean; state: LabState }
  | { kind: 'bye'; claim: Claim }
  | { kind: 'cmd'; to: string; cmd: Command }
  | { kind: 'weights'; to: string; requestId: number; weights: TrainedWeights | null };
type Message = Body & { app: typeof APP; v: number; from: string };

/** counters for the tests */
export const labSyncStats = { sent: 0, received: 0, applied: 0, commands: 0, ignored: 0 };

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64;
const validClaim = (c: unknown): c is Claim => isObj(c) && Number.isSafeInteger(c.n) && (c.n as number) > 0 && isId(c.from);

/** Reads a message; null for anything that is not a well-formed message of this version. */
export function parseLabMessage(raw: unknown): Message | null {
  if (!isObj(raw) || raw.app !== APP || raw.v !== LAB_SYNC_VERSION || !isId(raw.from)) return null;
  switch (raw.kind) {
    case 'hello':
      return raw as Message;
    case 'bye':
      return validClaim(raw.claim) ? (raw as Message) : null;
    case 'state': {
      if (!validClaim(raw.claim) || !isObj(raw.state)) return null;
      const st = raw.state;
      if (Object.keys(st).some((k) => !(MIRRORED as readonly string[]).includes(k))) return null;
      if ('step' in st && !Number.isSafeInteger(st.step)) return null;
      if ('history' in st && !Array.isArray(st.history)) return null;
      if ('gateHistory' in st && !Array.isArray(st.gateHistory)) return null;
      if ('models' in st && !isObj(st.models)) return null;
      if ('config' in st && !isObj(st.config)) return null;
      return raw as Message;
    }
    case 'cmd': {
      const c = raw.cmd;
      if (!isId(raw.to) || !isObj(c)) return null;
      if (c.op === 'play' || c.op === 'pause' || c.op === 'step') return raw as Message;
      if (c.op === 'reset' && isObj(c.config) && typeof c.backendChoice === 'string') return raw as Message;
      if (c.op === 'weights' && typeof c.cell === 'string' && Number.isSafeInteger(c.requestId)) return raw as Message;
      return null;
    }
    case 'weights':
      return isId(raw.to) && Number.isSafeInteger(raw.requestId) && (raw.weights === null || isObj(raw.weights)) ? (raw as Message) : null;
    default:
      return null;
  }
}

const after = (a: Claim, b: Claim | null) => !b || a.n > b.n || (a.n === b.n && a.from > b.from);

class LabPeer {
  readonly me: string;
  private ch: BroadcastChannel;
  /** the newest lead claim seen or made here */
  private claim: Claim | null = null;
  /** whether this window's race is the one shown everywhere */
  private leading = false;
  /** the window this one follows */
  private leader: string | null = null;
  private sent: LabState = {};
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSend = 0;
  private unsub: (() => void) | null = null;
  private applying = false;
  private nextRequest = 1;
  private requests = new Map<number, (w: TrainedWeights | null) => void>();

  constructor(ch: BroadcastChannel) {
    this.me = `l${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;
    this.ch = ch;
    ch.onmessage = (ev: MessageEvent) => this.receive(ev.data);
    client.setLeadListener(() => this.lead());
    this.unsub = useTrainingStore.subscribe(() => {
      if (this.leading && !this.applying) this.schedule();
    });
    window.addEventListener('pagehide', this.onHide);
    this.post({ kind: 'hello' });
  }

  stop() {
    window.removeEventListener('pagehide', this.onHide);
    this.onHide();
    client.setLeadListener(null);
    client.setRemote(null);
    this.unsub?.();
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.requests.forEach((r) => r(null));
    this.requests.clear();
    this.ch.close();
  }

  private onHide = () => {
    if (this.leading && this.claim) this.post({ kind: 'bye', claim: this.claim });
    this.leading = false;
  };

  private post(body: Body) {
    try {
      this.ch.postMessage({ ...body, app: APP, v: LAB_SYNC_VERSION, from: this.me });
      labSyncStats.sent++;
    } catch {
      /* a closed channel: the other windows miss this one */
    }
  }

  /** A race started, stepped or reset here: this window leads from now on. */
  private lead() {
    this.claim = { n: (this.claim?.n ?? 0) + 1, from: this.me };
    this.leading = true;
    this.follow(null);
    this.sendNow(true);
  }

  private schedule() {
    if (this.sendTimer) return;
    const wait = Math.max(0, 40 - (performance.now() - this.lastSend));
    this.sendTimer = setTimeout(() => {
      this.sendTimer = null;
      this.sendNow(false);
    }, wait);
  }

  /** what changed since the last message (everything when `full`) */
  private sendNow(full: boolean) {
    if (!this.leading || !this.claim) return;
    const s = useTrainingStore.getState();
    const state: LabState = {};
    for (const k of MIRRORED) if (full || s[k] !== this.sent[k]) (state as Record<string, unknown>)[k] = s[k];
    this.sent = Object.fromEntries(MIRRORED.map((k) => [k, s[k]])) as LabState;
    this.lastSend = performance.now();
    if (full || Object.keys(state).length) this.post({ kind: 'state', claim: this.claim, full, state });
  }

  private follow(leader: string | null) {
    if (leader === this.leader) return;
    this.leader = leader;
    if (leader === null) return client.setRemote(null);
    this.leading = false;
    // one race: this window's own worker ends (its tensors freed) while it shows the leader's
    void client.shutdown();
    const cmd = (c: Command) => {
      labSyncStats.commands++;
      this.post({ kind: 'cmd', to: leader, cmd: c });
    };
    client.setRemote({
      play: () => cmd({ op: 'play' }),
      pause: () => cmd({ op: 'pause' }),
      stepOnce: () => cmd({ op: 'step' }),
      reset: () => {
        const { config, backendChoice } = useTrainingStore.getState();
        cmd({ op: 'reset', config, backendChoice });
      },
      requestWeights: (cell) =>
        new Promise((resolve) => {
          const requestId = this.nextRequest++;
          this.requests.set(requestId, resolve);
          cmd({ op: 'weights', cell, requestId });
          setTimeout(() => {
            if (this.requests.delete(requestId)) resolve(null);
          }, 10_000);
        }),
    });
  }

  private receive(raw: unknown) {
    const m = parseLabMessage(raw);
    if (!m || m.from === this.me) {
      if (!m) labSyncStats.ignored++;
      return;
    }
    labSyncStats.received++;
    switch (m.kind) {
      case 'hello':
        if (this.leading) this.sendNow(true);
        return;
      case 'state':
        if (m.from !== this.leader) {
          // a newer claim than any seen here: that window leads
          if (!after(m.claim, this.claim)) return;
          this.claim = m.claim;
          this.follow(m.from);
        }
        if (!m.full && !this.applied) return this.post({ kind: 'hello' });
        this.apply(m.state);
        return;
      case 'bye':
        if (m.from !== this.leader) return;
        // the leader went: a race of this window's own, with the same settings, at step 0
        this.follow(null);
        this.applied = false;
        client.reset({ mount: true });
        return;
      case 'cmd':
        if (m.to !== this.me || !this.leading) return;
        return this.command(m.from, m.cmd);
      case 'weights':
        if (m.to !== this.me) return;
        this.requests.get(m.requestId)?.(m.weights);
        this.requests.delete(m.requestId);
        return;
    }
  }

  /** whether a whole state has been shown here since following began */
  private applied = false;

  private apply(state: LabState) {
    const s = useTrainingStore.getState();
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(state)) {
      // unchanged series keep their identity (the memoised charts then skip redrawing)
      if (k === 'config' && JSON.stringify(v) === JSON.stringify(s.config)) continue;
      patch[k] = v;
    }
    this.applying = true;
    useTrainingStore.setState(patch as Partial<TrainingState>);
    this.applying = false;
    this.applied = true;
    labSyncStats.applied++;
  }

  private command(from: string, c: Command) {
    labSyncStats.commands++;
    if (c.op === 'play') client.play();
    else if (c.op === 'pause') client.pause();
    else if (c.op === 'step') client.stepOnce();
    else if (c.op === 'reset') {
      useTrainingStore.setState({ config: c.config, backendChoice: c.backendChoice, messages: [] });
      client.reset();
    } else if (c.op === 'weights') {
      void client.requestWeights(c.cell).then((weights) => this.post({ kind: 'weights', to: from, requestId: c.requestId, weights }));
    }
  }

  isLeading() {
    return this.leading;
  }
  following() {
    return this.leader;
  }
}

let peer: LabPeer | null = null;

/** Joins the lab sync (while presenting); returns the leave function. */
export function joinLabSync(): () => void {
  if (typeof window === 'undefined' || typeof BroadcastChannel === 'undefined' || peer) return () => undefined;
  let ch: BroadcastChannel;
  try {
    ch = new BroadcastChannel(LAB_SYNC_CHANNEL);
  } catch {
    return () => undefined;
  }
  const p = new LabPeer(ch);
  peer = p;
  return () => {
    if (peer !== p) return;
    p.stop();
    peer = null;
  };
}

/** This window's part in the sync: null (not syncing), 'leads', or 'follows' (the tests read it). */
export function labSyncRole(): 'leads' | 'follows' | 'alone' | null {
  if (!peer) return null;
  return peer.isLeading() ? 'leads' : peer.following() ? 'follows' : 'alone';
}
