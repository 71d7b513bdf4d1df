// Lessons are MDX files that export `meta` beside their content (see lessons/index.ts).
declare module '*.mdx' {
  import type { ComponentType } from 'react';
  export const meta: import('../lessons/types').LessonMeta;
  const MDXContent: ComponentType<{ components?: Record<string, ComponentType<any>> }>;
  export default MDXContent;
}
