/**
 * A panel behind a button, in the browser's top layer (the HTML popover attribute: never clipped
 * by a slide's stage, never pushing it into a scroll). The one behaviour the slides' popovers
 * share: the button says whether the panel is open (aria-expanded, aria-controls); opening moves
 * focus to the panel's first control; Esc inside the panel closes it and goes no further (the deck
 * would leave the presentation); closing returns focus to the button unless the user has moved it
 * elsewhere (a click outside, the popover's light dismiss). The caller renders the markup and its
 * classes; `{open && children}` keeps the panel's content unmounted while it is closed.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

export interface PopoverOptions {
  /** selectors tried in turn for the control that takes focus when the panel opens */
  focus: readonly string[];
  /** runs as the panel opens (e.g. to place it); a stable function, not a new one each render */
  onOpen?: (pop: HTMLElement, button: HTMLButtonElement | null) => void;
}

export function usePopover(prefix: string, { focus, onOpen }: PopoverOptions) {
  const popId = `${prefix}-${useId().replace(/:/g, '')}`;
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const pop = ref.current;
    if (!pop) return;
    const onToggle = (e: Event) => {
      const isOpen = (e as ToggleEvent).newState === 'open';
      setOpen(isOpen);
      if (isOpen) onOpen?.(pop, button.current);
      else if (!document.activeElement || document.activeElement === document.body || pop.contains(document.activeElement)) button.current?.focus();
    };
    pop.addEventListener('toggle', onToggle);
    return () => pop.removeEventListener('toggle', onToggle);
  }, [onOpen]);
  // opened: focus goes to its first control (the content renders once it is open)
  const focusKey = focus.join('\n');
  useEffect(() => {
    const pop = ref.current;
    if (!open || !pop) return;
    for (const sel of focusKey.split('\n')) {
      const el = pop.querySelector<HTMLElement>(sel);
      if (el) return el.focus();
    }
  }, [open, focusKey]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    ref.current?.hidePopover();
  };
  return {
    open,
    popId,
    button: { ref: button, type: 'button', popoverTarget: popId, 'aria-expanded': open, 'aria-controls': popId } as const,
    panel: { ref, id: popId, popover: 'auto', role: 'dialog', onKeyDown } as const,
  };
}
