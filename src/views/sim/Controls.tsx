/**
 * The simulator's controls: transport (play, step, scrubber, phase) and the model settings.
 * Every control is a native form element with a visible label, so keyboard and screen-reader
 * support come for free; every change goes through the store's sanitising setters. The settings
 * panel draws one field per declaration (src/sim/schema.ts, `panel`; fields in ./fields.tsx).
 */
import { useId } from 'react';
import type { CellKind } from '../../engine/index';
import { formatValue } from '../scales';
import { fmtSigned } from '../kit/format';
import { panelEntries, SETTING_DECLS, type PanelState } from '../../sim/schema';
import {
  activeExample,
  cellParameters,
  EXAMPLES,
  HAND_EXAMPLE,
  LSTM_HAND_EXAMPLE,
  type GruForm,
  type Playback,
  type SimSettings,
} from '../../sim/settings';
import { useSimulatorStore, type TrainedOverride } from '../../store/simulator';
import { useSimActions } from './actions';
import { SettingField, type FieldExtra } from './fields';
import { TimeScrubber } from './TimeScrubber';

export { parseSeed } from './fields';

const SPEEDS = [0.5, 1, 2, 4, 8];

export function Transport({ id, playback, T }: { id: string; playback: Playback; T: number }) {
  const store = useSimActions(id);
  const uid = useId();
  const backward = playback.phase === 'backward';
  const t = playback.step + 1;
  return (
    <div className="sim-transport" role="group" aria-label="Playback">
      <div className="sim-buttons">
        <button
          type="button"
          className="button sim-play"
          onClick={() => store.togglePlay()}
          aria-keyshortcuts="Space"
          disabled={T <= 1}
          data-testid="sim-play"
        >
          <span aria-hidden="true">{playback.playing ? '❚❚' : '▶'}</span> {playback.playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => store.stepBy(-1)}
          disabled={playback.step <= 0}
          aria-keyshortcuts="ArrowLeft"
          data-testid="sim-step-back"
        >
          <span aria-hidden="true">◀</span> Step back
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => store.stepBy(1)}
          disabled={playback.step >= T - 1}
          aria-keyshortcuts="ArrowRight"
          data-testid="sim-step-forward"
        >
          Step forward <span aria-hidden="true">▶</span>
        </button>
      </div>
      <TimeScrubber
        inputId={`${uid}-t`}
        t={t}
        T={T}
        label={backward ? 'Backpropagate from C_t, t =' : 'Time step t ='}
        className="sim-scrub"
        separator="of"
        actions={store}
      />
      <fieldset className="sim-radios">
        <legend>Pass</legend>
        {(['forward', 'backward'] as const).map((ph) => (
          <label key={ph}>
            <input
              type="radio"
              name={`${uid}-phase`}
              value={ph}
              checked={playback.phase === ph}
              onChange={() => store.setPlayback({ phase: ph, playing: false })}
            />
            {ph === 'forward' ? 'Forward' : 'Backward (BPTT)'}
          </label>
        ))}
      </fieldset>
      <div className="sim-field sim-speed">
        <label htmlFor={`${uid}-speed`}>Speed</label>
        <select id={`${uid}-speed`} value={playback.speed} onChange={(e) => store.setPlayback({ speed: Number(e.target.value) })}>
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

export function SettingsPanel(props: {
  id: string;
  settings: SimSettings;
  cells: CellKind[];
  /** σ_max of the forward recurrent kernel of the trace on screen */
  sigma: number | null;
  T: number;
  /** a change is being recomputed: said here too, beside the controls, not only at the top */
  busy?: boolean;
  /** the training lab's weights on screen: the settings they replace are not shown */
  trained?: TrainedOverride | null;
  /** presenting: offer to keep these settings when the clicker comes back to the slide */
  pinnable?: boolean;
}) {
  const { id, settings: s, cells, trained } = props;
  const actions = useSimActions(id);
  const state: PanelState = { cell: s.cell, bidirectional: s.bidirectional, inputPreset: s.inputPreset, cells, T: props.T };
  const sigma = props.sigma === null ? null : formatValue(props.sigma, 2);
  // what the declarations cannot know: σ_max of the trace on screen, the GRU forms' parameter counts
  const extras: Partial<Record<keyof SimSettings, FieldExtra>> = {
    weightScale: {
      shownAfter: (
        <>
          {' → σ'}
          <sub>max</sub>({s.cell === 'rnn' ? 'W_h' : 'U'}) = <span data-testid="sim-sigma">{sigma ?? '…'}</span>
        </>
      ),
      valueText: `${s.weightScale.toFixed(2)}, largest singular value ${sigma ?? 'not computed yet'}`,
    },
    gruForm: {
      option: (form) => {
        const n = (s.bidirectional ? 2 : 1) * cellParameters('gru', 1, s.units, form as GruForm);
        return (
          <>
            <span data-testid={`sim-gru-params-${form}`} data-value={n}>
              {n.toLocaleString('en-US')}
            </span>{' '}
            parameters
          </>
        );
      },
    },
  };

  const example = activeExample(s);
  const hand = example === 'hand';
  const lstmHand = example === 'lstm-hand';
  return (
    <div className={`sim-settings${props.busy ? ' is-busy' : ''}`} role="group" aria-label="Model settings">
      <p className="sim-settings-busy" data-testid="sim-settings-busy" hidden={!props.busy}>
        <span className="sim-spinner" aria-hidden="true" /> Computing the new settings; the drawing is dimmed until it is up to date.
      </p>
      {hand && <HandExampleNote onLeave={() => actions.setSettings({ example: 'none' })} />}
      {lstmHand && <LstmHandExampleNote onLeave={() => actions.setSettings({ example: 'none' })} />}
      {trained && (
        <p className="sim-hint" data-testid="sim-trained-settings">
          <strong>Trained weights:</strong> the input, T, seed, weight scales and gate settings come from the training lab (changing the cell or the
          units goes back to random weights). σ<sub>max</sub>({s.cell === 'rnn' ? 'W_h' : 'U'}) of the trained recurrent kernel ={' '}
          <span data-testid="sim-sigma">{sigma ?? '…'}</span> (training set it; it is not a scale).
        </p>
      )}
      {panelEntries(SETTING_DECLS, state)
        .filter(({ key }) => !trained || !TRAINED_FIXES.has(key))
        .map(({ key, decl, panel }) => (
          <SettingField
            key={key}
            name={key as keyof SimSettings}
            decl={decl}
            panel={panel}
            state={state}
            settings={s}
            actions={actions}
            extra={extras[key as keyof SimSettings]}
          />
        ))}
      <ParameterCount
        settings={s}
        hand={hand}
        units={example ? EXAMPLES[example].data.recurrentKernel.length : s.units}
        inputDim={trained?.inputs[0]?.length ?? 1}
      />
      {!trained && <Defaults settings={s} hand={hand || lstmHand} />}
      {props.pinnable && <PinField id={id} />}
      <div className="sim-field">
        <button type="button" className="button button-quiet" onClick={actions.reset}>
          Reset to the lesson’s settings
        </button>
      </div>
    </div>
  );
}

/**
 * Presenting: the clicker enters a simulator's slide with the lesson's settings, so a change made
 * for one question does not follow the class around; this keeps it (a Show me pins too).
 */
function PinField({ id }: { id: string }) {
  const pinned = useSimulatorStore((s) => !!s.instances[id]?.pinned);
  const setPinned = useSimulatorStore((s) => s.setPinned);
  const uid = useId();
  return (
    <div className="sim-field sim-pin">
      <label htmlFor={uid}>
        <input id={uid} type="checkbox" checked={pinned} onChange={(e) => setPinned(id, e.currentTarget.checked)} data-testid="sim-pin" /> Keep
        these settings on this slide
      </label>
      <p className="sim-hint">Otherwise the clicker starts this slide from the lesson’s settings each time it comes to it.</p>
    </div>
  );
}

/** the settings trained weights replace (shown again after Back to random weights) */
const TRAINED_FIXES = new Set(['steps', 'inputPreset', 'typedText', 'seed', 'weightScale', 'inputScale', 'recurrentActivation', 'forgetBias']);

/** The hand-worked example of sections 04, 05 and 07 is on screen instead of seeded weights. */
function HandExampleNote({ onLeave }: { onLeave: () => void }) {
  const E = HAND_EXAMPLE;
  return (
    <div className="sim-field sim-hand" data-testid="sim-hand-example">
      <p className="sim-hint">
        <strong>Hand-worked example</strong> (sections 04, 05, 07): 1 input, 2 units, no bias, W<sub>x</sub> = (
        {E.kernel[0].join(', ').replace('-', '−')})ᵀ, W<sub>h</sub> = ((0.8, 0), (0.3, 0.5)), y<sub>t</sub> = (1 1)·h<sub>t</sub>, x = (
        {E.inputs.join(', ')}), GT = ({E.targets.join(', ')}). Any change to the model or the input goes back to seeded random weights.
      </p>
      <button type="button" className="button button-quiet" onClick={onLeave}>
        Back to seeded weights
      </button>
    </div>
  );
}

/** The hand-worked LSTM of section 09 is on screen instead of seeded weights. */
function LstmHandExampleNote({ onLeave }: { onLeave: () => void }) {
  const E = LSTM_HAND_EXAMPLE;
  // Keras' blocks i, f, c (the candidate g), o; each gate's weights on [x; h] and its bias
  const gates = (['i', 'f', 'g', 'o'] as const).map((g, k) => ({ g, wx: E.kernel[0][k], wh: E.recurrentKernel[0][k], b: E.bias[k] }));
  return (
    <div className="sim-field sim-hand" data-testid="sim-lstm-hand-example">
      <p className="sim-hint">
        <strong>Hand-worked LSTM</strong> (section 09): 1 input, 1 unit, sigmoid gates, on [x; h]:{' '}
        {gates.map(({ g, wx, wh, b }, k) => (
          <span key={g}>
            W<sub>{g}</sub> = ({fmtSigned(wx)}, {fmtSigned(wh)}), b<sub>{g}</sub> = {fmtSigned(b)}
            {k < gates.length - 1 ? '; ' : ''}
          </span>
        ))}
        ; x = ({E.inputs.map(fmtSigned).join(', ')}), y = h, GT = ({E.targets.join(', ')}). Any change to the model or the input goes back to seeded
        random weights.
      </p>
      <button type="button" className="button button-quiet" onClick={onLeave}>
        Back to seeded weights
      </button>
    </div>
  );
}

/** The cell's trainable parameters, as Keras' model.summary() counts them. */
function ParameterCount({ settings: s, hand, units, inputDim }: { settings: SimSettings; hand: boolean; units: number; inputDim: number }) {
  const G = s.cell === 'lstm' ? 4 : s.cell === 'gru' ? 3 : 1;
  const rows = s.cell === 'gru' && s.gruForm === 'keras' ? 2 : 1;
  const one = hand ? 2 + 4 : cellParameters(s.cell, inputDim, units, s.gruForm);
  const dirs = s.bidirectional ? 2 : 1;
  const total = dirs * one;
  const biasText = hand ? 'no bias' : rows === 2 ? `bias 2 × ${G * units}` : `bias ${G * units}`;
  return (
    <p className="sim-hint sim-params" data-testid="sim-params" data-value={total}>
      <strong>Parameters of the cell:</strong> kernel {hand ? 1 : inputDim} × {G * units} + recurrent kernel {units} × {G * units} + {biasText} ={' '}
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
      <strong>Starting weights</strong> (seeded, untrained, as Keras initialises them): Glorot-uniform kernel, orthogonal recurrent kernel times the
      weight scale, zero bias{s.cell === 'lstm' ? `, forget-gate bias ${s.forgetBias} (Keras: 1, TensorFlow.js: 0)` : ''}; a Glorot-uniform readout
      F with zero bias.
      {s.cell !== 'rnn' &&
        ` Gates: ${s.recurrentActivation === 'sigmoid' ? 'sigmoid σ (Keras; TensorFlow.js defaults to hardSigmoid)' : 'hardSigmoid (TensorFlow.js’ default; Keras uses σ)'}.`}
      {s.cell === 'gru' && ` GRU form: ${s.gruForm === 'keras' ? 'Keras default & PyTorch (reset after)' : 'TensorFlow.js (reset before)'}.`}
    </p>
  );
}
