import { Fragment, useEffect, useRef, useState } from 'react';
import { usePresentation } from '../store/presentation';
import { useSimulatorStore } from '../store/simulator';
import { useTrainingStore } from '../store/training';
import { shortLink } from '../sim/link';
import { encodeLab } from '../train/link';
import { continueLink } from './continueLink';
import type { DeckSlide } from './deck';
import './qr.css';

/** The QR code as a PNG data URL (qrcode, its own chunk: loaded the first time Q is pressed), black on white with its quiet zone. */
async function qrImage(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  // 16 image px a module: the canvas shows it at 660 canvas px, sharp at any scale (image-rendering: pixelated)
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, scale: 16, color: { dark: '#000000', light: '#ffffff' } });
}

/** The short link, with a line break allowed after `?` and each `&` (a long query wraps between settings). */
function wrapped(link: string) {
  const parts = link.split(/(?<=[?&])/);
  return parts.map((p, i) => (
    <Fragment key={i}>
      {p}
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ));
}

/**
 * "Continue on your device" (Q, or the bar's QR code button): on the slide canvas, so it scales
 * with it, a QR code of the reading page's link to what the slide shows (continueLink: its
 * simulator with its settings and step), the link in text beneath it without its protocol. It
 * follows the clicker: the code is redrawn for each slide and step. A non-modal dialog (the deck's
 * keys go on working under it) with the focus in it; Q or Esc closes it (useDeckKeys) and the focus
 * goes back where it was.
 */
export function QrOverlay({ at }: { at: DeckSlide }) {
  const open = usePresentation((s) => s.qrOpen);
  const preset = at.info.kind === 'simulator' ? at.info.preset : undefined;
  const sim = useSimulatorStore((s) => (preset ? s.instances[preset] : undefined));
  const labConfig = useTrainingStore((s) => (at.info.kind === 'lab' ? s.config : null));
  const labBackend = useTrainingStore((s) => (at.info.kind === 'lab' ? s.backendChoice : null));
  const link = open
    ? continueLink(
        window.location.href,
        at,
        preset ? { [preset]: sim } : {},
        labConfig && labBackend ? encodeLab({ config: labConfig, backendChoice: labBackend }) : [],
      )
    : '';
  const [image, setImage] = useState<{ link: string; src: string | null } | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (!link) return;
    let live = true;
    qrImage(link).then(
      (src) => live && setImage({ link, src }),
      // too long for a QR code (a long typed sequence): the link in text stays
      () => live && setImage({ link, src: null }),
    );
    return () => {
      live = false;
    };
  }, [link]);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      back.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      d.show();
      d.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    }
    if (!open && d.open) {
      d.close();
      const to = back.current;
      back.current = null;
      if (to?.isConnected) to.focus({ preventScroll: true });
      else document.querySelector<HTMLElement>('.present-stage')?.focus({ preventScroll: true });
    }
  }, [open]);

  // leaving the deck closes it
  useEffect(() => () => usePresentation.getState().setQrOpen(false), []);

  const shown = image && image.link === link ? image : null;
  const what = preset ? 'this simulator as it is now' : at.info.kind === 'lab' ? 'the training lab with these settings' : 'this section';
  return (
    <dialog ref={ref} className="qr-overlay" aria-labelledby="qr-title" aria-describedby="qr-what" data-testid="qr-overlay">
      {open && (
        <>
          <h2 id="qr-title">Continue on your device</h2>
          <p id="qr-what" className="qr-what">
            Scan to open {what} on your phone or laptop.
          </p>
          <div className="qr-code">
            {shown?.src ? (
              <img src={shown.src} width={660} height={660} alt={`QR code of the link ${link}`} data-testid="qr-image" data-link={link} />
            ) : (
              <p className="qr-pending" role="status">
                {shown ? 'This link is too long for a QR code: type it instead.' : 'Drawing the QR code…'}
              </p>
            )}
          </div>
          <p className="qr-link" data-testid="qr-link">
            {wrapped(shortLink(link))}
          </p>
          <button type="button" className="button qr-close" onClick={() => usePresentation.getState().setQrOpen(false)} aria-keyshortcuts="Q">
            Close (Q)
          </button>
        </>
      )}
    </dialog>
  );
}
