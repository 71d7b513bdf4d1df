/**
 * The training lab's settings form (split from TrainingLab.tsx): each field clamps to its range
 * with a message, like the simulators' settings.
 */
import { memo, useId, useState, type ChangeEvent } from 'react';
import { useTrainingStore } from '../../store/training';
import { FIELD_NAME, LIMITS, OPTIMIZERS, readField, WHOLE_FIELDS, type TrainConfig } from '../../train/config';
import { TASK_INFO, TASKS, type TaskKind } from '../../train/tasks';
import type { BackendChoice } from '../../train/protocol';
import * as client from '../../store/trainingClient';
import './lab-controls.css';

/**
 * A number field: Enter or leaving it applies the value, clamped to its range with a notice beside
 * it ("units 10000 → 64"); a text that is not a number keeps the value in use, with a notice. Its
 * `step` is 1 (whole numbers) or "any", so the lesson's own values are never :invalid.
 */
function NumberField({ label, field, hint }: { label: string; field: keyof typeof LIMITS & keyof TrainConfig; hint?: string }) {
  const id = useId();
  const value = useTrainingStore((s) => s.config[field]) as number;
  const [text, setText] = useState(String(value));
  // the notice and the value it is about: it stays until the field is used again or the value changes elsewhere
  // (not on leaving the field: that moved the form under a pointer on its way to a button)
  const [note, setNote] = useState<{ text: string; about: number } | null>(null);
  // a new value from the store replaces the draft (adjusted while rendering, not in an effect)
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    setText(String(value));
    if (note && note.about !== value) setNote(null);
  }
  const lim = LIMITS[field];
  const commit = (input: HTMLInputElement) => {
    // a number input reads "" for text it cannot parse ("abc", "1e"): not a number either
    const bad = input.validity.badInput;
    const raw = bad ? 'not a number' : text;
    if (!bad && raw === String(value)) return;
    const read = readField(field, raw, value);
    const v = bad ? null : read.value;
    const msg = bad ? `${FIELD_NAME[field]}: not a number; kept ${value}` : read.note;
    setNote(msg ? { text: msg, about: v ?? value } : null);
    setText(String(v ?? value));
    // the store clamps the same way and words it in the messages under the form
    if (v !== null && v !== value) applySettings({ [field]: raw });
    else useTrainingStore.getState().setConfig({ [field]: raw });
  };
  const noteId = `${id}-note`;
  return (
    <label className="tl-field" htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={lim.min}
        max={lim.max}
        step={WHOLE_FIELDS.has(field) ? 1 : 'any'}
        value={text}
        data-field={field}
        aria-describedby={note ? noteId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={(e) => commit(e.currentTarget)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget);
        }}
      />
      {note && (
        <small className="tl-field-note" id={noteId} role="status" data-testid={`tl-note-${field}`}>
          {note.text}
        </small>
      )}
      {hint && <small>{hint}</small>}
    </label>
  );
}

/** Applies a settings patch (clamped, with messages) and rebuilds the race at step 0. */
export function applySettings(patch: Partial<Record<keyof TrainConfig, unknown>>): void {
  useTrainingStore.getState().setConfig(patch);
  client.reset();
}

const onSelect = (field: keyof TrainConfig) => (e: ChangeEvent<HTMLSelectElement>) => applySettings({ [field]: e.target.value });

/** The settings form: subscribes to the settings only, so training progress does not re-render it. */
export const Controls = memo(function Controls() {
  const cfg = useTrainingStore((s) => s.config);
  const backendChoice = useTrainingStore((s) => s.backendChoice);
  return (
    <form className="tl-controls" aria-label="Training settings" onSubmit={(e) => e.preventDefault()}>
      <label className="tl-field">
        <span>Task</span>
        <select value={cfg.task} onChange={onSelect('task')} data-field="task">
          {TASKS.map((t: TaskKind) => (
            <option key={t} value={t}>
              {TASK_INFO[t].label}
            </option>
          ))}
        </select>
      </label>
      <NumberField label="Sequence length T" field="T" />
      <label className="tl-field">
        <span>Optimizer</span>
        <select value={cfg.optimizer} onChange={onSelect('optimizer')} data-field="optimizer">
          {OPTIMIZERS.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <NumberField label="Learning rate" field="learningRate" />
      <NumberField label="Batch size" field="batchSize" />
      <NumberField label="Units" field="units" />
      <NumberField label="Clipnorm (0 = off)" field="clipnorm" />
      <NumberField label="Seed" field="seed" />
      <NumberField label="Step budget" field="stepBudget" />
      <label className="tl-field tl-check">
        <input
          type="checkbox"
          checked={cfg.unitForgetBias}
          onChange={(e) => applySettings({ unitForgetBias: e.target.checked })}
          data-field="unitForgetBias"
        />
        <span>LSTM forget bias starts at 1 (Keras; TensorFlow.js default: 0)</span>
      </label>
      <label className="tl-field">
        <span>Gate activation (recurrentActivation)</span>
        <select value={cfg.recurrentActivation} onChange={onSelect('recurrentActivation')} data-field="recurrentActivation">
          <option value="sigmoid">sigmoid (Keras default)</option>
          <option value="hardSigmoid">hardSigmoid (TensorFlow.js default)</option>
        </select>
      </label>
      <label className="tl-field">
        <span>Backend</span>
        <select
          value={backendChoice}
          onChange={(e) => {
            useTrainingStore.getState().setBackendChoice(e.target.value as BackendChoice);
            client.reset();
          }}
          data-field="backend"
        >
          <option value="auto">automatic</option>
          <option value="wasm">WebAssembly</option>
          <option value="cpu">CPU</option>
          <option value="webgl">WebGL</option>
        </select>
      </label>
    </form>
  );
});
