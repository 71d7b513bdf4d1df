/** What every lesson file exports as `meta`. */
export interface LessonMeta {
  /** URL slug: the section lives at `#/<slug>`. Lowercase, hyphens. */
  slug: string;
  /** Title as shown in the sidebar and at the top of the page. */
  title: string;
  /** One line for the sidebar tooltip and the page description. */
  summary: string;
}

export type SimulatorPreset =
  | 'vanilla-cell'
  | 'vanilla-forward'
  | 'unrolled'
  | 'bptt'
  | 'vanishing'
  | 'lstm'
  | 'gru'
  | 'compare'
  | 'bidirectional';
