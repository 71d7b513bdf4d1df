/** What every lesson file exports as `meta`. */
export interface LessonMeta {
  /** URL slug: the section lives at `#/<slug>`. Lowercase, hyphens. */
  slug: string;
  /** Title as shown in the sidebar and at the top of the page. */
  title: string;
  /** One line for the sidebar tooltip and the page description. */
  summary: string;
}

/** The simulator presets live with the simulator model; lessons name them. */
export type { SimulatorPreset } from '../src/sim/settings';

/** One slide of a section's deck (scripts/remark-slides.ts). */
export type { SlideInfo } from '../scripts/remark-slides';
