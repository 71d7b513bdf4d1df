/**
 * The training lab: the three cells race on one task, trained in a Web Worker, with live loss,
 * gradient-norm and gate views. Settings live in the training store, the worker in store/trainingClient.ts.
 */
import { memo, useEffect, useState } from 'react';
import { useTrainingStore } from '../../store/training';
import { MODEL_LABEL, MODELS, OPTIMIZERS, type CellKind } from '../../train/config';
import { TASK_INFO } from '../../train/tasks';
import type { EvalPoint } from '../../train/race';
import { useReducedMotion } from '../sim/useReducedMotion';
import { formatValue } from '../scales';
import { GateHistograms, GradNormChart, LossChart, MODEL_STYLE, Swatch } from './charts';
import * as client from '../../store/trainingClient';
import { installTrainingHooks } from './testHooks';
import { joinLabSync } from '../../store/labSync';
import { LabPopover } from './LabPopover';
import { GradBeforeAfter } from './beforeAfter';
import { Controls } from './LabControls';
import { LabShare } from './LabShare';
import { useShareStore } from '../../store/share';
import './training.css';
import './popover.css';

function fmtEta(s: number): string {
  if (!Number.isFinite(s) || s <= 0) return '–';
  if (s < 90) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** whether a model other than `c` is still training (not stopped, not left out) */
function othersGoOn(models: Record<CellKind, { diverged: string | null }>, c: CellKind): boolean {
  return MODELS.some((o) => o !== c && !models[o].diverged);
}

/** inspectTrained: the app's (it routes); a message when it cannot send that model to its cell's simulator */
type LabProps = { presenting?: boolean; inspectTrained?: (c: CellKind) => Promise<string | null> };
export default function TrainingLab({ presenting = false, inspectTrained }: LabProps) {
  const st = useTrainingStore();
  const reducedMotion = useReducedMotion();
  const [inspectMsg, setInspectMsg] = useState<string | null>(null);
  const cfg = st.config;
  const info = TASK_INFO[cfg.task];

  useEffect(() => {
    installTrainingHooks();
    client.mount();
    const onHide = () => void client.shutdown();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void client.shutdown();
    };
  }, []);
  // the lab's settings go into the page's URL while it is on the page (app/linkSync.ts)
  useEffect(() => {
    useShareStore.getState().mountLab();
    return () => useShareStore.getState().unmountLab();
  }, []);
  // presenting (audience and presenter windows): one race, shown in every window (store/labSync.ts)
  useEffect(() => (presenting ? joinLabSync() : undefined), [presenting]);

  const playing = st.status === 'playing';
  const busy = st.status === 'starting';
  const remaining = cfg.stepBudget - st.step;
  const eta = st.stepsPerSec > 0 ? remaining / st.stepsPerSec : NaN;
  const lossName = info.loss === 'mse' ? 'MSE' : 'cross-entropy';

  const inspect = async (c: CellKind) => {
    setInspectMsg(null);
    client.pause();
    const msg = inspectTrained ? await inspectTrained(c) : 'Inspecting a trained model is not available here.';
    if (msg) setInspectMsg(msg);
  };

  return (
    <div
      className={`tl${presenting ? ' tl-presenting' : ''}${reducedMotion ? ' tl-reduced' : ''}`}
      data-testid="training-lab"
      data-status={st.status}
      data-step={st.step}
      data-kept={st.detached ? 'true' : 'false'}
      data-backend={st.backend ?? ''}
    >
      {!presenting && (
        <>
          <Controls />
          <LabShare />
          <p className="tl-task-about">
            <strong>{info.label}.</strong> {info.about}
          </p>
        </>
      )}
      {st.messages.length > 0 && (
        <ul className="tl-messages" role="status" data-testid="tl-messages">
          {st.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}

      <div className="tl-transport" role="group" aria-label="Training">
        <button
          type="button"
          className="tl-play"
          data-testid="tl-play"
          disabled={busy || st.status === 'finished'}
          onClick={() => (playing ? client.pause() : client.play())}
          aria-pressed={playing}
        >
          {playing ? 'Pause' : st.detached ? 'Train again' : st.step > 0 ? 'Resume' : 'Train'}
        </button>
        <button type="button" data-testid="tl-step" disabled={busy || playing || st.status === 'finished'} onClick={() => client.stepOnce()}>
          One step
        </button>
        <button type="button" data-testid="tl-reset" disabled={busy} onClick={() => client.reset()}>
          Reset
        </button>
        {presenting && (
          // a slide has room for the race, not the form: the settings and the gate strips open over it
          <>
            <LabPopover
              label={
                <>
                  <span aria-hidden="true">⚙</span> Settings
                </>
              }
              title="Training settings"
              testId="tl-settings"
            >
              <Controls />
              <LabShare />
              <p className="tl-task-about">
                <strong>{info.label}.</strong> {info.about}
              </p>
              {st.backendReason && <p className="tl-backend-why">Training runs on {st.backendReason}.</p>}
            </LabPopover>
            <LabPopover label="Before & after" title="The gradient chart before and after training" testId="tl-ba">
              <GradBeforeAfter marks={st.gradMarks} models={st.models} cells={MODELS} finished={st.status === 'finished'} presenting />
            </LabPopover>
            <LabPopover label="Gates & table" title="Gate values over training, and the loss data as a table" testId="tl-more">
              <GateHistograms history={st.gateHistory} cells={MODELS} />
              <LossTable history={st.history} />
            </LabPopover>
          </>
        )}
        <p className="tl-progress" aria-live="off" data-testid="tl-progress">
          {/* on the slide the speed stays out: beside the three popover buttons, "ETA 2 min 34 s" and the
              speed wrapped the row onto a second line, past the slide's canvas */}
          Step <strong>{st.step}</strong> / {cfg.stepBudget} ·{' '}
          {presenting ? '' : st.stepsPerSec > 0 ? `${st.stepsPerSec.toFixed(1)} steps/s · ` : '– steps/s · '}ETA {playing ? fmtEta(eta) : '–'}
          {st.backend && (
            <>
              {' '}
              · <span title={st.backendReason ?? ''}>backend: {st.backend}</span>
            </>
          )}
        </p>
      </div>
      {presenting && st.detached ? (
        // on a slide a kept race's notice takes the settings line's place (its settings are in ⚙;
        // a line more overflowed the 1920×1080 canvas)
        <p className="tl-messages" role="status" data-testid="tl-kept">
          The race you ran here, kept at step {st.step}: it stopped when the lab left the slide. Train again starts a new race.
        </p>
      ) : presenting ? (
        <p className="tl-config" data-testid="tl-config">
          {info.label}, T = {cfg.T}, {cfg.units} units, {OPTIMIZERS.find((o) => o.id === cfg.optimizer)?.label} at {cfg.learningRate}, batch{' '}
          {cfg.batchSize}
          {cfg.clipnorm > 0 ? `, clipnorm ${cfg.clipnorm}` : ', no clipping'}, seed {cfg.seed}
        </p>
      ) : (
        st.backendReason && <p className="tl-backend-why">Training runs on {st.backendReason}.</p>
      )}
      {st.detached && !presenting && (
        <p className="tl-messages" role="status" data-testid="tl-kept">
          The results of the race you ran here, kept at step {st.step}. Its training stopped when the lab left the page (a race cannot be resumed
          then): Train again starts a new race at step 0.
          {MODELS.some((c) => st.kept[c]) ? ' Inspect opens the models as they were trained.' : ''}
        </p>
      )}
      {st.error && (
        <p className="tl-error" role="alert">
          Training stopped: {st.error}
        </p>
      )}
      <p className="tl-live-summary sr-only" aria-live="polite">
        {st.status === 'finished'
          ? `Training finished at step ${st.step}. ` +
            MODELS.map(
              (c) => `${MODEL_LABEL[c]} ${st.models[c].solvedAt !== null ? `solved at step ${st.models[c].solvedAt}` : 'not solved'}`,
            ).join(', ') +
            '.'
          : ''}
      </p>

      <ul className="tl-models" aria-label="Models">
        {MODELS.map((c) => {
          const m = st.models[c];
          return (
            <li
              key={c}
              className="tl-model"
              data-model={c}
              data-solved={m.solvedAt ?? ''}
              data-diverged={m.diverged ? 'true' : 'false'}
              style={{ borderColor: MODEL_STYLE[c].color }}
            >
              <p className="tl-model-name">
                <Swatch c={c} />
                {MODEL_LABEL[c]}
              </p>
              <p>
                {m.diverged && m.diverged !== 'not in this race' ? 'last ' : ''}validation {lossName}:{' '}
                <strong>{m.loss === null ? '–' : formatValue(m.loss, 4)}</strong>
              </p>
              <p>
                {m.solvedAt !== null
                  ? `solved at step ${m.solvedAt}`
                  : st.status === 'finished'
                    ? 'not solved within the budget'
                    : 'not solved yet'}
              </p>
              {st.notices[c] && (
                <p className="tl-notice" role="alert" data-testid={`tl-diverged-${c}`}>
                  Stopped: {st.notices[c]}.{' '}
                  {othersGoOn(st.models, c)
                    ? 'The others go on.'
                    : 'No model is left training: lower the learning rate or turn clipping on, then Reset.'}
                </p>
              )}
              <button
                type="button"
                className="tl-inspect"
                disabled={st.step === 0 || !!m.diverged || (st.detached && !st.kept[c])}
                onClick={() => void inspect(c)}
                data-testid={`tl-inspect-${c}`}
              >
                Inspect this trained {c === 'rnn' ? 'RNN' : MODEL_LABEL[c]}
              </button>
            </li>
          );
        })}
      </ul>
      {inspectMsg && (
        <p className="tl-messages" role="status">
          {inspectMsg}
        </p>
      )}

      <div className="tl-charts">
        <LossChart
          history={st.history}
          baseline={st.baseline}
          models={st.models}
          cells={MODELS}
          budget={cfg.stepBudget}
          lossName={lossName}
          presenting={presenting}
        />
        <GradNormChart probe={st.probe} cells={MODELS} reducedMotion={reducedMotion} presenting={presenting} />
      </div>
      {!presenting && (
        <>
          <GradBeforeAfter marks={st.gradMarks} models={st.models} cells={MODELS} finished={st.status === 'finished'} />
          <GateHistograms history={st.gateHistory} cells={MODELS} />
          <LossTable history={st.history} />
        </>
      )}
    </div>
  );
}

/**
 * The loss chart's text alternative: at most ~60 rows (memoised: redrawn only on new
 * evaluations), built only while the disclosure is open: closed, a new evaluation changes nothing
 * in the DOM (it re-keyed up to 60 rows of the hidden table on every update while training).
 */
const LossTable = memo(function LossTable({ history }: { history: EvalPoint[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="tl-data" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="tl-data">
      <summary>Loss data as a table</summary>
      {open && <LossRows history={history} />}
    </details>
  );
});

function LossRows({ history }: { history: EvalPoint[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">step</th>
          {MODELS.map((c) => (
            <th scope="col" key={c}>
              {MODEL_LABEL[c]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {history
          .filter((_, i, a) => a.length <= 60 || i % Math.ceil(a.length / 60) === 0 || i === a.length - 1)
          .map((p) => (
            <tr key={p.step}>
              <th scope="row">{p.step}</th>
              {MODELS.map((c) => (
                <td key={c}>{p.losses[c] === null ? '–' : formatValue(p.losses[c]!, 4)}</td>
              ))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}
