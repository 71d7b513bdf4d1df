import './banner.css';
import { useSimulatorStore, type TrainedOverride } from '../../store/simulator';
import { activeExample, LSTM_HAND_EXAMPLE, type SimSettings } from '../../sim/settings';
import { fmtSigned } from '../kit/format';
import { trainedApplies } from '../../sim/buildSpec';
import { formatValue } from '../scales';

/** The trained weights simulator `id` shows now (from the training lab), or null for its own seeded ones. */
export function useTrainedOn(id: string): TrainedOverride | null {
  const trained = useSimulatorStore((s) => s.trained[id]);
  const settings = useSimulatorStore((s) => s.instances[id]?.settings);
  return trained && settings && trainedApplies(settings, trained) ? trained : null;
}

/** Shown in a simulator that displays weights from the training lab, with the way back. */
export function TrainedBanner({ id }: { id: string }) {
  const trained = useTrainedOn(id);
  if (!trained) return null;
  return (
    <p className="sim-trained-banner" role="status" data-testid="sim-trained">
      Showing the {trained.label}, on one validation sequence. Links and reloads do not carry trained weights: they open the random (seeded)
      network.{' '}
      <button type="button" onClick={() => useSimulatorStore.getState().setTrained(id, null)}>
        Back to random weights
      </button>
    </p>
  );
}

/**
 * The task line of a simulator showing trained weights: the task they were trained on (not the
 * simulator's own "predict the next value"), its inputs and its target.
 */
export function TrainedTask({ trained }: { trained: TrainedOverride }) {
  const T = trained.inputs.length;
  const d = trained.inputs[0]?.length ?? 1;
  const gt = trained.targets[T - 1]?.[0];
  const adding = trained.task?.kind === 'adding';
  const marked = adding ? trained.inputs.flatMap((x, t) => (x[1] === 1 ? [t + 1] : [])) : [];
  return (
    <p className="sim-task" data-testid="sim-task-trained">
      <strong>Task: {trained.task?.label.toLowerCase() ?? 'the training lab’s task'}</strong>
      {adding ? (
        <>
          . Each input x<sub>t</sub> is a pair (value, marker): a random value in [0, 1) and a marker, 1 at two steps (one in each half
          {marked.length === 2 ? `: here t = ${marked[0]} and t = ${marked[1]}` : ''}) and 0 elsewhere. The target, due at the last step, is the sum
          of the two marked values: GT = {gt === undefined ? '–' : formatValue(gt, 3)}.
        </>
      ) : (
        <>. {trained.task?.about}</>
      )}{' '}
      The output is y<sub>t</sub> = F(h<sub>t</sub>), the trained readout, scored against that target at every step: C<sub>t</sub> = (y
      <sub>t</sub> − GT)², and C<sub>{T}</sub> is the loss it was trained on. The input has {d} channel{d === 1 ? '' : 's'}; the weights are
      trained, not random.
    </p>
  );
}

/** The simulator's task line: the trained network's, the hand-worked example's, or the untrained next-value task. */
export function SimTask({ trained, settings }: { trained: TrainedOverride | null; settings: SimSettings }) {
  if (trained) return <TrainedTask trained={trained} />;
  const example = activeExample(settings);
  if (example === 'hand')
    return (
      <p className="sim-task">
        <strong>Hand-worked example</strong> of sections 04, 05 and 07: y<sub>t</sub> = (1 1)·h<sub>t</sub>, GT = (0, 0.2, 0.2), C<sub>t</sub> = (y
        <sub>t</sub> − GT<sub>t</sub>)².
      </p>
    );
  if (example === 'lstm-hand')
    return (
      <p className="sim-task">
        <strong>Hand-worked LSTM</strong> of section 09: one unit, x = ({LSTM_HAND_EXAMPLE.inputs.map(fmtSigned).join(', ')}), y<sub>t</sub> = h
        <sub>t</sub>, GT = ({LSTM_HAND_EXAMPLE.targets.join(', ')}), C<sub>t</sub> = (y<sub>t</sub> − GT<sub>t</sub>)²; step t = 2 is worked by
        hand.
      </p>
    );
  return (
    <p className="sim-task">
      <strong>Task:</strong> predict the next input value. The target is GT<sub>t</sub> = x<sub>t+1</sub> (the last step repeats x<sub>T</sub>), the
      output is y<sub>t</sub> = F(h<sub>t</sub>), a linear readout, and the loss is C<sub>t</sub> = (y<sub>t</sub> − GT
      <sub>t</sub>)². The weights are random (seeded), not trained.
    </p>
  );
}
