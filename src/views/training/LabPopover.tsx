/**
 * A panel of the lab behind a button, for its slide: the settings form and the gate strips do not
 * fit a 16:9 slide beside the race at projector size, so they open over it in the browser's top
 * layer (the kit's usePopover: never clipped by the stage, never pushing the slide into a scroll).
 * Esc closes it without leaving the presentation; focus returns to the button.
 */
import { type ReactNode } from 'react';
import { usePopover } from '../kit/popover';

const FOCUS = ['.tl-pop-body :is(input, select, summary)', '.tl-pop-close'];

export function LabPopover({ label, title, testId, children }: { label: ReactNode; title: string; testId: string; children: ReactNode }) {
  const { open, popId, button, panel } = usePopover('tl-pop', { focus: FOCUS });
  return (
    <>
      <button {...button} data-testid={`${testId}-button`}>
        {label}
      </button>
      <div {...panel} className="tl-popover" aria-label={title} data-testid={testId}>
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
