/**
 * A link's training-lab settings → the training store (the codec: src/train/link.ts). Settings
 * the lab already has change nothing, so a reload keeps the race kept for this tab
 * (./trainingKeep.ts). Other settings replace the lab's and forget a race trained with different
 * ones (its results do not belong to this link); a lab on the page builds a new race at step 0
 * with them, as when its own form changes.
 */
import { sameLab, type LabLink } from '../train/link';
import { useShareStore } from './share';
import { useTrainingStore } from './training';
import { loadRun, saveRun } from './trainingKeep';

export function applyLabLink(lab: LabLink): void {
  const st = useTrainingStore.getState();
  if (sameLab(st, lab)) return;
  const kept = loadRun();
  if (kept && !sameLab(kept, lab)) saveRun({ ...kept, step: 0 }); // step 0: forgets the kept race
  useTrainingStore.setState({ config: lab.config, backendChoice: lab.backendChoice, messages: [] });
  if (st.step > 0) st.clearRun('idle');
  // a lab on the page (its client loaded with it): a new race with these settings
  if (useShareStore.getState().labOnPage > 0) void import('./trainingClient').then((c) => c.reset());
}
