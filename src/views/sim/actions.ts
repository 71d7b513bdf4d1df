import { useMemo } from 'react';
import { useSimulatorStore, type PlaybackPatch, type SettingsPatch } from '../../store/simulator';

/**
 * One simulator's store actions, bound to its instance id. The store's actions never change, so
 * selecting them re-renders nothing; components call these instead of reaching into getState().
 */
export function useSimActions(id: string) {
  const setSettings = useSimulatorStore((s) => s.setSettings);
  const setPlayback = useSimulatorStore((s) => s.setPlayback);
  const stepBy = useSimulatorStore((s) => s.stepBy);
  const togglePlay = useSimulatorStore((s) => s.togglePlay);
  const reinitialise = useSimulatorStore((s) => s.reinitialise);
  const reset = useSimulatorStore((s) => s.reset);
  return useMemo(
    () => ({
      setSettings: (patch: SettingsPatch) => setSettings(id, patch),
      setPlayback: (patch: PlaybackPatch) => setPlayback(id, patch),
      stepBy: (delta: number) => stepBy(id, delta),
      togglePlay: () => togglePlay(id),
      reinitialise: (seed?: number) => reinitialise(id, seed),
      reset: () => reset(id),
    }),
    [id, setSettings, setPlayback, stepBy, togglePlay, reinitialise, reset],
  );
}

export type SimActions = ReturnType<typeof useSimActions>;
