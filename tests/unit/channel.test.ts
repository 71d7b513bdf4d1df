/**
 * The one cross-window channel (src/store/channel.ts) over an in-memory transport: the envelope,
 * foreign and malformed messages, duplicates, the clock and its tie-break, concurrent edits and
 * reordering converging, hello/bye, a joiner, the transports (requests and the lab's lead:
 * channel-requests.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { broadcastTransport, Channel, CHANNEL_STORAGE_KEY, CHANNEL_VERSION, newer, storageTransport, type Stamp } from '../../src/store/channel';
import { APP, MemoryNetwork, parse, reversed, window_, type Msg } from './memoryTransport';

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

describe('the transports', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('two windows on a real BroadcastChannel (Node has one) meet, with typed arrays cloned', async () => {
    const name = `unrolled-test-${Math.random()}`;
    const got: Msg[] = [];
    const a = new Channel({ transport: broadcastTransport(name), id: 'wa' });
    const b = new Channel({ transport: broadcastTransport(name), id: 'wb' });
    const ta = a.join<Msg>({ app: APP, version: 1, parse, onMessage: () => undefined });
    const tb = b.join<Msg>({ app: APP, version: 1, parse, onMessage: (m) => got.push(m) });
    ta.send({ kind: 'set', value: 5, packed: new Float64Array([1, NaN]) });
    await vi.waitFor(() => expect(got.map((m) => m.kind)).toEqual(['set']));
    expect((got[0] as unknown as { packed: Float64Array }).packed).toBeInstanceOf(Float64Array);
    expect(tb.peers()).toEqual(['wa']);
    ta.leave();
    tb.leave();
  });

  it('without BroadcastChannel the storage event carries the messages, NaN and ±Infinity included; junk in storage is dropped', () => {
    const store = new Map<string, string>();
    const win = Object.assign(new EventTarget(), {
      localStorage: { setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) },
    });
    vi.stubGlobal('window', win);
    vi.stubGlobal('BroadcastChannel', undefined);
    const got: Msg[] = [];
    const b = new Channel({ id: 'wb' }); // the default transport: the storage fallback here
    b.join<Msg>({ app: APP, version: 1, parse, onMessage: (m) => got.push(m) });
    // what another window writes arrives as a storage event (a window never hears its own writes)
    const other = new Channel({ transport: storageTransport(), id: 'wa' });
    const ta = other.join<Msg>({ app: APP, version: 1, parse, onMessage: () => undefined });
    ta.send({ kind: 'set', value: Infinity, loss: [NaN, -Infinity] });
    const text = store.get(CHANNEL_STORAGE_KEY)!;
    expect(JSON.parse(text).msg).toMatchObject({ app: APP, from: 'wa', kind: 'set' });
    const fire = (newValue: string | null, key = CHANNEL_STORAGE_KEY) => win.dispatchEvent(Object.assign(new Event('storage'), { key, newValue }));
    fire(text);
    expect(got).toEqual([expect.objectContaining({ kind: 'set', value: Infinity, loss: [NaN, -Infinity] })]);
    const dropped = b.stats.dropped;
    fire('{not json');
    fire(JSON.stringify({ msg: 'hello' }));
    fire(text, 'unrolled:prefs'); // another key: not the channel's
    expect(got).toHaveLength(1);
    expect(b.stats.dropped).toBe(dropped + 2);
  });
});
