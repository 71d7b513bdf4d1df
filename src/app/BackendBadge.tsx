import { useEngineStatus } from '../store/engineStatus';

/** Which tfjs backend computes the simulators, and how long the last trace took. */
export function BackendBadge() {
  const { status, backend, fallbackReason, lastMs, error } = useEngineStatus();
  let text: string;
  let detail: string;
  if (status === 'idle' || status === 'loading') {
    text = 'Engine: loading…';
    detail = 'TensorFlow.js is loading in the background.';
  } else if (status === 'error') {
    text = 'Engine: unavailable';
    detail = `The simulators could not start: ${error ?? 'unknown error'}`;
  } else {
    const name = backend === 'webgl' ? 'WebGL' : backend === 'cpu' ? 'CPU' : (backend ?? '?');
    text = `Engine: ${name}${lastMs !== null ? ` · ${lastMs < 10 ? lastMs.toFixed(1) : Math.round(lastMs)} ms` : ''}`;
    detail =
      backend === 'webgl'
        ? 'Simulators run on the GPU through WebGL.'
        : `Simulators run on the CPU${fallbackReason ? ` because ${fallbackReason}` : ''}.`;
  }
  return (
    <span
      className={`backend-badge backend-${status === 'ready' ? backend : status}`}
      data-testid="backend-badge"
      data-backend={status === 'ready' ? (backend ?? '') : ''}
      title={detail}
      role="status"
    >
      {text}
      <span className="sr-only"> — {detail}</span>
    </span>
  );
}
