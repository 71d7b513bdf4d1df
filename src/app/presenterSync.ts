import { useEffect } from 'react';
import type { Route, RouteMode } from '../store/route';

/**
 * Keeps the presenter's notes window and the projected window on the same section.
 * Messages are plain data ({ slug }) over a BroadcastChannel (same origin, no server).
 */
const CHANNEL = 'unrolled-presenter';

interface SyncMessage {
  from: 'stage' | 'notes';
  slug: string;
}

export function usePresenterSync(route: Route, navigate: (slug: string, mode: RouteMode) => void) {
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined' || !route.slug || route.slug === '__invalid__') return;
    if (route.mode === 'read') return;
    const ch = new BroadcastChannel(CHANNEL);
    const me: SyncMessage['from'] = route.mode === 'notes' ? 'notes' : 'stage';
    ch.postMessage({ from: me, slug: route.slug } satisfies SyncMessage);
    ch.onmessage = (ev: MessageEvent<SyncMessage>) => {
      const msg = ev.data;
      if (!msg || typeof msg.slug !== 'string' || msg.from === me || msg.slug === route.slug) return;
      navigate(msg.slug, route.mode);
    };
    return () => ch.close();
  }, [route.mode, route.slug, navigate]);
}
