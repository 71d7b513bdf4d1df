/**
 * "Inspect this trained GRU": the lab sends a trained model's weights (and one validation
 * sequence) to the cell simulator of that cell's lesson, which then steps through the trained
 * network instead of its random one until the student goes back to random weights.
 */
import { lessons } from '../../lessons';
import { navigate, navigateDeck, parseHash } from '../store/route';
import { useSimulatorStore, type TrainedOverride } from '../store/simulator';
import { useTrainingStore } from '../store/training';
import { MODEL_LABEL, type CellKind } from '../train/config';
import { TASK_INFO } from '../train/tasks';
import { LIMITS as SIM_LIMITS } from '../sim/settings';
import { requestWeights } from '../store/trainingClient';

/** which lesson's simulator shows each cell */
export const INSPECT_TARGET: Record<CellKind, { preset: 'vanilla-forward' | 'lstm' | 'gru'; slug: string }> = {
  rnn: { preset: 'vanilla-forward', slug: 'vanilla-forward' },
  lstm: { preset: 'lstm', slug: 'lstm' },
  gru: { preset: 'gru', slug: 'gru' },
};

/** Sends the model's weights; returns a message when it cannot (else navigates). */
export async function inspectTrained(c: CellKind): Promise<string | null> {
  const { config } = useTrainingStore.getState();
  if (TASK_INFO[config.task].loss !== 'mse')
    return 'The cell simulators show a squared-error loss; inspect a model trained on the adding problem or the sine warm-up.';
  if (config.units > SIM_LIMITS.units.max)
    return `The cell simulators show at most ${SIM_LIMITS.units.max} units; train with ${SIM_LIMITS.units.max} or fewer to inspect.`;
  if (config.T > SIM_LIMITS.steps.max)
    return `The cell simulators show at most ${SIM_LIMITS.steps.max} steps; train with T ≤ ${SIM_LIMITS.steps.max} to inspect.`;
  const w = await requestWeights(c);
  if (!w) return 'There is no trained model to inspect yet.';
  const T = w.inputs.length;
  const trained: TrainedOverride = {
    label: `${MODEL_LABEL[c]} trained for ${w.step} steps on the ${TASK_INFO[config.task].label.toLowerCase()} (T = ${T}, ${w.units} units, seed ${config.seed})`,
    cell: c,
    units: w.units,
    weights: { kernel: w.kernel, recurrentKernel: w.recurrentKernel, bias: w.bias },
    readout: w.readout,
    recurrentActivation: w.recurrentActivation,
    inputs: w.inputs,
    // the task's answer is due at the last step; every step is scored against it (C_T is the real loss)
    targets: Array.from({ length: T }, () => w.target.slice(0, 1)),
    task: { kind: config.task, label: TASK_INFO[config.task].label, about: TASK_INFO[config.task].about },
  };
  const { preset, slug } = INSPECT_TARGET[c];
  const sims = useSimulatorStore.getState();
  sims.ensure(preset, preset);
  sims.setSettings(preset, {
    cell: c,
    units: w.units,
    steps: T,
    bidirectional: false,
    recurrentActivation: w.recurrentActivation,
    example: 'none',
    gruForm: 'tfjs',
  });
  sims.setPlayback(preset, { step: T - 1, lossStep: T - 1, playing: false });
  sims.setTrained(preset, trained);
  openSimulator(slug, preset);
  return null;
}

/**
 * Goes to the section that shows the simulator: reading, its page; presenting (the audience or the
 * presenter view), the slide that holds it, so the presentation goes on (and the other window follows).
 */
function openSimulator(slug: string, preset: string) {
  const { mode } = parseHash(window.location.hash);
  if (mode !== 'present' && mode !== 'notes') return navigate(slug, 'read');
  const slide = lessons.find((l) => l.meta.slug === slug)?.slides.findIndex((s) => s.preset === preset) ?? -1;
  navigateDeck(slug, mode, Math.max(0, slide), 0);
}
