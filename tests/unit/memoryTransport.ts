/**
 * An in-memory network of windows for the channel's protocol tests: every transport opened on it
 * is one window; what one posts reaches every other open one when the test says (`flush`), in
 * order, reordered, duplicated or not at all, and each delivery is a structured clone (as a
 * BroadcastChannel's).
 */
import { Channel, type Stamp, type Topic, type Transport, type TransportFactory } from '../../src/store/channel';

interface Port {
  onData: (data: unknown) => void;
  open: boolean;
}

export class MemoryNetwork {
  private ports: Port[] = [];
  /** posted, not yet delivered */
  queue: { to: Port; data: unknown }[] = [];
  /** every message posted, in order (for assertions on what went out) */
  log: unknown[] = [];

  factory(structured = true): TransportFactory {
    return (onData) => {
      const port: Port = { onData, open: true };
      this.ports.push(port);
      const t: Transport = {
        structured,
        post: (data) => {
          if (!port.open) throw new Error('closed');
          const copy = structuredClone(data);
          this.log.push(copy);
          for (const p of this.ports) if (p !== port && p.open) this.queue.push({ to: p, data: structuredClone(copy) });
        },
        close: () => {
          port.open = false;
        },
      };
      return t;
    };
  }

  /** delivers what is queued (and what that posts in turn), in order; `order` may permute each round */
  flush(order?: <T>(items: T[]) => T[]) {
    for (let round = 0; this.queue.length && round < 100; round++) {
      const batch = order ? order(this.queue) : this.queue;
      this.queue = [];
      for (const { to, data } of batch) if (to.open) to.onData(data);
    }
  }

  /** delivers each queued message twice */
  duplicate() {
    this.queue = this.queue.flatMap((q) => [q, { to: q.to, data: structuredClone(q.data) }]);
  }

  /** drops what is queued */
  lose() {
    this.queue = [];
  }

  /** how many windows have a transport open */
  get openPorts() {
    return this.ports.filter((p) => p.open).length;
  }
}

export const reversed = <T>(items: T[]): T[] => [...items].reverse();

/* ---------------------------------------------- a window with one test topic on the network -- */

export interface Msg {
  kind: string;
  from: string;
  value?: number;
  clock?: Stamp;
  to?: string;
  id?: number;
}

export const APP = 'test-topic';
export const parse = (raw: unknown): Msg | null => {
  const m = raw as Record<string, unknown>;
  if (!m || typeof m !== 'object' || m.app !== APP || m.v !== 1 || typeof m.from !== 'string' || typeof m.kind !== 'string') return null;
  if (m.kind === 'set' && typeof m.value !== 'number') return null;
  return m as unknown as Msg;
};

/** A window with one topic that logs what it receives. */
export function window_(net: MemoryNetwork, id: string, opts: { onMessage?: (m: Msg, t: Topic) => void; requestTimeoutMs?: number } = {}) {
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
