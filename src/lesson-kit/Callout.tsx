import type { ReactNode } from 'react';

const LABEL = { note: 'Note', tip: 'Try this', warning: 'Watch out', tf: 'In TensorFlow' } as const;

/** A boxed aside in lesson prose. */
export function Callout({ kind = 'note', title, children }: { kind?: keyof typeof LABEL; title?: string; children: ReactNode }) {
  return (
    <aside className={`callout callout-${kind}`} aria-label={title ?? LABEL[kind]}>
      <p className="callout-title">{title ?? LABEL[kind]}</p>
      {children}
    </aside>
  );
}
