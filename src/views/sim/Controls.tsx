/**
 * The simulator's controls: transport (play, step, scrubber, phase) and the model settings.
 * Every control is a native form element with a visible label, so keyboard and screen-reader
 * support come for free; every change goes through the store's sanitising setters.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import type { CellKind } from '../../engine/index';
import { useSimulatorStore } from '../../store/simulator';
import { formatValue } from '../scales';
import { inputsFor } from '../../sim/buildSpec';
import { TYPED_LIMITS } from '../../sim/inputs';
import { SETTING_DECLS as SD } from '../../sim/schema';
import { CELL_KINDS, CELL_LABEL, cellParameters, GRU_FORMS, HAND_EXAMPLE, INPUT_PRESETS, LIMITS, type Playback, type SimSettings } from '../../sim/settings';

/** A slider's range and step, from the setting's declaration (schema.ts). */
const range = (d: { min: number; max: number; step: number }) => ({ min: d.min, max: d.max, step: d.step });

const SPEEDS = [0.5, 1, 2, 4, 8];

export function Transport({ id, playback, T }: { id: string; playback: Playback; T: number }) {
  const store = useSimulatorStore.getState;
  const uid = useId();
  const backward = playback.phase === 'backward';
  const t = playback.step + 1;
  return (
    <div className="sim-transport" role="group" aria-label="Playback">
      <div className="sim-buttons">
        <button
          type="button"
          className="button sim-play"
          onClick={() => store().togglePlay(id)}
          aria-keyshortcuts="Space"
          disabled={T <= 1}
          data-testid="sim-play"
        >
          <span aria-hidden="true">{playback.playing ? '❚❚' : '▶'}</span> {playback.playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => store().stepBy(id, -1)}
          disabled={playback.step <= 0}
          aria-keyshortcuts="ArrowLeft"
          data-testid="sim-step-back"
        >
          <span aria-hidden="true">◀</span> Step back
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => store().stepBy(id, 1)}
          disabled={playback.step >= T - 1}
          aria-keyshortcuts="ArrowRight"
          data-testid="sim-step-forward"
        >
          Step forward <span aria-hidden="true">▶</span>
        </button>
      </div>
      <div className="sim-scrub">
        <label htmlFor={`${uid}-t`}>{backward ? 'Backpropagate from C_t, t =' : 'Time step t ='}</label>
        <input
          id={`${uid}-t`}
          type="range"
          min={1}
          max={T}
          step={1}
          value={t}
          disabled={T <= 1}
          onChange={(e) => store().setPlayback(id, { step: Number(e.target.value) - 1, playing: false })}
          aria-valuetext={`t = ${t} of ${T}`}
          data-testid="sim-scrubber"
        />
        <output htmlFor={`${uid}-t`} data-testid="sim-step-output">
          {t} of {T}
        </output>
      </div>
      <fieldset className="sim-radios">
        <legend>Pass</legend>
        {(['forward', 'backward'] as const).map((ph) => (
          <label key={ph}>
            <input
              type="radio"
              name={`${uid}-phase`}
              value={ph}
              checked={playback.phase === ph}
              onChange={() => store().setPlayback(id, { phase: ph, playing: false })}
            />
            {ph === 'forward' ? 'Forward' : 'Backward (BPTT)'}
          </label>
        ))}
      </fieldset>
      <div className="sim-field sim-speed">
        <label htmlFor={`${uid}-speed`}>Speed</label>
        <select id={`${uid}-speed`} value={playback.speed} onChange={(e) => store().setPlayback(id, { speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} step{s === 1 ? '' : 's'}/s
            </option>
          ))}
          {!SPEEDS.includes(playback.speed) && <option value={playback.speed}>{playback.speed} steps/s</option>}
        </select>
      </div>
    </div>
  );
}

function Slider(props: {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  shown: ReactNode;
  valueText: string;
  onChange: (v: number) => void;
  disabled?: boolean;
  hint?: ReactNode;
  testid?: string;
}) {
  const id = useId();
  return (
    <div className="sim-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="sim-slider">
        <input
          id={id}
          type="range"
          min={props.min}
          max={props.max}
          step={props.step}
          value={props.value}
          disabled={props.disabled}
          aria-valuetext={props.valueText}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          onChange={(e) => props.onChange(Number(e.target.value))}
          data-testid={props.testid}
        />
        <output htmlFor={id}>{props.shown}</output>
      </div>
      {props.hint && (
        <p className="sim-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

export function SettingsPanel(props: {
  id: string;
  settings: SimSettings;
  cells: CellKind[];
  /** σ_max of the forward recurrent kernel of the trace on screen */
  sigma: number | null;
  T: number;
  inputError: string | null;
  /** a change is being recomputed: said here too, beside the controls, not only at the top */
  busy?: boolean;
}) {
  const { id, settings: s, cells } = props;
  const set = (patch: Partial<SimSettings>) => useSimulatorStore.getState().setSettings(id, patch);
  const uid = useId();
  const gated = s.cell !== 'rnn';
  const wName = s.cell === 'rnn' ? 'W_h' : 'the recurrent kernel';

  const hand = s.example === 'hand' && s.cell === 'rnn' && !s.bidirectional;
  return (
    <div className={`sim-settings${props.busy ? ' is-busy' : ''}`} role="group" aria-label="Model settings">
      <p className="sim-settings-busy" data-testid="sim-settings-busy" hidden={!props.busy}>
        <span className="sim-spinner" aria-hidden="true" /> Computing the new settings; the drawing is dimmed until it is up to date.
      </p>
      {hand && <HandExampleNote id={id} />}
      {cells.length > 1 && (
        <fieldset className="sim-radios">
          <legend>{SD.cell.label}</legend>
          {[...cells].sort((a, b) => CELL_KINDS.indexOf(a) - CELL_KINDS.indexOf(b)).map((c) => (
            <label key={c}>
              <input type="radio" name={`${uid}-cell`} value={c} checked={s.cell === c} onChange={() => set({ cell: c })} />
              {CELL_LABEL[c]}
            </label>
          ))}
        </fieldset>
      )}
      {s.bidirectional && (
        <div className="sim-field">
          <label htmlFor={`${uid}-merge`}>{SD.merge.label}</label>
          <select id={`${uid}-merge`} value={s.merge} onChange={(e) => set({ merge: e.target.value as SimSettings['merge'] })}>
            {SD.merge.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}

      <InputFields id={id} settings={s} inputError={props.inputError} T={props.T} />

      <Slider
        label={SD.units.label}
        value={s.units}
        {...range(SD.units)}
        shown={s.units}
        valueText={`${s.units} units`}
        onChange={(units) => set({ units })}
        testid="sim-units"
      />
      <Slider
        label={SD.steps.label}
        value={s.inputPreset === 'typed' ? props.T : s.steps}
        {...range(SD.steps)}
        shown={s.inputPreset === 'typed' ? props.T : s.steps}
        valueText={`T = ${s.inputPreset === 'typed' ? props.T : s.steps} steps`}
        onChange={(steps) => set({ steps })}
        disabled={s.inputPreset === 'typed'}
        hint={s.inputPreset === 'typed' ? SD.steps.help : undefined}
        testid="sim-steps"
      />
      <Slider
        label={`${SD.weightScale.label} of ${wName}`}
        value={s.weightScale}
        {...range(SD.weightScale)}
        shown={
          <>
            {s.weightScale.toFixed(2)} → σ<sub>max</sub>({s.cell === 'rnn' ? 'W_h' : 'U'}) ={' '}
            <span data-testid="sim-sigma">{props.sigma === null ? '…' : formatValue(props.sigma, 2)}</span>
          </>
        }
        valueText={`${s.weightScale.toFixed(2)}, largest singular value ${props.sigma === null ? 'not computed yet' : formatValue(props.sigma, 2)}`}
        onChange={(weightScale) => set({ weightScale })}
        hint={SD.weightScale.help}
        testid="sim-weight-scale"
      />
      <SeedField id={id} seed={s.seed} />
      {gated && (
        <div className="sim-field">
          <label htmlFor={`${uid}-ra`}>{SD.recurrentActivation.label}</label>
          <select
            id={`${uid}-ra`}
            value={s.recurrentActivation}
            onChange={(e) => set({ recurrentActivation: e.target.value as SimSettings['recurrentActivation'] })}
          >
            {SD.recurrentActivation.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {s.cell === 'gru' && <GruFormField id={id} settings={s} />}
      {s.cell === 'lstm' && (
        <Slider
          label={SD.forgetBias.label}
          value={s.forgetBias}
          {...range(SD.forgetBias)}
          shown={s.forgetBias.toFixed(1)}
          valueText={`${s.forgetBias}`}
          onChange={(forgetBias) => set({ forgetBias })}
          hint={SD.forgetBias.help}
          testid="sim-forget-bias"
        />
      )}
      <ParameterCount settings={s} hand={hand} />
      <Defaults settings={s} hand={hand} />
      <div className="sim-field">
        <button type="button" className="button button-quiet" onClick={() => useSimulatorStore.getState().reset(id)}>
          Reset to the lesson’s settings
        </button>
      </div>
    </div>
  );
}

/** The hand-worked example of sections 04, 05 and 07 is on screen instead of seeded weights. */
function HandExampleNote({ id }: { id: string }) {
  const E = HAND_EXAMPLE;
  return (
    <div className="sim-field sim-hand" data-testid="sim-hand-example">
      <p className="sim-hint">
        <strong>Hand-worked example</strong> (sections 04, 05, 07): 1 input, 2 units, no bias, W<sub>x</sub> = ({E.kernel[0].join(', ').replace('-', '−')})ᵀ, W
        <sub>h</sub> = ((0.8, 0), (0.3, 0.5)), y<sub>t</sub> = (1 1)·h<sub>t</sub>, x = ({E.inputs.join(', ')}), GT = ({E.targets.join(', ')}). Any
        change to the model or the input goes back to seeded random weights.
      </p>
      <button type="button" className="button button-quiet" onClick={() => useSimulatorStore.getState().setSettings(id, { example: 'none' })}>
        Back to seeded weights
      </button>
    </div>
  );
}

/** GRU: reset before the recurrent product (TensorFlow.js) or after it (Keras default, PyTorch). */
function GruFormField({ id, settings: s }: { id: string; settings: SimSettings }) {
  const uid = useId();
  const set = (patch: Partial<SimSettings>) => useSimulatorStore.getState().setSettings(id, patch);
  const mult = s.bidirectional ? 2 : 1;
  return (
    <fieldset className="sim-radios sim-gru-form" data-testid="sim-gru-form">
      <legend>GRU form</legend>
      {GRU_FORMS.map((f) => {
        const n = mult * cellParameters('gru', 1, s.units, f.id);
        return (
          <label key={f.id}>
            <input type="radio" name={`${uid}-form`} value={f.id} checked={s.gruForm === f.id} onChange={() => set({ gruForm: f.id })} />
            {f.label}: <span data-testid={`sim-gru-params-${f.id}`} data-value={n}>{n.toLocaleString('en-US')}</span> parameters
          </label>
        );
      })}
      <p className="sim-hint">
        {s.gruForm === 'keras'
          ? 'h̃ = tanh(x·K_h + b_in + r ⊙ (h_(t−1)·U_h + b_rec)): the bias has two rows (input, recurrent), 3·units more parameters.'
          : 'h̃ = tanh(x·K_h + (r ⊙ h_(t−1))·U_h + b): one bias row, the only GRU TensorFlow.js has.'}
      </p>
    </fieldset>
  );
}

/** The cell's trainable parameters, as Keras' model.summary() counts them. */
function ParameterCount({ settings: s, hand }: { settings: SimSettings; hand: boolean }) {
  const units = hand ? 2 : s.units;
  const G = s.cell === 'lstm' ? 4 : s.cell === 'gru' ? 3 : 1;
  const rows = s.cell === 'gru' && s.gruForm === 'keras' ? 2 : 1;
  const one = hand ? 2 + 4 : cellParameters(s.cell, 1, units, s.gruForm);
  const dirs = s.bidirectional ? 2 : 1;
  const total = dirs * one;
  const biasText = hand ? 'no bias' : rows === 2 ? `bias 2 × ${G * units}` : `bias ${G * units}`;
  return (
    <p className="sim-hint sim-params" data-testid="sim-params" data-value={total}>
      <strong>Parameters of the cell:</strong> kernel 1 × {G * units} + recurrent kernel {units} × {G * units} + {biasText} ={' '}
      {one.toLocaleString('en-US')}
      {dirs === 2 ? `, × 2 directions = ${total.toLocaleString('en-US')}` : ''} (plus the readout F). The same for any T: every step shares them.
    </p>
  );
}

/** Where the simulator's starting weights and defaults come from (they differ from TensorFlow.js' own). */
function Defaults({ settings: s, hand }: { settings: SimSettings; hand: boolean }) {
  if (hand) return null;
  return (
    <p className="sim-hint sim-defaults" data-testid="sim-defaults">
      <strong>Starting weights</strong> (seeded, untrained, as Keras initialises them): Glorot-uniform kernel, orthogonal recurrent kernel times
      the weight scale, zero bias{s.cell === 'lstm' ? `, forget-gate bias ${s.forgetBias} (Keras: 1, TensorFlow.js: 0)` : ''}; a Glorot-uniform
      readout F with zero bias.
      {s.cell !== 'rnn' &&
        ` Gates: ${s.recurrentActivation === 'sigmoid' ? 'sigmoid σ (Keras; TensorFlow.js defaults to hardSigmoid)' : 'hardSigmoid (TensorFlow.js’ default; Keras uses σ)'}.`}
      {s.cell === 'gru' && ` GRU form: ${s.gruForm === 'keras' ? 'Keras default & PyTorch (reset after)' : 'TensorFlow.js (reset before)'}.`}
    </p>
  );
}

/**
 * The weights' seed. A typed seed applies on Enter, on leaving the field and on "Re-initialise";
 * "Re-initialise" draws a fresh random seed only when the field was not edited. A value that is not
 * a whole number in range is an error naming the field (the last good seed stays in use).
 */
export function parseSeed(text: string): { ok: true; seed: number } | { ok: false; message: string } {
  const t = text.trim();
  const max = LIMITS.seed.max;
  if (/^\d+$/.test(t) && Number(t) <= max) return { ok: true, seed: Number(t) };
  return {
    ok: false,
    message: `Random seed of the weights: “${t.length > 24 ? `${t.slice(0, 24)}…` : t}” is not a whole number from 0 to ${max}.`,
  };
}

function SeedField({ id, seed }: { id: string; seed: number }) {
  const uid = useId();
  const [draft, setDraft] = useState(String(seed));
  const [error, setError] = useState<string | null>(null);
  // edited since the last Re-initialise: then Re-initialise uses the typed seed instead of a new one
  const edited = useRef(false);
  // a new seed from the store replaces the draft (adjusted while rendering, not in an effect)
  const [shownSeed, setShownSeed] = useState(seed);
  if (shownSeed !== seed) {
    setShownSeed(seed);
    setDraft(String(seed));
    setError(null);
  }
  const apply = (text: string): boolean => {
    const p = parseSeed(text);
    if (!p.ok) {
      setError(p.message);
      return false;
    }
    setError(null);
    setDraft(String(p.seed));
    if (p.seed !== seed) useSimulatorStore.getState().setSettings(id, { seed: p.seed });
    return true;
  };
  return (
    <div className="sim-field">
      <label htmlFor={uid}>{SD.seed.label}</label>
      <div className="sim-row">
        <input
          id={uid}
          className="sim-input sim-seed"
          inputMode="numeric"
          value={draft}
          onChange={(e) => {
            edited.current = true;
            setDraft(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (apply(draft)) edited.current = false;
            }
          }}
          onBlur={() => {
            if (draft.trim() !== String(seed) || error) apply(draft);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${uid}-err` : undefined}
          data-testid="sim-seed"
        />
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            if (edited.current) {
              if (apply(draft)) edited.current = false;
              return;
            }
            useSimulatorStore.getState().reinitialise(id);
          }}
          data-testid="sim-reinit"
        >
          Re-initialise
        </button>
      </div>
      <p className="sim-hint">A typed seed applies on Enter, on leaving the field or with Re-initialise; Re-initialise alone draws a new one.</p>
      {error && (
        <p className="sim-error" id={`${uid}-err`} role="alert" data-testid="sim-seed-error">
          {error} The weights still use seed {seed}.
        </p>
      )}
    </div>
  );
}

function InputFields({ id, settings: s, inputError, T }: { id: string; settings: SimSettings; inputError: string | null; T: number }) {
  const uid = useId();
  const set = (patch: Partial<SimSettings>) => useSimulatorStore.getState().setSettings(id, patch);
  // The field always shows the sequence that runs now, so editing starts from what is on screen.
  const running = s.inputPreset === 'typed' ? s.typedText : inputsFor(s).map((v) => String(Number(v.toFixed(3)))).join(', ');
  const [draft, setDraft] = useState(running);
  const [shown, setShown] = useState(running);
  if (shown !== running) {
    setShown(running);
    setDraft(running);
  }
  const apply = () => set({ typedText: draft, inputPreset: 'typed' });
  return (
    <>
      <div className="sim-field">
        <label htmlFor={`${uid}-in`}>{SD.inputPreset.label}</label>
        <select
          id={`${uid}-in`}
          value={s.inputPreset}
          onChange={(e) => set({ inputPreset: e.target.value as SimSettings['inputPreset'] })}
          data-testid="sim-input-preset"
        >
          {INPUT_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="sim-field sim-typed">
        <label htmlFor={`${uid}-typed`}>Typed sequence</label>
        <div className="sim-row">
          <input
            id={`${uid}-typed`}
            className="sim-input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                apply();
              }
            }}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={inputError ? true : undefined}
            aria-describedby={`${uid}-typed-help${inputError ? ` ${uid}-typed-err` : ''}`}
            data-testid="sim-typed"
          />
          <button type="button" className="button button-quiet" onClick={apply} data-testid="sim-typed-apply">
            Use it
          </button>
        </div>
        <p className="sim-hint" id={`${uid}-typed-help`}>
          {s.inputPreset === 'typed' ? '' : `Shows the input running now (“${INPUT_PRESETS.find((p) => p.id === s.inputPreset)?.label ?? s.inputPreset}”, T = ${T}); edit it to use your own. `}
          Up to {TYPED_LIMITS.maxValues} numbers between −{TYPED_LIMITS.maxAbs} and {TYPED_LIMITS.maxAbs}, separated by commas or spaces; Enter uses them.
        </p>
        {inputError && (
          <p className="sim-error" id={`${uid}-typed-err`} role="alert" data-testid="sim-typed-error">
            {inputError} The simulator keeps showing the last sequence that worked.
          </p>
        )}
      </div>
    </>
  );
}
