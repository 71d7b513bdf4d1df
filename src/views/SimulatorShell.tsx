/**
 * A live simulator: the store's settings → one recompute per change → a trace the views play
 * back. Lays out the equation panel, the unrolled network, the inside-the-cell view, the BPTT
 * gradient view and the controls; owns Space/←/→ while it has focus (data-owns-keys).
 *
 * Loaded lazily by lesson-kit/Simulator.tsx, so lesson text paints first.
 */
import { SimTask, TrainedBanner, useTrainedOn } from './training/TrainedBanner';
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SimulatorPreset } from '../sim/settings';
import { useLesson } from './LessonContext';
import { defaultInstance, useSimulatorStore } from '../store/simulator';
import { CellView as CellViewFull } from './cell/CellView';
import { EquationPanel as EquationPanelFull } from './equations/EquationPanel';
import { GradientView as GradientViewFull } from './gradient/GradientView';
import { ConnectivityView as ConnectivityViewFull } from './gradient/ConnectivityView';
import { SettingsPanel, Transport } from './sim/Controls';
import { effectiveSteps, PRESETS } from '../sim/settings';
import { installTestHooks } from './sim/testHooks';
import { ShareBar } from './sim/ShareBar';
import { useShareStore } from '../store/share';
import { useEngineStatus } from '../store/engineStatus';
import { autoReasonTail, backendLabel } from '../engine/autoPick';
import { usePlayback } from './sim/usePlayback';
import { useReducedMotion } from './sim/useReducedMotion';
import { useSimulation } from './sim/useSimulation';
import { joinSimSync, useSimSyncStore } from '../store/simSync';
import { SettingsPopover, SlideTransport } from './sim/SlideControls';
import type { Highlight, ViewProps } from './types';
import { UnrolledView as UnrolledViewFull } from './unrolled/UnrolledView';
import './simulator.css';
import './offscreen.css';

installTestHooks();

// The views re-render only when their props change (a slider step re-renders the settings, not the
// drawings, until its trace arrives; a playback step re-renders them once).
const CellView = memo(CellViewFull);
const EquationPanel = memo(EquationPanelFull);
const GradientView = memo(GradientViewFull);
const ConnectivityView = memo(ConnectivityViewFull);
const UnrolledView = memo(UnrolledViewFull);

/** Keys that belong to a control inside the simulator, not to the simulator's shortcuts. */
const OWN_KEYS_SELECTOR = 'input, select, textarea, button, summary, a[href], [contenteditable="true"], [role="slider"], [role="radiogroup"]';
/** A focused scroll box (a cell drawing wider than the phone) keeps its own keys: the arrows scroll it. */
const SCROLL_KEYS_SELECTOR = '[data-scroll-keys]';

/** Which view a simulator slide shows as its hero: the cell's inside, the unrolled network, or the BPTT chain and log plot. */
export type SimHero = 'cell' | 'unrolled' | 'gradient';
export const DEFAULT_HERO: Record<SimulatorPreset, SimHero> = {
  'vanilla-cell': 'cell',
  'vanilla-forward': 'unrolled',
  unrolled: 'unrolled',
  bptt: 'gradient',
  vanishing: 'gradient',
  lstm: 'cell',
  gru: 'cell',
  compare: 'gradient',
  bidirectional: 'cell',
};
export const isHero = (h: unknown): h is SimHero => h === 'cell' || h === 'unrolled' || h === 'gradient';

function fmtMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

export default function SimulatorShell({ preset, hero: heroProp }: { preset: SimulatorPreset; hero?: SimHero }) {
  const id = preset;
  const info = PRESETS[preset];
  const { presenting, notesWindow, embed } = useLesson();
  // presenting (audience and presenter windows): every change here shows in the other window, with its trace
  const syncing = presenting || !!notesWindow;
  useEffect(() => (syncing ? joinSimSync() : undefined), [syncing]);
  // another window is playing this simulator: it ticks, this one follows
  const drivenElsewhere = useSimSyncStore((s) => !!s.drivenBy[id]);
  const ensure = useSimulatorStore((s) => s.ensure);
  useLayoutEffect(() => ensure(id, preset), [ensure, id, preset]);
  const stored = useSimulatorStore((s) => s.instances[id]);
  const inst = useMemo(() => stored ?? defaultInstance(preset), [stored, preset]);
  const { settings, playback } = inst;
  const trainedOn = useTrainedOn(id);

  const sim = useSimulation(id);
  // A recompute that takes longer than a blink dims the picture and says so (a quick one would
  // only flicker, and repainting the drawings competes with the engine on software WebGL).
  const [slowRecompute, setSlowRecompute] = useState(false);
  useEffect(() => {
    if (!sim.computing) return;
    const timer = window.setTimeout(() => setSlowRecompute(true), 150);
    return () => {
      window.clearTimeout(timer);
      setSlowRecompute(false);
    };
  }, [sim.computing]);
  const reducedMotion = useReducedMotion();
  usePlayback(id, playback.playing && !!sim.result && !drivenElsewhere, playback.speed);
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const ownHero: SimHero = isHero(heroProp) ? heroProp : DEFAULT_HERO[preset];
  // on a slide, the backward phase shows the backward view (the LSTM's ‖∂C/∂c_k‖ with it), not the
  // forward cell diagram: the clicker's backward click must show the gradients it announces
  const hero: SimHero = presenting && playback.phase === 'backward' && ownHero === 'cell' && PRESETS[preset].gradientView ? 'gradient' : ownHero;

  // While it is on the page, its state is in the URL (app/linkSync.ts).
  useEffect(() => {
    useShareStore.getState().mount(id);
    return () => useShareStore.getState().unmount(id);
  }, [id]);

  // Stop playing when the simulator leaves the page.
  useEffect(() => () => useSimulatorStore.getState().setPlayback(id, { playing: false }), [id]);

  const T = effectiveSteps(settings);
  const result = sim.result;
  // the trace on screen may be shorter than the settings' T while a recompute is under way
  const traceT = result ? result.trace.h.length : T;
  // The detail views (inside the cell, the BPTT chain and plot) follow a step or a new trace one
  // render later, in React's deferred (interruptible) render: the hero views and the details are
  // drawn in two main-thread tasks, not one (issue 11: no task over 50 ms while playing or dragging).
  const detail = useDeferredValue(
    useMemo(
      () => ({ result, step: playback.step, lossStep: playback.lossStep, phase: playback.phase, highlight }),
      [result, playback.step, playback.lossStep, playback.phase, highlight],
    ),
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      if (target !== e.currentTarget && (target.closest(OWN_KEYS_SELECTOR) || target.matches(SCROLL_KEYS_SELECTOR))) return;
      const store = useSimulatorStore.getState();
      if (e.key === ' ' || e.key === 'Spacebar') store.togglePlay(id);
      else if (e.key === 'ArrowLeft') store.stepBy(id, -1);
      else if (e.key === 'ArrowRight') store.stepBy(id, 1);
      else if (e.key === 'Home') store.setPlayback(id, { step: 0, playing: false });
      else if (e.key === 'End') store.setPlayback(id, { step: T - 1, playing: false });
      else return;
      e.preventDefault();
    },
    [id, T],
  );

  // the backend that computed the trace on screen (not the one that may compute the next)
  const shown = result?.trace.backend ?? sim.backend;
  // Why not WebGL, in a few words: under auto its pick's short reason (the badge's), else the
  // fallback's reason; the whole sentence is the line's title (and the toolbar badge's). A line
  // that stays one line does not push the simulator down when the reason arrives.
  const autoReason = useEngineStatus((s) => s.autoReason);
  const why = shown !== 'webgl' && sim.fallbackReason && !sim.notice ? sim.fallbackReason : null;
  const shortWhy = why && autoReason?.startsWith('Auto: CPU') ? `auto: ${autoReasonTail(autoReason)}` : why;
  const status = shown ? `${backendLabel(shown, result?.trace.cpuPath)}${shortWhy ? ` (${shortWhy})` : ''}` : null;
  const stale = sim.stale;

  const taskText = <SimTask trained={trainedOn} settings={settings} />;
  const statusLine = (
    <p
      className="sim-status"
      data-testid="sim-status"
      data-backend={result && shown ? shown : ''}
      data-cpu-path={result?.trace.cpuPath ?? ''}
      title={why && shortWhy !== why ? why : undefined}
    >
      {sim.computing && <span className="sim-busy">Computing… </span>}
      {stale && <strong className="sim-stale-tag">Stale: </strong>}
      {result && status ? (
        <>
          Computed on <strong>{status}</strong> in <span data-testid="sim-ms">{fmtMs(result.ms)}</span> ms
        </>
      ) : null}
    </p>
  );

  let views: ReactNode = sim.error ? null : (
    <p className="sim-loading" data-testid="sim-loading">
      Loading TensorFlow.js and computing the first trace…
    </p>
  );
  if (result) {
    const step = Math.min(playback.step, traceT - 1);
    const lossStep = Math.min(playback.lossStep, traceT - 1);
    const vp: ViewProps = {
      spec: result.spec,
      trace: result.trace,
      step,
      lossStep,
      phase: playback.phase,
      reducedMotion,
      highlight,
      setHighlight,
    };
    const showGradient = info.gradientView || playback.phase === 'backward';
    // on a slide each view draws at its design size on the canvas (cell/layout/slideText.ts): nothing is measured or re-fitted
    const heroOf = (h: SimHero) =>
      h === 'cell' ? (
        <CellView {...vp} slide={presenting} />
      ) : h === 'unrolled' ? (
        <UnrolledView {...vp} slide={presenting} />
      ) : (
        <GradientView {...vp} slide={presenting} />
      );
    if (presenting) {
      const heroView = heroOf(hero);
      // a tall drawing (gated or bidirectional cell) puts the equations beside it, a wide one above it
      const eqPlace = hero === 'cell' && (result.spec.cell !== 'rnn' || !!result.spec.backward) ? 'side' : 'top';
      views = (
        <div
          className={`sim-views sim-slide${slowRecompute ? ' is-stale' : ''}`}
          data-testid="sim-views"
          data-recomputing={slowRecompute}
          data-hero={hero}
          data-eq={eqPlace}
        >
          {slowRecompute && (
            <div className="sim-stale-note" data-testid="sim-stale-note">
              <span className="sim-progress" aria-hidden="true" />
              <span>Computing the new settings…</span>
            </div>
          )}
          <SlideTransport id={id} playback={{ ...playback, step }} T={traceT}>
            <SettingsPopover title={info.title}>
              {taskText}
              {statusLine}
              <SettingsPanel {...{ id, settings, T, cells: info.cells, sigma: result.sigma, busy: slowRecompute, trained: trainedOn }} pinnable />
            </SettingsPopover>
          </SlideTransport>
          <div className="sim-slide-body">
            <div className="sim-eq">
              <EquationPanel {...vp} />
            </div>
            <div className="sim-hero" data-testid="sim-hero">
              <div className="sim-hero-content">{heroView}</div>
            </div>
          </div>
        </div>
      );
    } else {
      // While a change recomputes, the picture on screen belongs to the previous settings: dim it
      // and say so on the diagram itself, so it never silently disagrees with the controls.
      const recomputing = slowRecompute;
      // an embed shows its picture first, then the transport and the equations (a 960 × 900 iframe
      // showed only text before scrolling); a hero this trace lacks falls back to the unrolled network
      const top: SimHero | null = !embed ? null : (hero === 'gradient' && !showGradient) || (hero === 'cell' && !info.cellView) ? 'unrolled' : hero;
      const withCell = info.cellView && top !== 'cell';
      const withGradient = showGradient && top !== 'gradient';
      // the details' props: the deferred values (a frame behind at most), or the current ones
      // while no trace had been drawn there yet
      const dr = detail.result ?? result;
      const dT = dr.trace.h.length;
      const dvp: ViewProps =
        detail.result === result &&
        detail.step === playback.step &&
        detail.lossStep === playback.lossStep &&
        detail.phase === playback.phase &&
        detail.highlight === highlight
          ? vp
          : {
              ...vp,
              spec: dr.spec,
              trace: dr.trace,
              step: Math.min(detail.step, dT - 1),
              lossStep: Math.min(detail.lossStep, dT - 1),
              phase: detail.phase,
              highlight: detail.highlight,
            };
      views = (
        <div className={`sim-views${recomputing ? ' is-stale' : ''}`} data-testid="sim-views" data-recomputing={recomputing}>
          {recomputing && (
            <div className="sim-stale-note" data-testid="sim-stale-note">
              <span className="sim-progress" aria-hidden="true" />
              <span>Computing the new settings… the drawing below still shows the previous ones.</span>
            </div>
          )}
          {top && (
            <div className="sim-embed-hero" data-testid="sim-embed-hero" data-hero={top}>
              {heroOf(top)}
            </div>
          )}
          {top && <Transport id={id} playback={{ ...playback, step }} T={traceT} />}
          <div className="sim-main">
            <div className="sim-eq">
              <EquationPanel {...vp} />
            </div>
            {top !== 'unrolled' && (
              <div className="sim-unrolled">
                <UnrolledView {...vp} />
              </div>
            )}
          </div>
          {!top && <Transport id={id} playback={{ ...playback, step }} T={traceT} />}
          <div className={`sim-details${withCell && showGradient ? ' sim-details-two' : ''}`}>
            {withCell && (
              <div className="sim-cell">
                <CellView {...dvp} />
              </div>
            )}
            {showGradient && (
              <div className="sim-gradient">
                {withGradient && <GradientView {...dvp} />}
                {/* which inputs y_T uses: on the lesson page and in an embed (below its BPTT hero), not on slides */}
                <ConnectivityView {...dvp} />
              </div>
            )}
          </div>
        </div>
      );
    }
  }

  return (
    <div
      className={`sim${presenting ? ' sim-presenting' : ''}${reducedMotion ? ' sim-reduced' : ''}`}
      tabIndex={0}
      data-owns-keys
      role="region"
      aria-label={`${info.title}: simulator. While it has focus, Space plays or pauses and the left and right arrow keys step through time.`}
      aria-keyshortcuts="Space ArrowLeft ArrowRight"
      onKeyDown={onKeyDown}
      data-testid="simulator"
      data-state={sim.error ? 'error' : sim.computing ? 'computing' : result ? 'ready' : 'loading'}
      data-stale={stale}
      aria-busy={sim.computing && !sim.error ? true : undefined}
      data-results={sim.count}
      data-step={playback.step}
      data-phase={playback.phase}
      data-playing={playback.playing}
      data-reduced-motion={reducedMotion}
      data-hero={presenting ? hero : undefined}
    >
      {!presenting && (
        <>
          <div className="sim-head">
            {taskText}
            {statusLine}
          </div>
          {!embed && <ShareBar id={id} result={result} />}
        </>
      )}
      {sim.notice && result?.trace.backend === 'cpu' && (
        <p className="sim-notice" role="status" data-testid="sim-notice">
          {sim.notice}. The numbers are the same; WebGL is tried again when the browser restores it.
        </p>
      )}
      <TrainedBanner id={id} />
      {sim.error && result && (
        <p className="sim-error" role="alert" data-testid="sim-error">
          {sim.error} The last trace that worked is still shown, marked stale; it does not match the settings below.
        </p>
      )}
      {sim.error && !result && (
        <div className="sim-error" role="alert" data-testid="sim-error">
          <p>{sim.error}</p>
          <p className="sim-row">
            <button type="button" className="button" onClick={sim.retry} data-testid="sim-retry">
              Try again
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                useSimulatorStore.getState().reset(id);
                sim.retry();
              }}
              data-testid="sim-error-reset"
            >
              Back to the lesson&rsquo;s settings
            </button>
          </p>
        </div>
      )}
      {views}
      {embed && !presenting && <ShareBar id={id} result={result} />}
      {!(presenting && result) && (
        <SettingsPanel
          {...{ id, settings, T, cells: info.cells, sigma: result?.sigma ?? null, busy: slowRecompute && !!result, trained: trainedOn }}
        />
      )}
    </div>
  );
}
