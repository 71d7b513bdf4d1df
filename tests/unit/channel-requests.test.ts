/**
 * The channel's bounded requests (src/store/channel.ts, src/store/requests.ts) and the lab's lead
 * (store/labSync.ts) over an in-memory transport: answers, timeouts, a window that leaves while
 * asked or mid-race, the bound on open requests (and the engine client's use of them), two windows
 * claiming the lead at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PENDING, Pending, REQUEST_TIMEOUT_MS } from '../../src/store/channel';
import { Lead } from '../../src/store/labSync';
import { MemoryNetwork, window_ } from './memoryTransport';

afterEach(() => {
  vi.useRealTimers();
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

  it("the engine's use: a bound of its own per request, onTimeout told which one passed it, clear with a value", async () => {
    vi.useFakeTimers();
    const timedOut: number[] = [];
    const pending = new Pending<string | null>({ fallback: null, timeoutMs: 30_000, onTimeout: (id) => timedOut.push(id) });
    const short = pending.open(null, 3000);
    const long = pending.open();
    vi.advanceTimersByTime(3000);
    await expect(short.promise).resolves.toBeNull();
    expect(timedOut).toEqual([short.id]);
    expect(pending.size).toBe(1);
    pending.clear('failed');
    await expect(long.promise).resolves.toBe('failed');
    vi.advanceTimersByTime(30_000);
    expect(timedOut).toEqual([short.id]);
    expect(pending.stats).toMatchObject({ opened: 2, timedOut: 1, dropped: 1 });
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
