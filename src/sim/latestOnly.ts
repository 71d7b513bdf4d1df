/**
 * Runs an async job at most once at a time, for the most recent request only. A request made
 * while a job is running supersedes it: that job's result is dropped (sequence numbers), and the
 * newest request runs next. Requests in between are never run at all.
 *
 * `settle`, when given, is awaited after a result has been delivered and before the next queued
 * job starts: the page uses it to let the browser paint the delivered trace first, so a slider
 * drag alternates "compute, draw" instead of piling the next computation's main-thread work onto
 * the frame that draws the last one. It is not awaited after a dropped (superseded) result or an
 * error, and a settle that throws is ignored.
 */
export class LatestOnly<I, O> {
  private seq = 0;
  private running = false;
  private settling = false;
  private queued: { input: I; seq: number } | null = null;
  private disposed = false;

  constructor(
    private readonly fn: (input: I) => Promise<O>,
    private readonly on: { result: (out: O, seq: number) => void; error: (err: unknown, seq: number) => void },
    private readonly settle?: () => Promise<void>,
  ) {}

  /** Asks for a run with this input; returns its sequence number. */
  request(input: I): number {
    const seq = ++this.seq;
    this.queued = { input, seq };
    if (!this.running) void this.pump();
    return seq;
  }

  /** The newest sequence number handed out. */
  get latest(): number {
    return this.seq;
  }

  /** whether a job is computing (waiting for the settle after a delivered result is not) */
  get busy(): boolean {
    return this.running && !this.settling;
  }

  dispose(): void {
    this.disposed = true;
    this.queued = null;
  }

  private async pump(): Promise<void> {
    this.running = true;
    while (this.queued && !this.disposed) {
      const job = this.queued;
      this.queued = null;
      try {
        const out = await this.fn(job.input);
        if (!this.disposed && job.seq === this.seq) {
          this.on.result(out, job.seq);
          if (this.settle) {
            this.settling = true;
            await this.settle().catch(() => undefined);
            this.settling = false;
          }
        }
      } catch (err) {
        if (!this.disposed && job.seq === this.seq) this.on.error(err, job.seq);
      }
    }
    this.running = false;
  }
}
