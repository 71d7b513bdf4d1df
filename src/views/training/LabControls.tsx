/**
 * The training lab's settings form (split from TrainingLab.tsx): each field clamps to its range
 * with a message, like the simulators' settings.
 */
import { memo, useId, useState, type ChangeEvent } from 'react';
import { useTrainingStore } from '../../store/training';
import { LIMITS, OPTIMIZERS, type TrainConfig } from '../../train/config';
import { TASK_INFO, TASKS, type TaskKind } from '../../train/tasks';
import type { BackendChoice } from '../../train/protocol';
import * as client from '../../store/trainingClient';

function NumberField({ label, field, step, hint }: { label: string; field: keyof typeof LIMITS & keyof TrainConfig; step: number; hint?: string }) {
  const id = useId();
  const value = useTrainingStore((s) => s.config[field]) as number;
  const [text, setText] = useState(String(value));
  // a new value from the store replaces the draft (adjusted while rendering, not in an effect)
  const [shown, setShown] = useState(value);
  if (!Object.is(shown, value)) {
    setShown(value);
    setText(String(value));
  }
  const lim = LIMITS[field];
  const commit = () => {
    if (text === String(value)) return;
    applySettings({ [field]: text });
  };
  return (
    <label className="tl-field" htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={lim.min}
        max={lim.max}
        step={step}
        value={text}
        data-field={field}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
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
      <NumberField label="Sequence length T" field="T" step={5} />
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
      <NumberField label="Learning rate" field="learningRate" step={0.001} />
      <NumberField label="Batch size" field="batchSize" step={1} />
      <NumberField label="Units" field="units" step={1} />
      <NumberField label="Clipnorm (0 = off)" field="clipnorm" step={0.5} />
      <NumberField label="Seed" field="seed" step={1} />
      <NumberField label="Step budget" field="stepBudget" step={100} />
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
