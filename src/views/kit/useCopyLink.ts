import { useEffect, useRef, useState } from 'react';

/**
 * "Copy link" for the simulators' share bar and the lab's: writes the URL to the clipboard and
 * keeps what happened (`ok`, the `url` to show for copying by hand where the clipboard is refused,
 * and the caller's `extra` facts) for the confirmation; a success clears itself after 4 s.
 */
export function useCopyLink<E extends object = object>() {
  const [copied, setCopied] = useState<({ ok: boolean; url: string } & E) | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async (url: string, extra: () => E) => {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      ok = false;
    }
    setCopied({ ok, url, ...extra() });
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setCopied(null), 4000);
  };
  return [copied, copy] as const;
}
