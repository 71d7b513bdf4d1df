import { useEffect, useState } from 'react';

type Updater = (reload?: boolean) => Promise<void>;

let pending: Updater | null = null;
const listeners = new Set<() => void>();

/** Called by the service worker registration (src/main.tsx) when a new deployment is waiting. */
export function announceUpdate(update: Updater): void {
  pending = update;
  listeners.forEach((l) => l());
}

/** "A new version is available": reload now, or keep reading (it applies on the next visit). */
export function UpdatePrompt() {
  const [update, setUpdate] = useState<Updater | null>(pending);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    const l = () => setUpdate(() => pending);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  if (!update || dismissed) return null;
  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <span>A new version of Unrolled is available.</span>
      <button type="button" className="button" onClick={() => void update(true)}>
        Reload
      </button>
      <button type="button" className="button button-quiet" onClick={() => setDismissed(true)}>
        Later
      </button>
    </div>
  );
}
