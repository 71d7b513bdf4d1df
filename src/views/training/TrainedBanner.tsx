import './banner.css';
import { useSimulatorStore } from '../../store/simulator';
import { trainedApplies } from '../../sim/buildSpec';

/** Shown in a simulator that displays weights from the training lab, with the way back. */
export function TrainedBanner({ id }: { id: string }) {
  const trained = useSimulatorStore((s) => s.trained[id]);
  const settings = useSimulatorStore((s) => s.instances[id]?.settings);
  if (!trained || !settings || !trainedApplies(settings, trained)) return null;
  return (
    <p className="sim-trained-banner" role="status" data-testid="sim-trained">
      Showing the {trained.label}, on one validation sequence.{' '}
      <button type="button" onClick={() => useSimulatorStore.getState().setTrained(id, null)}>
        Back to random weights
      </button>
    </p>
  );
}
