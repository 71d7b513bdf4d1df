// Lessons are MDX files that export `meta` beside their content (see lessons/index.ts).
declare module '*.mdx' {
  import type { ComponentType } from 'react';
  import type { MDXComponents } from 'mdx/types';
  export const meta: import('../lessons/types').LessonMeta;
  const MDXContent: ComponentType<{ components?: MDXComponents }>;
  export default MDXContent;
}
