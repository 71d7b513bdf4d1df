import { useEffect } from 'react';
import { navigateDeck, parseHash, type Route } from '../store/route';
import { usePresentation } from '../store/presentation';

/**
 * Keeps the presenter view and the audience window(s) on the same slide and clicker step (issue 10,
 * item 4: navigation; the simulators' own state is synced by the simulator sync module). Messages
 * are plain, versioned data over a BroadcastChannel (same origin, no server), or, where there is
 * none, over `storage` events. A window that joins asks where the deck is ("hello") and follows the
 * answer; every window then follows every move. Unknown or malformed messages (e.g. from an older
 * or newer version) are ignored, a second audience window simply joins, and closing any window
 * leaves the others as they are.
 */
export const SYNC_CHANNEL = 'unrolled-presenter';
export const SYNC_VERSION = 1;
const STORAGE_KEY = 'unrolled:presenter-sync';

export type SyncMessage =
  | { v: 1; kind: 'hello'; from: string }
  | { v: 1; kind: 'nav'; from: string; slug: string; slide: number; step: number; blackout: boolean; sent: number };

const SLUG = /^[a-z0-9-]{1,64}$/;
const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 10_000;

/** The message, if it is one this version understands; null otherwise. */
export function readMessage(data: unknown): SyncMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.v !== SYNC_VERSION || typeof m.from !== 'string' || m.from.length > 64) return null;
  if (m.kind === 'hello') return { v: 1, kind: 'hello', from: m.from };
  if (m.kind === 'nav' && typeof m.slug === 'string' && SLUG.test(m.slug) && count(m.slide) && count(m.step)) {
    return {
      v: 1,
      kind: 'nav',
      from: m.from,
      slug: m.slug,
      slide: m.slide as number,
      step: m.step as number,
      blackout: m.blackout === true,
      sent: typeof m.sent === 'number' ? m.sent : 0,
    };
  }
  return null;
}

/** A transport: BroadcastChannel where there is one, else localStorage `storage` events. */
function openTransport(onMessage: (data: unknown) => void): { post: (m: SyncMessage) => void; close: () => void } {
  if (typeof BroadcastChannel !== 'undefined') {
    const ch = new BroadcastChannel(SYNC_CHANNEL);
    ch.onmessage = (ev) => onMessage(ev.data);
    return { post: (m) => ch.postMessage(m), close: () => ch.close() };
  }
  const onStorage = (ev: StorageEvent) => {
    if (ev.key !== STORAGE_KEY || !ev.newValue) return;
    try {
      onMessage(JSON.parse(ev.newValue));
    } catch {
      /* not ours */
    }
  };
  window.addEventListener('storage', onStorage);
  return {
    post: (m) => {
      try {
        // a nonce makes every write an event, even when the same place is sent twice
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...m, nonce: Math.random() }));
      } catch {
        /* storage full or blocked: this window stays on its own */
      }
    },
    close: () => window.removeEventListener('storage', onStorage),
  };
}

const WINDOW_ID = Math.random().toString(36).slice(2, 12);

/** Where this window's deck is, from its URL (null: not presenting). */
function placeOf(route: Route) {
  if ((route.mode !== 'present' && route.mode !== 'notes') || !route.slug || route.slug === '__invalid__') return null;
  const slide = Number.isFinite(route.slide) ? Math.max(0, (route.slide ?? 1) - 1) : 0;
  const step = Number.isFinite(route.step) ? (route.step ?? 0) : 0;
  return { slug: route.slug, slide, step };
}

export function usePresenterSync(route: Route) {
  const place = placeOf(route);
  const mode = route.mode === 'notes' ? 'notes' : 'present';
  const key = place ? `${place.slug}/${place.slide}/${place.step}` : null;
  const blackout = usePresentation((s) => s.blackout);
  const active = key !== null;

  useEffect(() => {
    const start = active ? placeOf(parseHash(window.location.hash)) : null;
    if (!start) return;
    let current = `${start.slug}/${start.slide}/${start.step}`;
    let currentBlack = usePresentation.getState().blackout;
    const here = () => {
      const [slug, slide, step] = current.split('/');
      return { slug, slide: Number(slide), step: Number(step) };
    };
    const t = openTransport((data) => {
      const msg = readMessage(data);
      if (!msg || msg.from === WINDOW_ID) return;
      if (msg.kind === 'hello') return t.post({ v: 1, kind: 'nav', from: WINDOW_ID, ...here(), blackout: currentBlack, sent: Date.now() });
      if (msg.blackout !== currentBlack) {
        currentBlack = msg.blackout;
        usePresentation.getState().setBlackout(msg.blackout);
      }
      const k = `${msg.slug}/${msg.slide}/${msg.step}`;
      if (k === current) return;
      current = k;
      navigateDeck(msg.slug, mode, msg.slide, msg.step);
    });
    syncRef.post = (m) => t.post(m);
    syncRef.setPlace = (k, black) => {
      const changed = k !== current || black !== currentBlack;
      current = k;
      currentBlack = black;
      return changed;
    };
    // a window that joins asks where the deck is
    t.post({ v: 1, kind: 'hello', from: WINDOW_ID });
    return () => {
      syncRef.post = null;
      t.close();
    };
    // the channel lives while this window presents; moves are sent by the effect below
  }, [active, mode]);

  // every move made here (keys, buttons, overview, a jump) is sent once
  useEffect(() => {
    if (!key || !syncRef.post) return;
    if (!syncRef.setPlace(key, blackout)) return;
    const [slug, slide, step] = key.split('/');
    syncRef.post({ v: 1, kind: 'nav', from: WINDOW_ID, slug, slide: Number(slide), step: Number(step), blackout, sent: Date.now() });
  }, [key, blackout]);
}

const syncRef: {
  post: ((m: SyncMessage) => void) | null;
  setPlace: (k: string, black: boolean) => boolean;
} = { post: null, setPlace: () => false };
