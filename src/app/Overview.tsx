import { useEffect, useRef } from 'react';
import { usePresentation } from '../store/presentation';
import { DECK, type DeckSlide } from './deck';
import { goTo } from './deckNav';
import { openHandout } from './printPage';

/** What a slide card says: the slide's heading, else what the slide holds. */
export function slideLabel(d: DeckSlide): string {
  if (d.info.title) return d.info.title;
  if (d.slide === 0) return d.sectionTitle;
  return d.info.kind === 'simulator'
    ? 'Simulator'
    : d.info.kind === 'lab'
      ? 'Training lab'
      : d.info.kind === 'quiz'
        ? 'Check your understanding'
        : `${d.sectionTitle} (continued)`;
}

/**
 * All slides of the deck as a grid (O): arrows move, Enter opens a slide, Esc closes. A native
 * <dialog>: focus stays inside while it is open and returns to the stage when it closes.
 */
export function Overview({ current }: { current: number }) {
  const open = usePresentation((s) => s.overviewOpen);
  const setOpen = usePresentation((s) => s.setOverviewOpen);
  const ref = useRef<HTMLDialogElement>(null);
  const grid = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      const btn = grid.current?.querySelectorAll<HTMLButtonElement>('button')[current];
      btn?.focus();
      btn?.scrollIntoView({ block: 'nearest' });
    }
    if (!open && d.open) d.close();
  }, [open, current]);

  const onKey = (e: React.KeyboardEvent) => {
    const buttons = Array.from(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const cols = Math.max(1, getComputedStyle(grid.current!).gridTemplateColumns.split(' ').filter(Boolean).length);
    const move: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols };
    let j: number | null = null;
    if (e.key in move) j = i + move[e.key];
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = buttons.length - 1;
    if (j === null) return;
    e.preventDefault();
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, j))];
    b.focus();
    b.scrollIntoView({ block: 'nearest' });
  };

  return (
    <dialog ref={ref} className="overview" aria-labelledby="overview-title" onClose={() => setOpen(false)} onKeyDown={onKey} data-testid="overview">
      <div className="overview-head">
        <h2 id="overview-title">All slides ({DECK.length})</h2>
        <p>Arrows move, Enter opens the slide, Esc closes.</p>
        <button type="button" className="button" onClick={openHandout} title="All slides of every section, one per landscape page (opens a window)">
          Print whole lecture
        </button>
        <form method="dialog">
          <button className="button" type="submit">
            Close
          </button>
        </form>
      </div>
      <ol className="overview-grid" ref={grid}>
        {open &&
          DECK.map((d) => (
            <li key={`${d.slug}/${d.slide}`}>
              <button
                type="button"
                className={`overview-card${d.number === current ? ' is-current' : ''}${d.slide === 0 ? ' is-section' : ''}`}
                aria-current={d.number === current ? 'page' : undefined}
                data-slide-number={d.number + 1}
                onClick={() => {
                  setOpen(false);
                  goTo(d, 0);
                }}
              >
                <span className="overview-num">{d.number + 1}</span>
                <span className="overview-section">{d.sectionTitle}</span>
                <span className="overview-title">{slideLabel(d)}</span>
              </button>
            </li>
          ))}
      </ol>
    </dialog>
  );
}
