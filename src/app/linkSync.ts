import { useEffect } from 'react';
import { useShareStore } from '../store/share';
import { useSimulatorStore } from '../store/simulator';
import { decodeQuery, hashWith, splitHash, type LinkedSim } from '../sim/link';
import { isPreset } from '../sim/settings';
import { parseHash } from '../store/route';
import { useTrainingStore } from '../store/training';
import { applyLabLink } from '../store/labLink';
import { decodeLab, encodeLab } from '../train/link';

/**
 * Links ↔ store. Opening a hash with a query (`#/bptt?v=1&bptt.T=40`) loads those simulators'
 * settings and playback (sanitised, with notices), and the training lab's settings
 * (`#/training?v=1&lab.T=40`: src/train/link.ts); afterwards the URL follows the simulators and
 * the lab on the page with history.replaceState, so history keeps one entry per section, not one
 * per slider notch. Only the simulator and training stores are written: progress and preferences
 * are untouched, and trained weights or results never travel in a link.
 */
let lastWritten: string | null = null;

/** Applies the state a hash carries. Returns whether it carried any. Never throws. */
export function applyHash(hash: string): boolean {
  const { path, query } = splitHash(hash);
  if (!query) return false;
  const route = parseHash(path);
  const { sims, notices, at } = decodeQuery(query, { bare: route.mode === 'embed' && isPreset(route.slug) ? route.slug : undefined });
  const store = useSimulatorStore.getState();
  for (const [id, sim] of Object.entries(sims)) store.load(id, sim);
  // the lab's keys (an embed shows one simulator, never the lab)
  const lab = route.mode === 'embed' ? { lab: null, notices: [] } : decodeLab(query);
  if (lab.lab) applyLabLink(lab.lab);
  useShareStore.getState().setNotices([...notices, ...lab.notices]);
  // the reading page opens scrolled to the figure the link names (src/app/openAt.ts)
  if (route.mode === 'read' && at) useShareStore.getState().setOpenAt(at);
  lastWritten = hash;
  return true;
}

/** The hash the simulators on the page ask for now (null: leave the URL alone). */
export function currentHash(): string | null {
  const hash = window.location.hash;
  const { path, query } = splitHash(hash);
  const route = parseHash(path);
  if (!route.slug || route.slug === '__invalid__' || route.mode === 'notes' || route.mode === 'handout') return null;
  const { onPage, labOnPage } = useShareStore.getState();
  const ids = Object.keys(onPage);
  const lab = labOnPage > 0 && route.mode !== 'embed';
  if (ids.length === 0 && !lab) return null; // nothing on the page (yet): keep what the link says
  const instances = useSimulatorStore.getState().instances;
  const sims = ids.map((id) => instances[id]).filter((s): s is LinkedSim => !!s);
  if (route.mode !== 'embed') return hashWith(path || '#/', sims, { extra: lab ? encodeLab(useTrainingStore.getState()) : [] });
  // an embed keeps its theme parameter
  const theme = /(?:^|&)(theme=[a-z]+)(?:&|$)/.exec(query)?.[1];
  const next = hashWith(path, sims, { bare: true });
  return theme ? `${next}${next.includes('?') ? '&' : '?'}${theme}` : next;
}

function write() {
  const next = currentHash();
  if (next === null || next === window.location.hash) return;
  lastWritten = next;
  window.history.replaceState(window.history.state, '', next);
}

export function useLinkSync() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(write, 120);
    };
    const onHash = () => {
      if (window.location.hash !== lastWritten && applyHash(window.location.hash)) return;
      schedule();
    };
    window.addEventListener('hashchange', onHash);
    const unsubSim = useSimulatorStore.subscribe(schedule);
    const unsubShare = useShareStore.subscribe((s, prev) => (s.onPage !== prev.onPage || s.labOnPage !== prev.labOnPage) && schedule());
    // the lab's settings, not its progress (a report every frame while training)
    const unsubLab = useTrainingStore.subscribe((s, prev) => (s.config !== prev.config || s.backendChoice !== prev.backendChoice) && schedule());
    return () => {
      clearTimeout(timer);
      window.removeEventListener('hashchange', onHash);
      unsubSim();
      unsubShare();
      unsubLab();
    };
  }, []);
}
