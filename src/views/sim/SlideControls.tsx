/**
 * A simulator on a slide (presentation mode): a compact transport (play/pause, step back/forward,
 * the t slider, the forward/backward pass) sized for a projector, and the model settings folded
 * into a popover. The popover lives in the browser's top layer (the HTML popover attribute), so the
 * stage never clips it; a button opens it, Esc closes it, and focus goes back to the button.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useSimActions } from './actions';
import { TimeScrubber } from './TimeScrubber';
import type { Playback } from '../../sim/settings';

export function SlideTransport({ id, playback, T, children }: { id: string; playback: Playback; T: number; children?: ReactNode }) {
  const store = useSimActions(id);
  const uid = useId();
  const t = playback.step + 1;
  const backward = playback.phase === 'backward';
  return (
    <div className="sim-slide-transport" role="group" aria-label="Playback">
      <div className="sim-slide-buttons">
        <button
          type="button"
          className="sim-slide-btn sim-play"
          onClick={() => store.togglePlay()}
          aria-keyshortcuts="Space"
          disabled={T <= 1}
          data-testid="sim-play"
        >
          <span aria-hidden="true">{playback.playing ? '❚❚' : '▶'}</span> {playback.playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="sim-slide-btn"
          onClick={() => store.stepBy(-1)}
          disabled={playback.step <= 0}
          aria-label="Step back"
          title="Step back"
          data-testid="sim-step-back"
        >
          <span aria-hidden="true">◀</span>
        </button>
        <button
          type="button"
          className="sim-slide-btn"
          onClick={() => store.stepBy(1)}
          disabled={playback.step >= T - 1}
          aria-label="Step forward"
          title="Step forward"
          data-testid="sim-step-forward"
        >
          <span aria-hidden="true">▶</span>
        </button>
      </div>
      <TimeScrubber
        inputId={`${uid}-t`}
        t={t}
        T={T}
        label={backward ? 'from C_t, t' : 't'}
        className="sim-slide-scrub"
        separator="/"
        actions={store}
      />
      <fieldset className="sim-slide-phase">
        <legend className="sr-only">Pass</legend>
        {(['forward', 'backward'] as const).map((ph) => (
          <label key={ph} className={playback.phase === ph ? 'is-on' : undefined}>
            <input
              type="radio"
              name={`${uid}-phase`}
              value={ph}
              checked={playback.phase === ph}
              onChange={() => store.setPlayback({ phase: ph, playing: false })}
              data-testid={`sim-phase-${ph}`}
            />
            {ph === 'forward' ? 'Forward' : 'Backward'}
          </label>
        ))}
      </fieldset>
      {children}
    </div>
  );
}

/** The settings behind a button; the popover is in the top layer (never clipped by the slide). */
export function SettingsPopover({ title, children }: { title: string; children: ReactNode }) {
  const uid = useId().replace(/:/g, '');
  const popId = `sim-pop-${uid}`;
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const pop = ref.current;
    if (!pop) return;
    const onToggle = (e: Event) => {
      const isOpen = (e as ToggleEvent).newState === 'open';
      setOpen(isOpen);
      if (isOpen) {
        // below the button, inside the viewport (the slide never clips it: it is in the top layer)
        const b = button.current?.getBoundingClientRect();
        if (b) {
          const top = Math.min(b.bottom + 8, window.innerHeight * 0.4);
          pop.style.top = `${Math.round(top)}px`;
          pop.style.maxHeight = `${Math.round(window.innerHeight - top - 16)}px`;
        }
      } else if (!document.activeElement || document.activeElement === document.body || pop.contains(document.activeElement)) {
        button.current?.focus();
      }
    };
    pop.addEventListener('toggle', onToggle);
    return () => pop.removeEventListener('toggle', onToggle);
  }, []);
  // opened: focus goes to its first control (the settings render once it is open)
  useEffect(() => {
    if (open) ref.current?.querySelector<HTMLElement>('.sim-settings input, .sim-settings select, .sim-settings button')?.focus();
  }, [open]);
  // Esc inside the popover closes it (the popover's own light dismiss) and must not reach the deck
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      ref.current?.hidePopover();
    }
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className="sim-slide-btn sim-settings-btn"
        popoverTarget={popId}
        aria-expanded={open}
        aria-controls={popId}
        data-testid="sim-settings-button"
      >
        <span aria-hidden="true">⚙</span> Settings
      </button>
      <div
        ref={ref}
        id={popId}
        popover="auto"
        className="sim-popover"
        role="dialog"
        aria-label={`${title}: settings`}
        onKeyDown={onKeyDown}
        data-testid="sim-settings-popover"
      >
        <div className="sim-pop-head">
          <p className="sim-pop-title">{title}: settings</p>
          <button type="button" className="sim-slide-btn sim-pop-close" popoverTarget={popId} popoverTargetAction="hide">
            Close <span aria-hidden="true">(Esc)</span>
          </button>
        </div>
        {open && children}
      </div>
    </>
  );
}
