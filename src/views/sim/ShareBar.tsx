/**
 * A simulator's sharing tools: "Copy link" (the page's URL with this simulator's settings and
 * playback, confirmed on screen; where the clipboard is refused, the link is shown to copy by hand).
 */
import { useState, type ReactNode } from 'react';
import { useCopyLink } from '../kit/useCopyLink';
import { useSimulatorStore } from '../../store/simulator';
import type { SimSpec, Trace } from '../../engine/index';
import { caption, diagramSvg, download, fileName, svgToPng, traceCsv, traceJson } from './exporters';
import { linkTo, splitHash } from '../../sim/link';
import { trainedApplies } from '../../sim/buildSpec';
import './share-bar.css';

/** The URL that opens this page with this simulator as it is now. */
export function linkFor(id: string): string {
  const inst = useSimulatorStore.getState().instances[id];
  const { path } = splitHash(window.location.hash);
  const embed = /^#\/embed\//.test(path);
  return linkTo(window.location.href, path, inst ? [inst] : [], { bare: embed });
}

export function ShareBar({ id, result, children }: { id: string; result?: { spec: SimSpec; trace: Trace } | null; children?: ReactNode }) {
  const [exported, setExported] = useState<string | null>(null);
  const [copied, copyLink] = useCopyLink<{ trained: boolean }>();
  // trained weights (from the training lab) are not in the link: it opens the seeded network
  const copy = () =>
    copyLink(linkFor(id), () => {
      const st = useSimulatorStore.getState();
      const settings = st.instances[id]?.settings;
      return { trained: !!settings && trainedApplies(settings, st.trained[id]) };
    });
  const exportAs = async (kind: 'svg' | 'png' | 'csv' | 'json', root: HTMLElement | null) => {
    const inst = useSimulatorStore.getState().instances[id];
    if (!result || !inst || !root) return;
    const T = result.trace.h.length;
    const meta = {
      preset: id,
      settings: inst.settings,
      playback: { ...inst.playback, step: Math.min(inst.playback.step, T - 1), lossStep: Math.min(inst.playback.lossStep, T - 1) },
    };
    try {
      if (kind === 'csv') {
        download(fileName(meta, T, 'trace', 'csv'), traceCsv(result.spec, result.trace, meta), 'text/csv');
        setExported(`Saved the trace as CSV: ${T} rows, one per time step.`);
      } else if (kind === 'json') {
        download(fileName(meta, T, 'trace', 'json'), traceJson(result.spec, result.trace, meta), 'application/json');
        setExported(`Saved the trace as JSON (${T} time steps).`);
      } else {
        const d = diagramSvg(root, caption(meta, T));
        if (kind === 'svg') {
          download(fileName(meta, T, 'diagram', 'svg'), d.svg, 'image/svg+xml');
          setExported(`Saved the diagram as SVG (${d.width} × ${d.height}).`);
        } else {
          const png = await svgToPng(d.svg, d.width, d.height, 2);
          download(fileName(meta, T, 'diagram', 'png'), png.blob, 'image/png');
          setExported(`Saved the diagram as PNG, ${png.width} × ${png.height} pixels.`);
        }
      }
    } catch (e) {
      setExported(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const exportButton = (kind: 'svg' | 'png' | 'csv' | 'json', label: string) => (
    <button
      type="button"
      className="button button-quiet"
      disabled={!result}
      onClick={(e) => exportAs(kind, (e.currentTarget as HTMLElement).closest('[data-testid="simulator"]'))}
      data-testid={`sim-export-${kind}`}
    >
      {label}
    </button>
  );
  return (
    <div className="sim-share" role="group" aria-label="Share and export">
      <button type="button" className="button button-quiet" onClick={copy} data-testid="sim-copy-link">
        Copy link
      </button>
      {exportButton('svg', 'Diagram SVG')}
      {exportButton('png', 'Diagram PNG')}
      {exportButton('csv', 'Trace CSV')}
      {exportButton('json', 'Trace JSON')}
      {children}
      <span className="sim-share-status" role="status" data-testid="sim-copy-status">
        {copied?.ok &&
          (copied.trained
            ? 'Link copied. Trained weights do not travel in links: it opens these settings with random (seeded) weights, not the trained model.'
            : 'Link copied: it opens this simulator exactly as it is now.')}
      </span>
      <span className="sim-share-status" role="status" data-testid="sim-export-status">
        {exported}
      </span>
      {copied && !copied.ok && (
        <label className="sim-share-manual">
          The browser did not allow copying; copy this link yourself{copied.trained ? ' (it opens random weights, not the trained model)' : ''}:
          <input readOnly value={copied.url} onFocus={(e) => e.currentTarget.select()} autoFocus data-testid="sim-link-text" />
        </label>
      )}
    </div>
  );
}
