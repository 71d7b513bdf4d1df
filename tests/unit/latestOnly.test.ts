/**
 * The recompute pipeline's scheduling: LatestOnly runs the newest request only, one at a time,
 * and (given a settle) lets the page paint a delivered trace before the next run starts.
 */
import { describe, expect, it, vi } from 'vitest';
import { LatestOnly } from '../../src/sim/latestOnly';
import { afterPaint } from '../../src/views/kit/frames';

describe('LatestOnly (the recompute pipeline)', () => {
  it('runs one job at a time and drops superseded results', async () => {
    const started: number[] = [];
    const results: number[] = [];
    const resolvers: (() => void)[] = [];
    const job = (n: number) =>
      new Promise<number>((res) => {
        started.push(n);
        resolvers.push(() => res(n * 10));
      });
    const r = new LatestOnly(job, { result: (o) => results.push(o), error: () => {} });
    r.request(1);
    r.request(2);
    r.request(3); // 2 is never run
    expect(started).toEqual([1]);
    resolvers[0]();
    await new Promise((res) => setTimeout(res, 0));
    expect(results).toEqual([]); // 1 was superseded
    expect(started).toEqual([1, 3]);
    resolvers[1]();
    await new Promise((res) => setTimeout(res, 0));
    expect(results).toEqual([30]);
  });

  it('reports errors of the newest run only, and nothing after dispose', async () => {
    const errors: string[] = [];
    const results: number[] = [];
    const r = new LatestOnly(
      async (n: number) => {
        if (n < 0) throw new Error(`bad ${n}`);
        return n;
      },
      { result: (o) => results.push(o), error: (e) => errors.push((e as Error).message) },
    );
    r.request(-1);
    await new Promise((res) => setTimeout(res, 0));
    expect(errors).toEqual(['bad -1']);
    r.dispose();
    r.request(5);
    await new Promise((res) => setTimeout(res, 0));
    expect(results).toEqual([]);
  });
});

describe('LatestOnly settle (paint before the next run)', () => {
  const tick = () => new Promise((res) => setTimeout(res, 0));

  it('waits for the settle after a delivered result before starting the queued job', async () => {
    const log: string[] = [];
    let release: () => void = () => {};
    const r = new LatestOnly(
      async (n: number) => {
        log.push(`run ${n}`);
        return n;
      },
      { result: (o) => log.push(`result ${o}`), error: () => {} },
      () =>
        new Promise<void>((res) => {
          log.push('settle');
          release = res;
        }),
    );
    r.request(1);
    await tick();
    expect(log).toEqual(['run 1', 'result 1', 'settle']);
    expect(r.busy).toBe(false); // waiting for the paint is not computing
    r.request(2); // arrives while the first trace is being painted
    await tick();
    expect(log).toEqual(['run 1', 'result 1', 'settle']); // 2 waits for the paint
    release();
    await tick();
    expect(log).toEqual(['run 1', 'result 1', 'settle', 'run 2', 'result 2', 'settle']);
  });

  it('does not settle after a dropped result or an error, and survives a failing settle', async () => {
    const log: string[] = [];
    const resolvers: (() => void)[] = [];
    const r = new LatestOnly(
      (n: number) =>
        n < 0
          ? Promise.reject(new Error('bad'))
          : new Promise<number>((res) => {
              log.push(`run ${n}`);
              resolvers.push(() => res(n));
            }),
      { result: (o) => log.push(`result ${o}`), error: () => log.push('error') },
      () => {
        log.push('settle');
        return Promise.reject(new Error('settle failed'));
      },
    );
    r.request(1);
    r.request(2); // supersedes 1: its result is dropped, no settle
    resolvers[0]();
    await tick();
    expect(log).toEqual(['run 1', 'run 2']);
    resolvers[1]();
    await tick();
    expect(log).toEqual(['run 1', 'run 2', 'result 2', 'settle']);
    r.request(-1);
    await tick();
    expect(log.slice(4)).toEqual(['error']); // no settle after an error
    r.request(3); // the failed settle left the runner working
    await tick();
    resolvers[2]();
    await tick();
    expect(log.slice(5)).toEqual(['run 3', 'result 3', 'settle']);
  });

  it('afterPaint resolves within its bound when no frame comes (a hidden tab)', async () => {
    vi.useFakeTimers();
    try {
      const raf = vi.fn(() => 1); // a frame that never comes
      vi.stubGlobal('requestAnimationFrame', raf);
      vi.stubGlobal('cancelAnimationFrame', vi.fn());
      let done = false;
      void afterPaint(100).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
      expect(raf).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('afterPaint resolves a macrotask after the frame', async () => {
    vi.useFakeTimers();
    try {
      let frame: (() => void) | null = null;
      vi.stubGlobal('requestAnimationFrame', (cb: () => void) => ((frame = cb), 1));
      vi.stubGlobal('cancelAnimationFrame', vi.fn());
      let done = false;
      void afterPaint(100).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(5);
      expect(done).toBe(false);
      frame!(); // the frame runs its callbacks; the paint follows them
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('afterPaint(max, 2) waits for the second frame (the deferred render), still within its bound', async () => {
    vi.useFakeTimers();
    try {
      const frames: (() => void)[] = [];
      vi.stubGlobal('requestAnimationFrame', (cb: () => void) => (frames.push(cb), frames.length));
      vi.stubGlobal('cancelAnimationFrame', vi.fn());
      let done = false;
      void afterPaint(100, 2).then(() => (done = true));
      expect(frames).toHaveLength(1);
      frames[0](); // the first paint: the hero
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(false);
      expect(frames).toHaveLength(2); // the second frame is asked for only now
      frames[1](); // the second paint: the deferred details
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);

      // the second frame never comes: the bound still answers
      let late = false;
      void afterPaint(100, 2).then(() => (late = true));
      frames[2]();
      await vi.advanceTimersByTimeAsync(99);
      expect(late).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(late).toBe(true);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});
