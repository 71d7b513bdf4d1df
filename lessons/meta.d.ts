/** `import meta from './NN-name.mdx?meta'` (scripts/vite-lesson-meta.ts): a lesson's meta alone. */
declare module '*.mdx?meta' {
  const meta: { slug: string; title: string; summary: string; slides: import('../scripts/remark-slides').SlideInfo[] };
  export default meta;
}
