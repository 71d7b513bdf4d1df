/**
 * The one channel between this app's windows (the audience window `#/present/…`, the presenter
 * view `#/notes/…`, the whole-lecture handout `#/handout`): every cross-window message goes
 * through here. Deck navigation (app/presenterSync.ts), the simulators (store/simSync.ts) and the
 * training lab (store/labSync.ts) are topics on it, small adapters that only say what they send
 * and what they do with what arrives.
 *
 * - Transport: a BroadcastChannel named `unrolled`, or localStorage's `storage` event where there is
 *   no BroadcastChannel (JSON, NaN and ±Infinity tagged). Injectable: the unit tests use an
 *   in-memory one (tests/unit/memoryTransport.ts).
 * - Envelope: `{ ch, app, v, from, seq, at, kind, to?, …fields }`: the channel's version `ch`, the
 *   topic `app` and its version `v`, the window id `from`, a per-window sequence number (duplicates
 *   are dropped), the sender's Lamport time `at`, an optional recipient `to`. Anything else (another
 *   version, another app, a malformed message, our own echo) is dropped and counted, never thrown.
 * - Ordering: one Lamport clock per window. `stamp()` names a change; `newer(a, b)` orders two
 *   stamps (time, then window id: a deterministic tie-break, so concurrent changes converge).
 * - Join and leave: a topic's `hello` when it joins, its `bye` when it leaves or the page hides;
 *   the channel keeps each topic's peers, so a request to a window that left is answered at once.
 * - Requests: `Pending` (one bound policy: 10 s, 64 outstanding, the oldest answered first when
 *   more are opened) for the lab's requests to its leader and the training worker's weights.
 * - Counters (`stats`, per topic and in all) for the tests and the benchmark.
 *
 * Plain TypeScript, no React.
 */

import { REQUEST_TIMEOUT_MS, Pending } from './requests';
import { defaultTransport, type Transport, type TransportFactory } from './transports';
import { isCount, isId, isObj } from './validate';

export { MAX_PENDING, Pending, REQUEST_TIMEOUT_MS } from './requests';
export { broadcastTransport, CHANNEL_NAME, CHANNEL_STORAGE_KEY, defaultTransport, storageTransport } from './transports';
export type { Transport, TransportFactory } from './transports';
export { isId, isObj } from './validate';

export const CHANNEL_VERSION = 1;
/** how far behind a sender's newest sequence number a message may arrive and still be read */
const SEQ_WINDOW = 256;

/* ------------------------------------------------------------------------ ordering ------- */

/** A point on the windows' one logical clock: Lamport time, then the window that made it. */
export interface Stamp {
  n: number;
  from: string;
}

/** Whether `a` comes after `b` (always, when there is no `b`): later time, or the same time and the greater window id. */
export function newer(a: Stamp, b: Stamp | null | undefined): boolean {
  return !b || a.n > b.n || (a.n === b.n && a.from > b.from);
}

/** A well-formed stamp, `n` at least `min`. */
export function validStamp(c: unknown, min = 0): c is Stamp {
  return isObj(c) && isCount(c.n) && c.n >= min && isId(c.from);
}

/* ------------------------------------------------------------------------ topics -------- */

/** What every message carries besides its topic's fields. */
export interface Envelope {
  ch: number;
  app: string;
  v: number;
  from: string;
  seq: number;
  at: number;
  kind: string;
  to?: string;
}

/** A message as a topic sends it: its kind and fields (the channel adds the envelope). */
export type Body = { kind: string; to?: string } & Record<string, unknown>;

export interface TopicSpec<M extends { kind: string; from: string }> {
  /** the topic's name on the wire (`app`) and its version (`v`) */
  app: string;
  version: number;
  /** reads one of the topic's messages (the envelope's `app`, `v`, `from` included); null if malformed */
  parse(raw: unknown): M | null;
  /** every accepted message from another window (hello and bye included) */
  onMessage(m: M, raw: Record<string, unknown>): void;
  /** the fields of this topic's bye (false: send none), when it leaves or the page hides */
  bye?(): Record<string, unknown> | false;
  /** rewrites a body for a structured-clone transport (e.g. packs a trace into typed arrays) */
  pack?(body: Body): Body;
}

export interface Counters {
  sent: number;
  received: number;
  dropped: number;
}

/** One topic joined by this window. */
export interface Topic {
  /** this window's id */
  readonly me: string;
  readonly stats: Counters;
  /** sends to every other window (or, with `to`, one of them); false if it could not go */
  send(body: Body): boolean;
  /** a new point on the clock, for a change made here */
  stamp(): Stamp;
  /** moves the clock past a stamp read off a message (so the next change made here is newer) */
  observe(s: Stamp): void;
  /** the other windows heard on this topic and not gone */
  peers(): string[];
  /** opens a request to `to` (answered null when it leaves), sends `body(id)` and waits for `answer(id, …)` */
  request<T>(to: string, body: (id: number) => Body): Promise<T | null>;
  /** answers a request this window made; false if it is no longer open */
  answer(id: unknown, value: unknown): boolean;
  /** says bye (if the topic says one) and stops listening */
  leave(): void;
}

interface Joined {
  spec: TopicSpec<{ kind: string; from: string }>;
  handle: Topic;
  peers: Set<string>;
  pending: Pending<unknown>;
}

function randomId(): string {
  const a = new Uint32Array(2);
  globalThis.crypto?.getRandomValues?.(a);
  return `w${a[0].toString(36)}${a[1].toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface ChannelOptions {
  transport?: TransportFactory;
  /** this window's id (random by default) */
  id?: string;
  /** the request bound of every topic (REQUEST_TIMEOUT_MS by default) */
  requestTimeoutMs?: number;
}

/**
 * One window's end of the channel. The transport is open while a topic is joined; the window id,
 * the clock and the sequence numbers last as long as the object (one per window: `windowChannel`).
 */
export class Channel {
  readonly id: string;
  readonly stats = { sent: 0, received: 0, dropped: 0, duplicates: 0 };
  private readonly factory: TransportFactory;
  private readonly requestTimeoutMs: number;
  private transport: Transport | null = null;
  private clock = 0;
  private seq = 0;
  private topics = new Map<string, Joined>();
  /** sender → its newest sequence number and those seen within SEQ_WINDOW of it */
  private seen = new Map<string, { max: number; recent: Set<number> }>();

  constructor(opts: ChannelOptions = {}) {
    this.id = opts.id ?? randomId();
    this.factory = opts.transport ?? defaultTransport;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** the clock's current time */
  time(): number {
    return this.clock;
  }

  /** whether a transport is open now */
  get open(): boolean {
    return this.transport !== null;
  }

  /** Joins a topic (one join per topic at a time: a second one replaces the first) and says hello. */
  join<M extends { kind: string; from: string }>(spec: TopicSpec<M>): Topic {
    this.topics.get(spec.app)?.handle.leave();
    if (!this.transport) this.openTransport();
    const peers = new Set<string>();
    const pending = new Pending<unknown>({ fallback: null, timeoutMs: this.requestTimeoutMs });
    const stats: Counters = { sent: 0, received: 0, dropped: 0 };
    let left = false;
    const handle: Topic = {
      me: this.id,
      stats,
      send: (body) => !left && this.post(spec as TopicSpec<never>, stats, body),
      stamp: () => ({ n: ++this.clock, from: this.id }),
      observe: (s) => void (this.clock = Math.max(this.clock, s.n)),
      peers: () => [...peers],
      request: <T>(to: string, body: (id: number) => Body) => {
        const { id, promise } = pending.open(to);
        if (left || !this.post(spec as TopicSpec<never>, stats, body(id))) pending.settle(id, null);
        return promise as Promise<T | null>;
      },
      answer: (id, value) => pending.settle(id, value),
      leave: () => {
        if (left) return;
        const bye = spec.bye?.() ?? {};
        if (bye) this.post(spec as TopicSpec<never>, stats, { ...bye, kind: 'bye' });
        left = true;
        pending.clear();
        if (this.topics.get(spec.app)?.handle === handle) this.topics.delete(spec.app);
        if (this.topics.size === 0) this.closeTransport();
      },
    };
    this.topics.set(spec.app, { spec: spec as unknown as Joined['spec'], handle, peers, pending });
    handle.send({ kind: 'hello' });
    return handle;
  }

  private openTransport() {
    this.transport = this.factory((data) => this.receive(data));
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onHide);
  }

  private closeTransport() {
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onHide);
    this.transport?.close();
    this.transport = null;
  }

  /** the page goes (closed, navigated away, into the back-forward cache): every topic says bye */
  private onHide = () => {
    for (const { spec, handle } of this.topics.values()) {
      const bye = spec.bye?.() ?? {};
      if (bye) this.post(spec as TopicSpec<never>, handle.stats, { ...bye, kind: 'bye' });
    }
  };

  private post(spec: TopicSpec<never>, stats: Counters, body: Body): boolean {
    const t = this.transport;
    if (!t) return false;
    const b = t.structured && spec.pack ? spec.pack(body) : body;
    const msg = { ...b, ch: CHANNEL_VERSION, app: spec.app, v: spec.version, from: this.id, seq: ++this.seq, at: ++this.clock };
    try {
      t.post(msg);
    } catch {
      // a closed channel, a full storage: the other windows simply miss this one
      return false;
    }
    stats.sent++;
    this.stats.sent++;
    return true;
  }

  /** a sequence number not seen before from this sender (and not too far behind its newest) */
  private fresh(from: string, seq: number): boolean {
    let s = this.seen.get(from);
    if (!s) this.seen.set(from, (s = { max: 0, recent: new Set() }));
    if (s.recent.has(seq) || seq <= s.max - SEQ_WINDOW) return false;
    s.recent.add(seq);
    if (seq > s.max) {
      s.max = seq;
      for (const old of s.recent) if (old <= seq - SEQ_WINDOW) s.recent.delete(old);
    }
    return true;
  }

  /** Delivers one thing off the transport (public for the tests: anything at all may arrive). */
  receive(raw: unknown) {
    this.stats.received++;
    let topic: Joined | undefined;
    try {
      const r = raw as Record<string, unknown>;
      if (!isObj(raw) || r.ch !== CHANNEL_VERSION || typeof r.app !== 'string' || !isId(r.from) || !isCount(r.seq) || !isCount(r.at)) {
        return this.drop();
      }
      if (r.from === this.id) return this.drop();
      topic = this.topics.get(r.app);
      if (!topic) return this.drop();
      topic.handle.stats.received++;
      if (r.to !== undefined && r.to !== this.id) return; // for another window: not ours to read
      const m = topic.spec.parse(raw);
      if (!m) return this.drop(topic);
      if (!this.fresh(r.from, r.seq)) {
        this.stats.duplicates++;
        return this.drop(topic);
      }
      this.clock = Math.max(this.clock, r.at);
      if (m.kind === 'bye') {
        topic.peers.delete(m.from);
        topic.pending.dropOwner(m.from);
      } else topic.peers.add(m.from);
      topic.spec.onMessage(m, r);
    } catch {
      this.drop(topic);
    }
  }

  private drop(topic?: Joined) {
    this.stats.dropped++;
    if (topic) topic.handle.stats.dropped++;
  }
}

let shared: Channel | null = null;
let sharedTransport: TransportFactory | undefined;

/** This window's channel (one per window; its transport opens with the first topic joined). */
export function windowChannel(): Channel {
  return (shared ??= new Channel({ transport: sharedTransport }));
}

/** Replaces the window's channel with one over `transport` (tests; undefined: the default). */
export function resetWindowChannel(transport?: TransportFactory): Channel {
  sharedTransport = transport;
  shared = null;
  return windowChannel();
}
