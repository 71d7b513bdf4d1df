/**
 * The one cross-window channel (src/store/channel.ts) over an in-memory transport: the envelope,
 * foreign and malformed messages, duplicates, the clock and its tie-break, concurrent edits and
 * reordering converging, hello/bye, a joiner, bounded requests; and the lab's lead (store/labSync.ts)
 * with a window that leaves mid-race.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Channel, CHANNEL_VERSION, MAX_PENDING, newer, Pending, REQUEST_TIMEOUT_MS, type Stamp, type Topic } from '../../src/store/channel';
import { Lead } from '../../src/store/labSync';
import { MemoryNetwork, reversed } from './memoryTransport';

interface Msg {
  kind: string;
  from: string;
  value?: number;
  clock?: Stamp;
  to?: string;
  id?: number;
}

const APP = 'test-topic';
const parse = (raw: unknown): Msg | null => {
  const m = raw as Record<string, unknown>;
  if (!m || typeof m !== 'object' || m.app !== APP || m.v !== 1 || typeof m.from !== 'string' || typeof m.kind !== 'string') return null;
  if (m.kind === 'set' && typeof m.value !== 'number') return null;
  return m as unknown as Msg;
};

/** A window with one topic that logs what it receives. */
function window_(net: MemoryNetwork, id: string, opts: { onMessage?: (m: Msg, t: Topic) => void; requestTimeoutMs?: number } = {}) {
  const ch = new Channel({ transport: net.factory(), id, requestTimeoutMs: opts.requestTimeoutMs });
  const got: Msg[] = [];
  const topic: Topic = ch.join<Msg>({
    app: APP,
    version: 1,
    parse,
    onMessage: (m) => {
      got.push(m);
      opts.onMessage?.(m, topic);
    },
  });
  return { ch, topic, got };
}

/**
 * A last-writer-wins register over the channel, as the simulator sync keeps each instance: a change
 * made here takes a new stamp; a remote value is applied only if its stamp is newer than the one
 * shown; a joiner is greeted with the current value and its stamp.
 */
function register(net: MemoryNetwork, id: string) {
  const r = { value: 0, clock: null as Stamp | null, applied: 0 };
  const w = window_(net, id, {
    onMessage: (m, t) => {
      if (m.kind === 'hello' && r.clock) t.send({ kind: 'set', value: r.value, clock: r.clock });
      if (m.kind === 'set' && m.clock && newer(m.clock, r.clock)) {
        r.value = m.value!;
        r.clock = m.clock;
        r.applied++;
      }
    },
  });
  const set = (value: number) => {
    r.value = value;
    r.clock = w.topic.stamp();
    w.topic.send({ kind: 'set', value, clock: r.clock });
  };
  return { ...w, r, set };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the envelope', () => {
  it('carries the channel version, topic, version, window id, sequence and clock; never echoes', () => {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa');
    const b = window_(net, 'wb');
    net.flush();
    expect(b.got).toEqual([]); // a said hello before b was there; b's own hello is not echoed to b
    expect(a.got.map((m) => [m.kind, m.from])).toEqual([['hello', 'wb']]);
    a.topic.send({ kind: 'set', value: 3 });
    const sent = net.queue.at(-1)!.data as Record<string, unknown>;
    expect(sent).toMatchObject({ ch: CHANNEL_VERSION, app: APP, v: 1, from: 'wa', kind: 'set', value: 3 });
    expect(sent.seq).toBe(2);
    expect(sent.at).toBeGreaterThan(0);
    net.flush();
    expect(b.got.at(-1)).toMatchObject({ kind: 'set', value: 3, from: 'wa' });
    expect(a.got).toHaveLength(1);
    expect(a.topic.stats.sent).toBe(2);
    expect(b.topic.stats.received).toBe(1);
  });

  it('drops messages of another channel version, another app or topic version, garbage and hostile objects, without throwing', () => {
    const net = new MemoryNetwork();
    const b = window_(net, 'wb');
    const good = { ch: CHANNEL_VERSION, app: APP, v: 1, from: 'wx', seq: 1, at: 1, kind: 'set', value: 1 };
    const hostile = Object.defineProperty({ ...good, seq: 99 }, 'kind', {
      get() {
        throw new Error('boom');
      },
    });
    const bad: unknown[] = [
      null,
      undefined,
      'hello',
      42,
      [],
      {},
      { ...good, ch: CHANNEL_VERSION + 1 },
      { ...good, ch: undefined },
      { ...good, app: 'unrolled-other' },
      { ...good, v: 2 },
      { ...good, from: '' },
      { ...good, from: 'x'.repeat(65) },
      { ...good, seq: -1 },
      { ...good, seq: 1.5 },
      { ...good, at: 'soon' },
      { ...good, value: 'three' },
      { ...good, from: 'wb' }, // our own id: an echo
      hostile,
    ];
    for (const m of bad) expect(() => b.ch.receive(m)).not.toThrow();
    expect(b.got).toEqual([]);
    expect(b.ch.stats.dropped).toBe(bad.length);
    b.ch.receive(good);
    expect(b.got).toEqual([expect.objectContaining({ value: 1 })]);
  });

  it('reads a message addressed to another window not at all', () => {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa');
    const b = window_(net, 'wb');
    const c = window_(net, 'wc');
    net.flush();
    a.topic.send({ kind: 'set', value: 7, to: 'wc' });
    net.flush();
    expect(b.got.filter((m) => m.kind === 'set')).toEqual([]);
    expect(c.got.filter((m) => m.kind === 'set')).toEqual([expect.objectContaining({ value: 7, to: 'wc' })]);
  });

  it('delivers a duplicated message once', () => {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa');
    const b = window_(net, 'wb');
    net.flush();
    a.topic.send({ kind: 'set', value: 1 });
    a.topic.send({ kind: 'set', value: 2 });
    net.duplicate();
    net.flush(reversed);
    expect(b.got.filter((m) => m.kind === 'set').map((m) => m.value)).toEqual([2, 1]);
    expect(b.ch.stats.duplicates).toBe(2);
    // a replay of an old message, long after
    const old = net.log[1];
    for (let i = 0; i < 300; i++) a.topic.send({ kind: 'set', value: 10 + i });
    net.flush();
    const n = b.got.length;
    b.ch.receive(structuredClone(old));
    expect(b.got).toHaveLength(n);
  });
});

describe('ordering: one clock, one comparison', () => {
  it('orders stamps by time, then by window id, deterministically', () => {
    const a = { n: 3, from: 'wa' };
    const b = { n: 3, from: 'wb' };
    expect(newer(b, a)).toBe(true);
    expect(newer(a, b)).toBe(false);
    expect(newer(a, a)).toBe(false);
    expect(newer({ n: 4, from: 'wa' }, b)).toBe(true);
    expect(newer(a, null)).toBe(true);
  });

  it('a stamp made after receiving a message is later than that message', () => {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa');
    const b = window_(net, 'wb');
    for (let i = 0; i < 20; i++) a.topic.stamp();
    const s = a.topic.stamp();
    a.topic.send({ kind: 'set', value: 1, clock: s });
    net.flush();
    expect(newer(b.topic.stamp(), s)).toBe(true);
    expect(b.ch.time()).toBeGreaterThan(s.n);
  });

  it('concurrent edits in three windows converge on one value, whatever the delivery order', () => {
    for (const order of [undefined, reversed, <T>(x: T[]) => [...x.slice(1), ...x.slice(0, 1)]]) {
      const net = new MemoryNetwork();
      const ws = [register(net, 'wa'), register(net, 'wb'), register(net, 'wc')];
      net.flush();
      ws[0].set(1);
      ws[1].set(2);
      ws[1].set(22);
      ws[2].set(3);
      net.flush(order);
      const values = ws.map((w) => w.r.value);
      expect(new Set(values).size, String(values)).toBe(1);
      // the newest stamp wins: wb made two changes, so its clock ran furthest
      expect(values[0]).toBe(22);
    }
  });

  it('a tie (the same time in two windows) is broken by window id, the same way everywhere', () => {
    const net = new MemoryNetwork();
    const a = register(net, 'wa');
    const b = register(net, 'wb');
    // nothing delivered yet: both clocks stand at their own hello, so both changes get the same time
    a.set(1);
    b.set(2);
    expect(a.r.clock!.n).toBe(b.r.clock!.n);
    net.flush();
    expect([a.r.value, b.r.value]).toEqual([2, 2]);
  });

  it('reordered and stale updates never undo a newer one', () => {
    const net = new MemoryNetwork();
    const a = register(net, 'wa');
    const b = register(net, 'wb');
    net.flush();
    for (let v = 1; v <= 5; v++) a.set(v);
    net.flush(reversed);
    expect(b.r.value).toBe(5);
    expect(b.r.applied).toBe(1); // the newest arrived first; the older four were stale
    // a stale state sent long after (a window greeting with an old stamp)
    b.ch.receive({ ch: CHANNEL_VERSION, app: APP, v: 1, from: 'wz', seq: 1, at: 1, kind: 'set', value: 99, clock: { n: 1, from: 'wz' } });
    expect(b.r.value).toBe(5);
  });
});

describe('hello and bye', () => {
  it('a joiner says hello and gets the current state', () => {
    const net = new MemoryNetwork();
    const a = register(net, 'wa');
    net.flush();
    a.set(41);
    a.set(42);
    net.flush();
    const c = register(net, 'wc');
    expect(c.r.value).toBe(0);
    net.flush();
    expect(c.r.value).toBe(42);
    expect(c.r.clock).toEqual(a.r.clock);
    expect(a.topic.peers()).toEqual(['wc']);
    expect(c.topic.peers()).toEqual(['wa']);
  });

  it('leaving says bye, closes the transport with the last topic, and the others forget the window', () => {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa');
    const b = window_(net, 'wb');
    net.flush();
    expect(net.openPorts).toBe(2);
    a.topic.leave();
    expect(a.ch.open).toBe(false);
    expect(net.openPorts).toBe(1);
    net.flush();
    expect(b.got.at(-1)).toMatchObject({ kind: 'bye', from: 'wa' });
    expect(b.topic.peers()).toEqual([]);
    expect(a.topic.send({ kind: 'set', value: 1 })).toBe(false);
    // rejoining keeps the window id, the clock and the sequence (so nothing it sends looks like a duplicate)
    const t2 = a.ch.join<Msg>({ app: APP, version: 1, parse, onMessage: () => undefined });
    t2.send({ kind: 'set', value: 5 });
    net.flush();
    expect(b.got.at(-1)).toMatchObject({ kind: 'set', value: 5, from: 'wa' });
  });

  it('a topic may say no bye, or a bye with fields of its own', () => {
    const net = new MemoryNetwork();
    const a = new Channel({ transport: net.factory(), id: 'wa' });
    let lead = true;
    const t = a.join<Msg>({ app: APP, version: 1, parse, onMessage: () => undefined, bye: () => (lead ? { value: 9 } : false) });
    const b = window_(net, 'wb');
    net.flush();
    t.leave();
    net.flush();
    expect(b.got.at(-1)).toMatchObject({ kind: 'bye', value: 9 });
    lead = false;
    const t2 = a.join<Msg>({ app: APP, version: 1, parse, onMessage: () => undefined, bye: () => (lead ? { value: 9 } : false) });
    net.flush();
    t2.leave();
    net.flush();
    expect(b.got.at(-1)).toMatchObject({ kind: 'hello' });
  });
});

describe('requests', () => {
  /** b answers `ask` with the value doubled, unless it is told to stay silent */
  function pair(opts: { silent?: boolean; requestTimeoutMs?: number } = {}) {
    const net = new MemoryNetwork();
    const a = window_(net, 'wa', {
      requestTimeoutMs: opts.requestTimeoutMs,
      onMessage: (m, t) => {
        if (m.kind === 'answer') t.answer(m.id, m.value);
      },
    });
    const b = window_(net, 'wb', {
      onMessage: (m, t) => {
        if (m.kind === 'ask' && !opts.silent) t.send({ kind: 'answer', to: m.from, id: m.id, value: m.value! * 2 });
      },
    });
    net.flush();
    return { net, a, b };
  }

  it('answers a request with the response addressed to it', async () => {
    const { net, a } = pair();
    const p = a.topic.request<number>('wb', (id) => ({ kind: 'ask', to: 'wb', id, value: 21 }));
    net.flush();
    await expect(p).resolves.toBe(42);
  });

  it('answers null after the timeout when no response comes', async () => {
    vi.useFakeTimers();
    const { net, a } = pair({ silent: true });
    const p = a.topic.request<number>('wb', (id) => ({ kind: 'ask', to: 'wb', id, value: 1 }));
    net.flush();
    let done = false;
    void p.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(p).resolves.toBeNull();
  });

  it('answers null at once when the window asked leaves, and a late answer changes nothing', async () => {
    const { net, a, b } = pair({ silent: true });
    const p = a.topic.request<number>('wb', (id) => ({ kind: 'ask', to: 'wb', id, value: 1 }));
    net.flush();
    b.topic.leave();
    net.flush();
    await expect(p).resolves.toBeNull();
    expect(a.topic.answer(1, 5)).toBe(false);
  });

  it('keeps at most MAX_PENDING requests open: the oldest is answered null first', async () => {
    const pending = new Pending<string | null>({ fallback: null });
    const first = pending.open('wb');
    const rest = Array.from({ length: MAX_PENDING }, () => pending.open('wb'));
    expect(pending.size).toBe(MAX_PENDING);
    await expect(first.promise).resolves.toBeNull();
    expect(pending.settle(rest[0].id, 'ok')).toBe(true);
    await expect(rest[0].promise).resolves.toBe('ok');
    expect(pending.settle(rest[0].id, 'again')).toBe(false);
    pending.clear();
    await expect(rest[1].promise).resolves.toBeNull();
    expect(pending.stats).toMatchObject({ opened: MAX_PENDING + 1, answered: 1, dropped: MAX_PENDING });
  });
});

describe("the lab's lead over the channel", () => {
  /** a window's lab: a Lead, claims and states over the topic, as store/labSync.ts does */
  function lab(net: MemoryNetwork, id: string) {
    const lead = new Lead();
    const events: string[] = [];
    const w = window_(net, id, {
      onMessage: (m) => {
        const claim = m.clock;
        if (m.kind === 'state' && claim && lead.heard(m.from, claim)) events.push(`follow ${m.from}`);
        if (m.kind === 'bye' && lead.left(m.from)) events.push('own race');
      },
    });
    const train = () => {
      lead.take(w.topic.stamp());
      w.topic.send({ kind: 'state', clock: lead.claim! });
    };
    return { lead, events, train, ...w };
  }

  it('two windows pressing Train at once agree on one leader', () => {
    const net = new MemoryNetwork();
    const a = lab(net, 'wa');
    const b = lab(net, 'wb');
    net.flush();
    a.train();
    b.train();
    net.flush();
    expect([a.lead.role(), b.lead.role()].sort()).toEqual(['follows', 'leads']);
    const leader = a.lead.leading ? a : b;
    const follower = leader === a ? b : a;
    expect(follower.lead.leader).toBe(leader.ch.id);
    // a later Train in the follower takes the lead back
    follower.train();
    net.flush();
    expect(follower.lead.role()).toBe('leads');
    expect(leader.lead.role()).toBe('follows');
  });

  it('a leader that leaves mid-race gives each window back a race of its own', () => {
    const net = new MemoryNetwork();
    const a = lab(net, 'wa');
    const b = lab(net, 'wb');
    const c = lab(net, 'wc');
    net.flush();
    a.train();
    net.flush();
    expect([b.lead.role(), c.lead.role()]).toEqual(['follows', 'follows']);
    // the leader's window closes: its bye carries its claim (the topic's bye)
    a.topic.send({ kind: 'bye', clock: a.lead.claim! });
    net.flush();
    expect(b.events).toEqual(['follow wa', 'own race']);
    expect(c.events).toEqual(['follow wa', 'own race']);
    expect([b.lead.role(), c.lead.role()]).toEqual(['alone', 'alone']);
    // a stale state from the gone leader's old claim does not make anyone follow it again
    c.train();
    net.flush();
    expect(b.lead.leader).toBe('wc');
    expect(b.lead.heard('wa', { n: 1, from: 'wa' })).toBe(false);
  });

  it('a follower that leaves changes nothing for the others', () => {
    const net = new MemoryNetwork();
    const a = lab(net, 'wa');
    const b = lab(net, 'wb');
    const c = lab(net, 'wc');
    net.flush();
    a.train();
    net.flush();
    b.topic.leave();
    net.flush();
    expect(a.lead.role()).toBe('leads');
    expect(c.lead.leader).toBe('wa');
    expect(a.topic.peers()).toEqual(['wc']);
  });
});
