import { useEffect, useState } from 'react';

/**
 * A value that loads once (a chunk, fonts), without Suspense: undefined until it is there, then the
 * value; a failed load throws in render, for the nearest error boundary.
 *
 * Why not `lazy` + `<Suspense>`: React 19 holds back the content that replaces a fallback until
 * 300 ms after that fallback was shown (its reveal throttle for retries), so a section whose chunk
 * arrived in 30 ms still appeared 300 ms after its placeholder, and its simulator asked for its
 * first trace that much later (issue 11: first trace ≤ 500 ms after idle). Here the value arrives
 * as an ordinary state update, committed at once.
 *
 * `key` names what is loaded (a new key starts over and never shows the previous value); `peek`
 * returns the value when it is already there, so a second mount renders it in its first pass.
 */
export function useLoaded<T>(key: unknown, peek: () => T | undefined, load: () => Promise<T>): T | undefined {
  const [state, setState] = useState<{ key: unknown; value?: T; error?: unknown; failed?: boolean } | null>(null);
  const mine = state?.key === key ? state : null;
  const value = mine && !mine.failed ? mine.value : peek();
  useEffect(() => {
    if (value !== undefined || mine?.failed) return;
    let live = true;
    load().then(
      (v) => live && setState({ key, value: v }),
      (error: unknown) => live && setState({ key, error, failed: true }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on `key`: peek and load are read once per key
  }, [key, value === undefined, mine?.failed]);
  if (mine?.failed) throw mine.error;
  return value;
}
