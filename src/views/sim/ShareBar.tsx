/**
 * A simulator's sharing tools: "Copy link" (the page's URL with this simulator's settings and
 * playback, confirmed on screen; where the clipboard is refused, the link is shown to copy by hand).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSimulatorStore } from '../../store/simulator';
import { hashWith, splitHash } from './link';
import './share-bar.css';

/** The URL that opens this page with this simulator as it is now. */
export function linkFor(id: string): string {
  const inst = useSimulatorStore.getState().instances[id];
  const { path } = splitHash(window.location.hash);
  const embed = /^#\/embed\//.test(path);
  const hash = hashWith(path || '#/', inst ? [inst] : [], { bare: embed });
  return window.location.href.split('#')[0] + hash;
}

export function ShareBar({ id, children }: { id: string; children?: ReactNode }) {
  const [copied, setCopied] = useState<{ ok: boolean; url: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const url = linkFor(id);
    let ok = false;
    try {
      await navigator.clipboard.writeText(url);
      ok = true;
    } catch {
      ok = false;
    }
    setCopied({ ok, url });
    clearTimeout(timer.current);
    if (ok) timer.current = setTimeout(() => setCopied(null), 4000);
  };
  return (
    <div className="sim-share" role="group" aria-label="Share and export">
      <button type="button" className="button button-quiet" onClick={copy} data-testid="sim-copy-link">
        Copy link
      </button>
      {children}
      <span className="sim-share-status" role="status" data-testid="sim-copy-status">
        {copied?.ok && 'Link copied: it opens this simulator exactly as it is now.'}
      </span>
      {copied && !copied.ok && (
        <label className="sim-share-manual">
          The browser did not allow copying; copy this link yourself:
          <input readOnly value={copied.url} onFocus={(e) => e.currentTarget.select()} autoFocus data-testid="sim-link-text" />
        </label>
      )}
    </div>
  );
}
