import { useId, useState } from 'react';
import { lessons } from '../../lessons';
import type { SimulatorPreset } from '../sim/settings';
import { useSimulatorStore } from '../store/simulator';
import { navigateDeck, parseHash } from '../store/route';
import { useLesson } from '../views/LessonContext';
import { isPreset, PRESETS, type Playback, type SimSettings } from '../sim/settings';

/**
 * A number the sentence quotes, and where the simulator shows it once the setup is loaded (the
 * browser tests check each one to its printed precision):
 * - `dCdh` / `dCdc`: ‖∂C_t/∂h_k‖ / ‖∂C_t/∂c_k‖ in the backward view, `distance` = t − k steps back
 *   from the loss the setup selects;
 * - `sigma`: σ_max of the recurrent kernel, beside the weight-scale slider;
 * - `gate`: gate `gate` of unit `unit` (1-based) at the setup's step, in the cell view's table
 *   (`c` and `h`: the new cell and hidden state, columns of the same table);
 * - `params`: the cell's parameter count shown in the settings.
 */
export type Quote =
  | { of: 'dCdh' | 'dCdc'; distance: number; value: string }
  | { of: 'sigma'; value: string }
  | { of: 'gate'; gate: string; unit: number; value: string }
  | { of: 'params'; value: string };

export interface ShowMeProps {
  /** the simulator on this page to set up (its preset name) */
  preset: SimulatorPreset;
  /** the setup: settings on top of the preset's defaults (anything not given is the default) */
  settings?: Partial<SimSettings>;
  /** playback on top of the preset's; in the backward phase `step` follows `lossStep` */
  playback?: Partial<Playback>;
  /** the numbers the sentence quotes (see Quote) */
  quotes?: Quote[];
  /** what the setup is, for the button's accessible name and the announcement, e.g. "σ_max = 0.5" */
  label: string;
  /** button text; default "Show me" */
  children?: string;
}

/** Words for the setup, announced after the click ("8 units, T = 50, …"). */
function describeSetup(s: Partial<SimSettings>): string {
  const parts: string[] = [];
  if (s.example === 'hand') parts.push('the hand-worked example');
  if (s.example === 'lstm-hand') parts.push('the hand-worked LSTM');
  if (s.cell) parts.push(s.cell === 'rnn' ? 'vanilla RNN' : s.cell.toUpperCase());
  if (s.units !== undefined) parts.push(`${s.units} units`);
  if (s.steps !== undefined) parts.push(`T = ${s.steps}`);
  if (s.inputPreset) parts.push(s.inputPreset === 'typed' ? `input ${s.typedText ?? ''}` : `${s.inputPreset} input`);
  if (s.seed !== undefined) parts.push(`seed ${s.seed}`);
  if (s.weightScale !== undefined) parts.push(`weight scale ${s.weightScale}`);
  if (s.inputScale !== undefined) parts.push(`input scale ${s.inputScale}`);
  if (s.forgetBias !== undefined) parts.push(`forget bias ${s.forgetBias}`);
  if (s.gruForm) parts.push(s.gruForm === 'keras' ? 'Keras/PyTorch GRU form' : 'TensorFlow.js GRU form');
  if (s.recurrentActivation) parts.push(s.recurrentActivation);
  return parts.join(', ');
}

/**
 * "Show me": sets the lesson's simulator to exactly the setup a sentence's number was measured
 * with — every other setting back to the preset's default — and brings the simulator into view,
 * so the number on screen is the number in the text. Usable from MDX:
 *
 *   <ShowMe preset="vanishing" label="σ_max = 3" settings={{ weightScale: 3, steps: 50 }}
 *     playback={{ phase: 'backward', lossStep: 49 }} quotes={[{ of: 'dCdh', distance: 49, value: '2.4e5' }]} />
 */
export function ShowMe({ preset, settings = {}, playback = {}, quotes = [], label, children }: ShowMeProps) {
  const [done, setDone] = useState(false);
  const statusId = useId();
  const { slug, presenting, slide } = useLesson();
  if (!isPreset(preset)) {
    return (
      <span className="show-me show-me-error" role="alert">
        (Show me: there is no simulator preset called “{String(preset)}”.)
      </span>
    );
  }
  const info = PRESETS[preset];
  const apply = () => {
    const pb: Partial<Playback> = { ...info.playback, ...playback, playing: false };
    if (pb.phase === 'backward' && playback.step === undefined && playback.lossStep !== undefined) pb.step = playback.lossStep;
    // presenting, the setup is the presenter's choice: pinned, so the clicker entering the slide keeps it
    useSimulatorStore.getState().load(preset, { preset, settings: { ...info.settings, ...settings }, playback: pb, pinned: presenting });
    setDone(true);
    if (presenting) {
      // the simulator may be on another slide (hidden): go there, so the class sees what changed
      const at = lessons.find((l) => l.meta.slug === slug)?.slides.findIndex((x) => x.kind === 'simulator' && x.preset === preset) ?? -1;
      const mode = parseHash(window.location.hash).mode;
      if (at >= 0 && at !== (slide ?? 0) && (mode === 'present' || mode === 'notes')) navigateDeck(slug, mode, at, 0);
      return;
    }
    const fig = document.querySelector<HTMLElement>(`figure[data-simulator="${preset}"]`);
    if (fig) {
      const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      fig.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    }
  };
  return (
    <span className="show-me">
      <button
        type="button"
        className="button button-small show-me-button"
        onClick={apply}
        aria-label={`${children ?? 'Show me'}: set the simulator “${info.title}” to ${label}`}
        aria-describedby={statusId}
        data-show-me={preset}
        data-label={label}
        data-quotes={JSON.stringify(quotes)}
      >
        {children ?? 'Show me'}
      </button>
      <span id={statusId} className="sr-only" role="status" aria-live="polite">
        {done ? `The simulator “${info.title}” now shows ${label}: ${describeSetup(settings)}.` : ''}
      </span>
    </span>
  );
}
