/**
 * A panel of the lab behind a button, for its slide: the settings form and the gate strips do not
 * fit a 16:9 slide beside the race at projector size, so they open over it in the browser's top
 * layer (the HTML popover attribute: never clipped by the stage, never pushing the slide into a
 * scroll). Esc closes it without leaving the presentation; focus returns to the button.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function LabPopover({ label, title, testId, children }: { label: ReactNode; title: string; testId: string; children: ReactNode }) {
  const popId = `tl-pop-${useId().replace(/:/g, '')}`;
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const pop = ref.current;
    if (!pop) return;
    const onToggle = (e: Event) => {
      const isOpen = (e as ToggleEvent).newState === 'open';
      setOpen(isOpen);
      if (!isOpen && (!document.activeElement || document.activeElement === document.body || pop.contains(document.activeElement)))
        button.current?.focus();
    };
    pop.addEventListener('toggle', onToggle);
    return () => pop.removeEventListener('toggle', onToggle);
  }, []);
  useEffect(() => {
    const pop = ref.current;
    if (open && pop)
      (pop.querySelector<HTMLElement>('.tl-pop-body :is(input, select, summary)') ?? pop.querySelector<HTMLElement>('.tl-pop-close'))?.focus();
  }, [open]);
  return (
    <>
      <button ref={button} type="button" popoverTarget={popId} aria-expanded={open} aria-controls={popId} data-testid={`${testId}-button`}>
        {label}
      </button>
      <div
        ref={ref}
        id={popId}
        popover="auto"
        className="tl-popover"
        role="dialog"
        aria-label={title}
        data-testid={testId}
        onKeyDown={(e) => {
          // Esc closes the panel (and must not reach the deck, which would leave the presentation)
          if (e.key !== 'Escape') return;
          e.preventDefault();
          e.stopPropagation();
          ref.current?.hidePopover();
        }}
      >
        <div className="tl-pop-head">
          <p className="tl-pop-title">{title}</p>
          <button type="button" className="tl-pop-close" popoverTarget={popId} popoverTargetAction="hide">
            Close <span aria-hidden="true">(Esc)</span>
          </button>
        </div>
        <div className="tl-pop-body">{open && children}</div>
      </div>
    </>
  );
}
