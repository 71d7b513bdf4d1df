/**
 * KaTeX's safety settings, shared by the lessons' build-time typesetting (vite.config.ts,
 * rehype-katex) and the simulators' run-time equations (EquationPanel): nothing trusted but the
 * two commands that tag equation terms (\htmlData, \htmlClass; no \href, \url, \includegraphics,
 * \htmlStyle or \htmlId), and macro expansion and sizes bounded, so no TeX can hang the page or
 * inject links or styles.
 */
export const TRUSTED_COMMANDS: readonly string[] = ['\\htmlData', '\\htmlClass'];

export const KATEX_SAFETY = {
  trust: (ctx: { command: string }) => TRUSTED_COMMANDS.includes(ctx.command),
  /** macro expansions per formula (KaTeX's default is 1000) */
  maxExpand: 500,
  /** largest \rule or \kern, in em */
  maxSize: 40,
  strict: 'ignore' as const,
};
