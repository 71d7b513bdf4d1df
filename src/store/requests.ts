/** The one bound policy of every request/response map between windows and with workers (./channel.ts). */
export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_PENDING = 64;

/**
 * A bounded request/response map: every request is answered, by its response, by `fallback` after
 * `timeoutMs`, when the window it went to leaves (`dropOwner`), when more than `max` are open (the
 * oldest first) or on `clear`. The channel's requests use the defaults; the engine's
 * (engineClient.ts) its own bound, with `onTimeout` replacing the worker that did not answer.
 */
export class Pending<T> {
  private next = 1;
  private open_ = new Map<number, { owner: string | null; resolve: (v: T) => void; timer: ReturnType<typeof setTimeout> }>();
  readonly stats = { opened: 0, answered: 0, timedOut: 0, dropped: 0 };
  private readonly timeoutMs: number;
  private readonly max: number;
  private readonly fallback: T;
  private readonly onTimeout?: (id: number) => void;

  constructor(opts: { fallback: T; timeoutMs?: number; max?: number; onTimeout?: (id: number) => void }) {
    this.fallback = opts.fallback;
    this.timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.max = opts.max ?? MAX_PENDING;
    this.onTimeout = opts.onTimeout;
  }

  /**
   * A new request (to `owner`, a window id, where it goes to one): its id and its answer.
   * `timeoutMs` overrides the map's bound for this request (a test shortens the engine's).
   */
  open(owner: string | null = null, timeoutMs = this.timeoutMs): { id: number; promise: Promise<T> } {
    const id = this.next++;
    this.stats.opened++;
    const promise = new Promise<T>((resolve) => {
      const timer = setTimeout(() => {
        if (this.open_.delete(id)) {
          this.stats.timedOut++;
          resolve(this.fallback);
          this.onTimeout?.(id);
        }
      }, timeoutMs);
      this.open_.set(id, { owner, resolve, timer });
    });
    while (this.open_.size > this.max) this.finish(this.open_.keys().next().value as number, this.fallback, 'dropped');
    return { id, promise };
  }

  /** Answers a request; false if it is not open (answered, timed out, or never asked). */
  settle(id: unknown, value: T): boolean {
    return typeof id === 'number' && this.finish(id, value, 'answered');
  }

  /** Answers with the fallback every request that went to `owner` (it left). */
  dropOwner(owner: string) {
    for (const [id, r] of [...this.open_]) if (r.owner === owner) this.finish(id, this.fallback, 'dropped');
  }

  /** Answers every open request, with `value` (by default the fallback). */
  clear(value: T = this.fallback) {
    for (const id of [...this.open_.keys()]) this.finish(id, value, 'dropped');
  }

  get size() {
    return this.open_.size;
  }

  private finish(id: number, value: T, how: 'answered' | 'dropped'): boolean {
    const r = this.open_.get(id);
    if (!r) return false;
    this.open_.delete(id);
    clearTimeout(r.timer);
    this.stats[how]++;
    r.resolve(value);
    return true;
  }
}
