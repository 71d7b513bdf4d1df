import type { SimActions } from './actions';

/**
 * The t slider with its label and "t of T" output, shared by the page transport and the slide
 * transport (they differ in class names and wording only). Scrubbing pauses playback.
 */
export function TimeScrubber(props: {
  inputId: string;
  t: number;
  T: number;
  label: string;
  className: string;
  separator: string;
  actions: SimActions;
}) {
  const { inputId, t, T, label, className, separator, actions } = props;
  return (
    <div className={className}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="range"
        min={1}
        max={T}
        step={1}
        value={t}
        disabled={T <= 1}
        onChange={(e) => actions.setPlayback({ step: Number(e.target.value) - 1, playing: false })}
        aria-valuetext={`t = ${t} of ${T}`}
        data-testid="sim-scrubber"
      />
      <output htmlFor={inputId} data-testid="sim-step-output">
        {t} {separator} {T}
      </output>
    </div>
  );
}
