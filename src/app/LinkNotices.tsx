import './share.css';
import { useShareStore } from '../store/share';

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
