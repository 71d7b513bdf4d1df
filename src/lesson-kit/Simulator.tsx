import type { SimulatorPreset } from '../../lessons/types';

const TITLES: Record<SimulatorPreset, string> = {
  'vanilla-cell': 'The vanilla RNN cell',
  'vanilla-forward': 'Forward pass: h, y and C',
  unrolled: 'The unrolled network',
  bptt: 'Backpropagation through time',
  vanishing: 'Vanishing and exploding gradients',
  lstm: 'Inside the LSTM cell',
  gru: 'Inside the GRU',
  compare: 'RNN vs LSTM vs GRU',
  bidirectional: 'Bidirectional RNN',
};

/** The figure region where a lesson embeds its live simulator. */
export function Simulator({ preset, caption }: { preset: SimulatorPreset; caption?: string }) {
  return (
    <figure className="simulator-slot" data-simulator={preset} aria-label={`Simulator: ${TITLES[preset]}`}>
      <div className="simulator-slot-body">
        <p className="simulator-slot-title">{TITLES[preset]}</p>
      </div>
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
