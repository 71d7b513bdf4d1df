/**
 * Printing as a signal the views can re-fit on (issue 10, handouts). A real Ctrl+P, window.print()
 * and Chromium's PDF output all fire `beforeprint` and then lay the page out for print without
 * running a frame in between: a fit that waits for a ResizeObserver or an animation frame never
 * sees the printed page. So, in `beforeprint` (and when print media starts, e.g. emulated):
 *   1. `data-printing` goes on <html>: the printed presentation's layout (app.css) applies on
 *      screen too, at the printed page's size, so what is measured now is what prints;
 *   2. the signal bumps, synchronously (flushSync): every layout effect that depends on
 *      usePrintSignal() (the simulators' zoom, useSlideFit) re-runs and measures that layout.
 * `afterprint` (or print media ending) undoes it and bumps again.
 */
import { useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';

let version = 0;
let printing = false;
const listeners = new Set<() => void>();
let installed = false;

function set(on: boolean, force = false) {
  if (on === printing && !force) return;
  printing = on;
  document.documentElement.toggleAttribute('data-printing', on);
  version++;
  flushSync(() => listeners.forEach((l) => l()));
}

function install() {
  if (installed || typeof window === 'undefined') return;
  installed = true;
  // every beforeprint re-fits (the page may have changed since the last one)
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

/** A number that changes when printing starts or ends: a dependency that re-runs a fit then. */
export function usePrintSignal(): number {
  return useSyncExternalStore(
    subscribe,
    () => version,
    () => 0,
  );
}

/** Whether the page is being printed now (between beforeprint and afterprint). */
export function isPrinting(): boolean {
  return printing;
}

/** Whether the page is being printed now, as state: a component re-renders when printing starts or ends. */
export function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => printing,
    () => false,
  );
}
