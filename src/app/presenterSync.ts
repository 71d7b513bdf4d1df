import { useEffect } from 'react';
import { navigateDeck, parseHash, type Route } from '../store/route';
import { usePresentation } from '../store/presentation';
import { newer, validStamp, windowChannel, type Stamp, type Topic } from '../store/channel';

/**
 * Keeps the presenter view and the audience window(s) on the same slide and clicker step (issue 10,
 * item 4: navigation; the simulators' own state is another topic, store/simSync.ts). A topic
 * (`unrolled-deck`) on the one cross-window channel (store/channel.ts: transport with its storage
 * fallback, envelope, window id, clock). A window that joins says hello and follows the answer;
 * every window then follows every move. Each move carries the stamp of the change it reports, and
 * a window follows only a move newer than the last one it made or followed, so two windows moving
 * at once end on the same slide. Unknown or malformed messages (e.g. from an older or newer
 * version) are ignored, a second audience window simply joins, and closing any window leaves the
 * others as they are.
 */
export const SYNC_APP = 'unrolled-deck';
export const SYNC_VERSION = 1;

export type SyncMessage =
  | { v: 1; kind: 'hello' | 'bye'; from: string }
  | { v: 1; kind: 'nav'; from: string; slug: string; slide: number; step: number; blackout: boolean; sent: number; clock?: Stamp };

const SLUG = /^[a-z0-9-]{1,64}$/;
const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 10_000;

/** The message, if it is one this version understands; null otherwise. */
export function readMessage(data: unknown): SyncMessage | null {
  if (!data || typeof data !== 'object') return null;
  const m = data as Record<string, unknown>;
  if (m.v !== SYNC_VERSION || typeof m.from !== 'string' || m.from.length > 64) return null;
  if (m.kind === 'hello' || m.kind === 'bye') return { v: 1, kind: m.kind, from: m.from };
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
      ...(validStamp(m.clock) ? { clock: { n: m.clock.n, from: m.clock.from } } : {}),
    };
  }
  return null;
}

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
    /** the stamp of the move shown here (made here or followed; none yet: the place this window opened at) */
    let shown: Stamp = { n: 0, from: '' };
    const nav = (t: Topic, place: { slug: string; slide: number; step: number }) =>
      t.send({ kind: 'nav', ...place, blackout: currentBlack, sent: Date.now(), clock: shown.from ? shown : { n: 0, from: t.me } });
    const topic: Topic = windowChannel().join<SyncMessage>({
      app: SYNC_APP,
      version: SYNC_VERSION,
      parse: readMessage,
      onMessage: (msg) => {
        if (msg.kind === 'hello') return void nav(topic, here());
        if (msg.kind !== 'nav') return;
        const clock = msg.clock ?? { n: 0, from: msg.from };
        topic.observe(clock);
        if (!newer(clock, shown)) return; // an older move than the one shown here
        shown = clock;
        if (msg.blackout !== currentBlack) {
          currentBlack = msg.blackout;
          usePresentation.getState().setBlackout(msg.blackout);
        }
        const k = `${msg.slug}/${msg.slide}/${msg.step}`;
        if (k === current) return;
        current = k;
        navigateDeck(msg.slug, mode, msg.slide, msg.step);
      },
    });
    syncRef.move = (place) => {
      shown = topic.stamp();
      nav(topic, place);
    };
    syncRef.setPlace = (k, black) => {
      const changed = k !== current || black !== currentBlack;
      current = k;
      currentBlack = black;
      return changed;
    };
    return () => {
      syncRef.move = null;
      topic.leave();
    };
    // the channel lives while this window presents; moves are sent by the effect below
  }, [active, mode]);

  // every move made here (keys, buttons, overview, a jump) is sent once
  useEffect(() => {
    if (!key || !syncRef.move) return;
    if (!syncRef.setPlace(key, blackout)) return;
    const [slug, slide, step] = key.split('/');
    syncRef.move({ slug, slide: Number(slide), step: Number(step) });
  }, [key, blackout]);
}

const syncRef: {
  /** sends a move made here */
  move: ((place: { slug: string; slide: number; step: number }) => void) | null;
  setPlace: (k: string, black: boolean) => boolean;
} = { move: null, setPlace: () => false };
