/**
 * A simulator on a slide (presentation mode): a compact transport (play/pause, step back/forward,
 * the t slider, the forward/backward pass) sized for a projector, and the model settings folded
 * into a popover. The popover lives in the browser's top layer (the HTML popover attribute), so the
 * stage never clips it; a button opens it, Esc closes it, and focus goes back to the button.
 */
import { useId, type ReactNode } from 'react';
import { usePopover } from '../kit/popover';
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

/** Below the button, inside the viewport (the slide never clips it: it is in the top layer). */
function placeBelow(pop: HTMLElement, button: HTMLButtonElement | null) {
  const b = button?.getBoundingClientRect();
  if (!b) return;
  const top = Math.min(b.bottom + 8, window.innerHeight * 0.4);
  pop.style.top = `${Math.round(top)}px`;
  pop.style.maxHeight = `${Math.round(window.innerHeight - top - 16)}px`;
}

const FOCUS = ['.sim-settings :is(input, select, button)'];

/** The settings behind a button; the popover is in the top layer (never clipped by the slide). */
export function SettingsPopover({ title, children }: { title: string; children: ReactNode }) {
  const { open, popId, button, panel } = usePopover('sim-pop', { focus: FOCUS, onOpen: placeBelow });
  return (
    <>
      <button {...button} className="sim-slide-btn sim-settings-btn" data-testid="sim-settings-button">
        <span aria-hidden="true">⚙</span> Settings
      </button>
      <div {...panel} className="sim-popover" aria-label={`${title}: settings`} data-testid="sim-settings-popover">
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
