/**
 * An in-memory network of windows for the channel's protocol tests: every transport opened on it
 * is one window; what one posts reaches every other open one when the test says (`flush`), in
 * order, reordered, duplicated or not at all, and each delivery is a structured clone (as a
 * BroadcastChannel's).
 */
import type { Transport, TransportFactory } from '../../src/store/channel';

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
