/**
 * The training lab between presenting windows (the audience window `#/present/…` and the presenter
 * view `#/notes/…`, issue 12 with issue 10): one race, run by one window, shown in all of them.
 * A topic (`unrolled-train`) on the one cross-window channel (./channel.ts: transport with its
 * storage fallback, envelope, window id, the clock, hello/bye, bounded requests).
 *
 * The window where a race was last started, stepped or reset leads: its worker trains, and after
 * each store update it sends what changed of its lab state (at most one message per 40 ms). The
 * other windows follow: they end their own worker, show the leader's state, and send their Train,
 * Pause, One step, Reset (with their settings) and Inspect to the leader as commands. Leading is
 * claimed with a stamp of the channel's clock (`newer`: ties broken by window id), so two windows
 * pressing Train at once agree on one leader (`Lead`). A leader that goes (its window closes, its
 * lab leaves the page) says so and the others take back a race of their own, at step 0 with the
 * same settings; a window that joins says hello, and a leader answers with its whole state.
 * Malformed messages and those of another version are ignored, never thrown.
 */
import { useTrainingStore, type TrainingState } from './training';
import type { CellKind } from '../train/config';
import type { TrainedWeights } from '../train/race';
import * as client from './trainingClient';
import { isId, isObj, newer, validStamp, windowChannel, type Body as ChannelBody, type Channel, type Stamp, type Topic } from './channel';

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
  'gradMarks',
  'gateHistory',
  'notices',
] as const;
type Mirrored = (typeof MIRRORED)[number];
type LabState = Partial<Pick<TrainingState, Mirrored>>;

type Claim = Stamp;
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

const validClaim = (c: unknown): c is Claim => validStamp(c, 1);

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
      if ('gradMarks' in st && !isObj(st.gradMarks)) return null;
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

/**
 * Who runs the race, as this window sees it: the newest lead claim seen or made here, whether it
 * is this window's, and which window this one follows. Plain state, unit-tested.
 */
export class Lead {
  /** the newest lead claim seen or made here */
  claim: Claim | null = null;
  /** whether this window's race is the one shown everywhere */
  leading = false;
  /** the window this one follows */
  leader: string | null = null;

  /** this window claims the lead with a new stamp */
  take(stamp: Claim) {
    this.claim = stamp;
    this.leading = true;
    this.leader = null;
  }

  /** a state from `from` under `claim`: whether this window now follows `from` (it did, or the claim is newer) */
  heard(from: string, claim: Claim): boolean {
    if (from === this.leader) return true;
    if (!newer(claim, this.claim)) return false;
    this.claim = claim;
    this.leading = false;
    this.leader = from;
    return true;
  }

  /** `from` left: whether it was the leader this window followed (it then runs a race of its own) */
  left(from: string): boolean {
    if (from !== this.leader) return false;
    this.leader = null;
    return true;
  }

  role(): 'leads' | 'follows' | 'alone' {
    return this.leading ? 'leads' : this.leader ? 'follows' : 'alone';
  }
}

class LabPeer {
  private topic: Topic;
  private lead = new Lead();
  private sent: LabState = {};
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private lastSend = 0;
  private unsub: (() => void) | null = null;
  private applying = false;
  /** whether a whole state has been shown here since following began */
  private applied = false;

  constructor(channel: Channel) {
    client.setLeadListener(() => this.takeLead());
    this.unsub = useTrainingStore.subscribe(() => {
      if (this.lead.leading && !this.applying) this.schedule();
    });
    this.topic = channel.join<Message>({
      app: APP,
      version: LAB_SYNC_VERSION,
      parse: parseLabMessage,
      onMessage: (m) => this.receive(m),
      // a leader that goes says so (its claim); the others take back their own races
      bye: () => {
        const bye = this.lead.leading && this.lead.claim ? { claim: this.lead.claim } : false;
        this.lead.leading = false;
        return bye;
      },
    });
  }

  stop() {
    this.topic.leave(); // says bye, answers open requests with null
    client.setLeadListener(null);
    client.setRemote(null);
    this.unsub?.();
    if (this.sendTimer) clearTimeout(this.sendTimer);
  }

  private post(body: Body) {
    if (this.topic.send(body as ChannelBody)) labSyncStats.sent++;
  }

  /** A race started, stepped or reset here: this window leads from now on. */
  private takeLead() {
    const was = this.lead.leader;
    this.lead.take(this.topic.stamp());
    if (was !== null) client.setRemote(null);
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
    const claim = this.lead.claim;
    if (!this.lead.leading || !claim) return;
    const s = useTrainingStore.getState();
    const state: LabState = {};
    for (const k of MIRRORED) if (full || s[k] !== this.sent[k]) (state as Record<string, unknown>)[k] = s[k];
    this.sent = Object.fromEntries(MIRRORED.map((k) => [k, s[k]])) as LabState;
    this.lastSend = performance.now();
    if (full || Object.keys(state).length) this.post({ kind: 'state', claim, full, state });
  }

  /** this window now follows `leader`: its own worker ends (its tensors freed) while it shows the leader's race */
  private follow(leader: string) {
    void client.shutdown({ keep: false });
    // a race kept here (./trainingKeep.ts) is not the one shown now
    useTrainingStore.setState({ detached: false, kept: {} });
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
      requestWeights: (cell) => {
        labSyncStats.commands++;
        return this.topic.request<TrainedWeights>(leader, (requestId) => ({ kind: 'cmd', to: leader, cmd: { op: 'weights', cell, requestId } }));
      },
    });
  }

  private receive(m: Message) {
    labSyncStats.received++;
    switch (m.kind) {
      case 'hello':
        if (this.lead.leading) this.sendNow(true);
        return;
      case 'state': {
        this.topic.observe(m.claim);
        const before = this.lead.leader;
        // a newer claim than any seen here: that window leads
        if (!this.lead.heard(m.from, m.claim)) return;
        if (this.lead.leader !== before) {
          this.applied = false;
          this.follow(m.from);
        }
        if (!m.full && !this.applied) return this.post({ kind: 'hello' });
        this.apply(m.state);
        return;
      }
      case 'bye':
        if (!this.lead.left(m.from)) return;
        // the leader went: a race of this window's own, with the same settings, at step 0
        client.setRemote(null);
        this.applied = false;
        client.reset({ mount: true });
        return;
      case 'cmd':
        if (!this.lead.leading) return;
        return this.command(m.from, m.cmd);
      case 'weights':
        this.topic.answer(m.requestId, m.weights);
        return;
    }
  }

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

  role() {
    return this.lead.role();
  }
}

let peer: LabPeer | null = null;

/** Joins the lab sync (while presenting); returns the leave function. */
export function joinLabSync(): () => void {
  if (typeof window === 'undefined' || peer) return () => undefined;
  const ch = windowChannel();
  const p = new LabPeer(ch);
  if (!ch.open) {
    // no transport at all (no BroadcastChannel, no storage): each window trains on its own
    p.stop();
    return () => undefined;
  }
  peer = p;
  return () => {
    if (peer !== p) return;
    p.stop();
    peer = null;
  };
}

/** This window's part in the sync: null (not syncing), 'leads', or 'follows' (the tests read it). */
export function labSyncRole(): 'leads' | 'follows' | 'alone' | null {
  return peer ? peer.role() : null;
}
