import { backendLabel } from '../engine/autoPick';
import { useEngineStatus } from '../store/engineStatus';
import { ENGINE_CHOICES, usePrefs, type EnginePreference } from '../store/prefs';

/**
 * Which tfjs backend computes the simulators, where (a Web Worker, or the page), how long the last
 * trace took, and why when it is not WebGL; a notice when WebGL was lost. The choice of backend
 * (auto / WebGL / CPU) sits beside it.
 */
export function BackendBadge() {
  const { status, backend, cpuPath, fallbackReason, lastMs, error, notice, mode, modeReason, autoReason, preference } = useEngineStatus();
  const choice = usePrefs((s) => s.backend);
  const setChoice = usePrefs((s) => s.setBackend);
  let text: string;
  let detail: string;
  const where = mode === 'page' ? ` · in page` : '';
  const whereDetail =
    mode === 'page'
      ? ` The engine runs in the page, not in a Web Worker (${modeReason ?? 'workers are unavailable'}), so long computations can pause the page.`
      : mode === 'worker'
        ? ' It runs in a Web Worker, off the page’s main thread.'
        : '';
  if (status === 'idle') {
    text = 'Engine: idle';
    detail = 'TensorFlow.js loads with the first simulator on a page.';
  } else if (status === 'loading') {
    text = 'Engine: loading…';
    detail = 'TensorFlow.js is loading in the background.';
  } else if (status === 'error') {
    text = 'Engine: error';
    detail = `The last computation failed: ${error ?? 'unknown error'}`;
  } else {
    // the badge keeps one width while the engine starts (app.css): the CPU path is named in its title
    // and on each simulator's status line, not here ("CPU · plain JS" widened it and moved the header)
    text = `Engine: ${backendLabel(backend)}${where}${lastMs !== null ? ` · ${lastMs < 10 ? lastMs.toFixed(1) : Math.round(lastMs)} ms` : ''}`;
    detail =
      (backend === 'webgl'
        ? 'Simulators run on the GPU through WebGL.'
        : `Simulators run on the CPU${fallbackReason ? ` because ${fallbackReason}` : ''}.`) +
      (cpuPath === 'plain' && backend === 'cpu'
        ? ' The CPU computes in plain typed-array JavaScript, faster at these sizes than TensorFlow.js’s CPU kernels.'
        : '') +
      whereDetail;
  }
  // auto's pick and why ("Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units"), shown while auto is chosen
  const why = status === 'ready' && choice === 'auto' && preference === 'auto' && !notice ? autoReason : null;
  return (
    <span className="engine-controls">
      <span
        className={`backend-badge backend-${status === 'ready' ? backend : status}${notice ? ' backend-notice' : ''}`}
        data-testid="backend-badge"
        data-backend={status === 'ready' ? (backend ?? '') : ''}
        data-mode={mode ?? ''}
        data-cpu-path={status === 'ready' && backend === 'cpu' ? (cpuPath ?? '') : ''}
        data-notice={notice ?? ''}
        data-auto-reason={why ?? ''}
        title={why ? `${why}. ${detail}` : detail}
        role="status"
      >
        {text}
        {notice && <span className="backend-badge-notice"> · {notice}</span>}
        {why && <span className="backend-badge-why"> · {why}</span>}
        <span className="sr-only">
          {' '}
          — {why ? `${why}. ` : ''}
          {detail}
        </span>
      </span>
      <label className="engine-picker">
        <span>Compute on</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value as EnginePreference)} data-testid="engine-choice">
          {ENGINE_CHOICES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
