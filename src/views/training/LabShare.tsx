/**
 * The lab's "Copy link": the page's URL with the lab's settings and backend choice
 * (src/train/link.ts), and plainly what it leaves out: trained weights and results never travel
 * in a link (whoever opens it trains from step 0). Where the clipboard is refused, the link is
 * shown to copy by hand, as a simulator's Copy link does.
 */
import { useCopyLink } from '../kit/useCopyLink';
import { useTrainingStore } from '../../store/training';
import { linkTo, splitHash } from '../../sim/link';
import { encodeLab } from '../../train/link';
import '../sim/share-bar.css';

/** The URL that opens this page with the lab's settings as they are now. */
export function labLink(): string {
  const { path } = splitHash(window.location.hash);
  return linkTo(window.location.href, path, [], { extra: encodeLab(useTrainingStore.getState()) });
}

export function LabShare() {
  const [copied, copyLink] = useCopyLink();
  const copy = () => copyLink(labLink(), () => ({}));
  return (
    <div className="sim-share tl-share" role="group" aria-label="Share the lab's settings">
      <button type="button" className="button button-quiet" onClick={copy} data-testid="tl-copy-link">
        Copy link
      </button>
      <small className="tl-share-what" data-testid="tl-link-note">
        A link carries these settings, not trained weights or results: it opens the lab at step 0.
      </small>
      <span className="sim-share-status" role="status" data-testid="tl-copy-status">
        {copied?.ok && 'Link copied: it opens the lab with these settings, to train from step 0.'}
      </span>
      {copied && !copied.ok && (
        <label className="sim-share-manual">
          The browser did not allow copying; copy this link yourself (settings only, no trained weights):
          <input readOnly value={copied.url} onFocus={(e) => e.currentTarget.select()} autoFocus data-testid="tl-link-text" />
        </label>
      )}
    </div>
  );
}
