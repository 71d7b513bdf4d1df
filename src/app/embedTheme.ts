/** The theme an embed link asks for (`theme=light|dark|contrast`), or null (App reads it before the embed's chunk loads). */
export function embedTheme(query: string): 'light' | 'dark' | 'contrast' | null {
  const m = /(?:^|&)theme=(light|dark|contrast)(?:&|$)/.exec(query);
  return m ? (m[1] as 'light' | 'dark' | 'contrast') : null;
}
