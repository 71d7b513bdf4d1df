import type { SimSpec } from './types';

/** A tiny LSTM trace: picks the backend and compiles the common WebGL shaders before a student needs them. */
export const WARM_UP_SPEC: SimSpec = {
  cell: 'lstm',
  units: 2,
  inputs: [[0.5], [-0.25], [1]],
  weights: {
    kernel: [[0.1, -0.2, 0.3, 0.4, 0.2, 0.1, -0.1, 0.3]],
    recurrentKernel: [
      [0.2, 0.1, -0.3, 0.1, 0.0, 0.2, 0.1, -0.1],
      [-0.1, 0.3, 0.2, 0.0, 0.1, -0.2, 0.3, 0.2],
    ],
    bias: [0, 0, 0, 0, 0, 0, 0, 0],
  },
  targets: [
    [0, 0],
    [0.1, 0.1],
    [0.2, 0.2],
  ],
};
