/**
 * The settings panel's fields, drawn from the declarations (src/sim/schema.ts): a declaration's
 * `panel` entry says which control shows it (radios, select, slider, the seed field or the typed
 * sequence) and when; its label, help, range and options come from the declaration itself. Every
 * change goes through the store's sanitising setter.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { inputsFor } from '../../sim/buildSpec';
import { parseTypedSequence, TYPED_LIMITS } from '../../sim/inputs';
import type { Decl, DeclContext, PanelDecl, PanelState } from '../../sim/schema';
import { INPUT_PRESETS, LIMITS, type SimSettings } from '../../sim/settings';
import type { SimActions } from './actions';

/** What a field shows beyond its declaration, worked out by the panel (from the trace or the cell). */
export interface FieldExtra {
  /** after a slider's printed value */
  shownAfter?: ReactNode;
  /** replaces a slider's aria-valuetext */
  valueText?: string;
  /** after an option's label */
  option?: (value: string) => ReactNode;
}

export interface FieldProps {
  name: keyof SimSettings;
  decl: Decl;
  panel: PanelDecl;
  state: PanelState;
  settings: SimSettings;
  actions: SimActions;
  extra?: FieldExtra;
}

/** One setting, with the control its declaration asks for. */
export function SettingField(p: FieldProps) {
  switch (p.panel.control) {
    case 'radios':
      return <RadioField {...p} />;
    case 'select':
      return <SelectField {...p} />;
    case 'slider':
      return <SliderField {...p} />;
    case 'seed':
      return <SeedField {...p} />;
    case 'typed':
      return <TypedField {...p} />;
  }
}

const context = (s: PanelState): DeclContext => ({ defaults: {}, cells: s.cells, T: s.T });

function RadioField({ name, decl, panel, state, settings, actions, extra }: FieldProps) {
  const uid = useId();
  if (decl.type !== 'enum') return null;
  const allowed = decl.allowed?.(context(state));
  const value = settings[name];
  const hasHelp = decl.options.some((o) => o.help);
  return (
    // the test id doubles as the fieldset's class
    <fieldset className={panel.testid ? `sim-radios ${panel.testid}` : 'sim-radios'} data-testid={panel.testid}>
      <legend>{decl.label}</legend>
      {decl.options
        .filter((o) => !allowed || allowed.includes(o.value))
        .map((o) => (
          <label key={o.value}>
            <input
              type="radio"
              name={`${uid}-${name}`}
              value={o.value}
              checked={value === o.value}
              onChange={() => actions.setSettings({ [name]: o.value })}
            />
            {o.label}
            {extra?.option && <>: {extra.option(o.value)}</>}
          </label>
        ))}
      {hasHelp && <p className="sim-hint">{decl.options.find((o) => o.value === value)?.help}</p>}
    </fieldset>
  );
}

function SelectField({ name, decl, panel, settings, actions }: FieldProps) {
  const uid = useId();
  if (decl.type !== 'enum') return null;
  return (
    <div className="sim-field">
      <label htmlFor={`${uid}-${name}`}>{decl.label}</label>
      <select
        id={`${uid}-${name}`}
        value={String(settings[name])}
        onChange={(e) => actions.setSettings({ [name]: e.target.value })}
        data-testid={panel.testid}
      >
        {decl.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function SliderField({ name, decl, panel, state, settings, actions, extra }: FieldProps) {
  if (decl.type !== 'int' && decl.type !== 'number') return null;
  const c = context(state);
  const min = typeof decl.min === 'function' ? decl.min(c) : decl.min;
  const max = typeof decl.max === 'function' ? decl.max(c) : decl.max;
  const own = settings[name] as number;
  const value = panel.value ? panel.value(state, own) : own;
  const disabled = panel.disabled?.(state) ?? false;
  const help = decl.help && (panel.helpWhen !== 'disabled' || disabled) ? decl.help : undefined;
  return (
    <Slider
      label={panel.label?.(state) ?? decl.label}
      value={value}
      min={min}
      max={max}
      step={decl.step}
      shown={
        <>
          {panel.shown ? panel.shown(value) : value}
          {extra?.shownAfter}
        </>
      }
      valueText={extra?.valueText ?? (panel.valueText ? panel.valueText(value) : String(value))}
      onChange={(v) => actions.setSettings({ [name]: v })}
      disabled={disabled}
      hint={help}
      testid={panel.testid}
    />
  );
}

function Slider(props: {
  label: ReactNode;
  value: number;
  min: number;
  max: number;
  step: number;
  shown: ReactNode;
  valueText: string;
  onChange: (v: number) => void;
  disabled?: boolean;
  hint?: ReactNode;
  testid?: string;
}) {
  const id = useId();
  return (
    <div className="sim-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="sim-slider">
        <input
          id={id}
          type="range"
          min={props.min}
          max={props.max}
          step={props.step}
          value={props.value}
          disabled={props.disabled}
          aria-valuetext={props.valueText}
          aria-describedby={props.hint ? `${id}-hint` : undefined}
          onChange={(e) => props.onChange(Number(e.target.value))}
          data-testid={props.testid}
        />
        <output htmlFor={id}>{props.shown}</output>
      </div>
      {props.hint && (
        <p className="sim-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/**
 * The weights' seed. A typed seed applies on Enter, on leaving the field and on "Re-initialise";
 * "Re-initialise" draws a fresh random seed only when the field was not edited. A value that is not
 * a whole number in range is an error naming the field (the last good seed stays in use).
 */
export function parseSeed(text: string): { ok: true; seed: number } | { ok: false; message: string } {
  const t = text.trim();
  const max = LIMITS.seed.max;
  if (/^\d+$/.test(t) && Number(t) <= max) return { ok: true, seed: Number(t) };
  return {
    ok: false,
    message: `Random seed of the weights: “${t.length > 24 ? `${t.slice(0, 24)}…` : t}” is not a whole number from 0 to ${max}.`,
  };
}

function SeedField({ decl, panel, settings, actions }: FieldProps) {
  const seed = settings.seed;
  const uid = useId();
  const [draft, setDraft] = useState(String(seed));
  const [error, setError] = useState<string | null>(null);
  // edited since the last Re-initialise: then Re-initialise uses the typed seed instead of a new one
  const edited = useRef(false);
  // a new seed from the store replaces the draft (adjusted while rendering, not in an effect)
  const [shownSeed, setShownSeed] = useState(seed);
  if (shownSeed !== seed) {
    setShownSeed(seed);
    setDraft(String(seed));
    setError(null);
  }
  const apply = (text: string): boolean => {
    const p = parseSeed(text);
    if (!p.ok) {
      setError(p.message);
      return false;
    }
    setError(null);
    setDraft(String(p.seed));
    if (p.seed !== seed) actions.setSettings({ seed: p.seed });
    return true;
  };
  return (
    <div className="sim-field">
      <label htmlFor={uid}>{decl.label}</label>
      <div className="sim-row">
        <input
          id={uid}
          className="sim-input sim-seed"
          inputMode="numeric"
          value={draft}
          onChange={(e) => {
            edited.current = true;
            setDraft(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              if (apply(draft)) edited.current = false;
            }
          }}
          onBlur={() => {
            if (draft.trim() !== String(seed) || error) apply(draft);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${uid}-err` : undefined}
          data-testid={panel.testid}
        />
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            if (edited.current) {
              if (apply(draft)) edited.current = false;
              return;
            }
            actions.reinitialise();
          }}
          data-testid="sim-reinit"
        >
          Re-initialise
        </button>
      </div>
      <p className="sim-hint">A typed seed applies on Enter, on leaving the field or with Re-initialise; Re-initialise alone draws a new one.</p>
      {error && (
        <p className="sim-error" id={`${uid}-err`} role="alert" data-testid="sim-seed-error">
          {error} The weights still use seed {seed}.
        </p>
      )}
    </div>
  );
}

/**
 * The typed input sequence; it always shows the sequence that runs now, so editing starts from what
 * is on screen. A draft is checked before it is used: one the simulator cannot run stays in the
 * field with its message and never reaches the settings (nor the link, the other window or an
 * embed's parent), so the simulator, the T slider and the address keep the sequence that works.
 */
function TypedField({ decl, panel, state, settings: s, actions }: FieldProps) {
  const uid = useId();
  const running =
    s.inputPreset === 'typed'
      ? s.typedText
      : inputsFor(s)
          .map((v) => String(Number(v.toFixed(3))))
          .join(', ');
  const [draft, setDraft] = useState(running);
  const [error, setError] = useState<string | null>(null);
  // a new running sequence replaces the draft (adjusted while rendering, not in an effect)
  const [shown, setShown] = useState(running);
  if (shown !== running) {
    setShown(running);
    setDraft(running);
    setError(null);
  }
  const apply = () => {
    const parsed = parseTypedSequence(draft);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    actions.setSettings({ typedText: draft, inputPreset: 'typed' });
  };
  return (
    <div className="sim-field sim-typed">
      <label htmlFor={`${uid}-typed`}>{decl.label}</label>
      <div className="sim-row">
        <input
          id={`${uid}-typed`}
          className="sim-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              apply();
            }
          }}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${uid}-typed-help${error ? ` ${uid}-typed-err` : ''}`}
          data-testid={panel.testid}
        />
        <button type="button" className="button button-quiet" onClick={apply} data-testid="sim-typed-apply">
          Use it
        </button>
      </div>
      <p className="sim-hint" id={`${uid}-typed-help`}>
        {s.inputPreset === 'typed'
          ? ''
          : `Shows the input running now (“${INPUT_PRESETS.find((p) => p.id === s.inputPreset)?.label ?? s.inputPreset}”, T = ${state.T}); edit it to use your own. `}
        Up to {TYPED_LIMITS.maxValues} numbers between −{TYPED_LIMITS.maxAbs} and {TYPED_LIMITS.maxAbs}, separated by commas, semicolons or spaces;
        Enter uses them.
      </p>
      {error && (
        <p className="sim-error" id={`${uid}-typed-err`} role="alert" data-testid="sim-typed-error">
          {error} The simulator keeps running the sequence it shows ({state.T} {state.T === 1 ? 'step' : 'steps'}); nothing else changed.
        </p>
      )}
    </div>
  );
}
