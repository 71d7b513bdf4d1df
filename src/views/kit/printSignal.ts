/**
 * Printing as state (issue 10, handouts). A real Ctrl+P, window.print() and Chromium's PDF output
 * all fire `beforeprint` and then lay the page out for print without running a frame in between.
 * So, in `beforeprint` (and when print media starts, e.g. emulated):
 *   1. `data-printing` goes on <html>: the printed presentation's layout (app.css: the one canvas at
 *      the page's size) applies on screen too, so what is looked at is what prints;
 *   2. the subscribers re-render, synchronously (flushSync): ThemeRoot's usePrinting() turns the
 *      page to the light theme before the page is laid out for print.
 * `afterprint` (or print media ending) undoes it. Nothing re-fits: a slide is the canvas, scaled.
 * ThemeRoot (always mounted, main.tsx) subscribes, which installs the listeners.
 */
import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';

let printing = false;
const listeners = new Set<() => void>();
let installed = false;

function set(on: boolean, force = false) {
  if (on === printing && !force) return;
  printing = on;
  document.documentElement.toggleAttribute('data-printing', on);
  flushSync(() => listeners.forEach((l) => l()));
}

function install() {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  // every beforeprint sets it again (and re-renders the subscribers: the page may have changed since the last one)
  window.addEventListener('beforeprint', () => set(true, true));
  window.addEventListener('afterprint', () => set(false));
  const mq = window.matchMedia?.('print');
  // emulated print media (and print previews that switch media without the events)
  mq?.addEventListener?.('change', (e) => {
    if (e.matches && !printing) set(true);
    else if (!e.matches && printing) set(false);
  });
}

function subscribe(cb: () => void) {
  install();
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Whether the page is being printed now, as state: a component re-renders when printing starts or ends. */
export function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => printing,
    () => false,
  );
}
