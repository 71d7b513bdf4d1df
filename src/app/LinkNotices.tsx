import './share.css';
import { useEffect } from 'react';
import { useShareStore } from '../store/share';
import { usePresentation } from '../store/presentation';

/** What the opened link had to change or refuse, as plain text (never HTML), one line each. */
export function LinkNotices() {
  const notices = useShareStore((s) => s.notices);
  const dismiss = useShareStore((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <div className="link-notices" role="status" data-testid="link-notices">
      <p>
        <strong>This link had values Unrolled cannot use; it changed them:</strong>
      </p>
      <ul>
        {notices.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
      <button type="button" className="button button-quiet" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** A link named a slide or step that does not exist: say which one the deck shows instead. */
export function DeckNotice() {
  const notice = usePresentation((s) => s.deckNotice);
  const set = usePresentation((s) => s.setDeckNotice);
  useEffect(() => {
    if (!notice) return;
    const id = window.setTimeout(() => set(null), 10_000);
    return () => window.clearTimeout(id);
  }, [notice, set]);
  if (!notice) return null;
  return (
    <div className="deck-notice" role="status" data-testid="deck-notice">
      <p>{notice}</p>
      <button type="button" className="button button-quiet" onClick={() => set(null)}>
        Dismiss
      </button>
    </div>
  );
}
