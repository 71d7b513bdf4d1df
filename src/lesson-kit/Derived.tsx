import type { ReactNode } from 'react';

/**
 * Wraps display equations that are NOT the lecture's own — written out or derived here (e.g. the
 * LSTM's iₜ, oₜ that the slide gives as "similarly for iₜ, oₜ", or the GRU, which the lecture shows
 * only as diagrams) — and says so on the page. `lessons/equations.ts` lists them with
 * origin 'derived'; the browser tests check both agree.
 */
export function Derived({ children, note }: { children: ReactNode; note: string }) {
  return (
    <div className="eq-derived" data-eq-origin="derived">
      <p className="eq-origin-label">
        <span className="eq-origin-tag">Not on the lecture’s slides</span> {note}
      </p>
      {children}
    </div>
  );
}
