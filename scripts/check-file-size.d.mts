export const MAX_LINES: number;
/** The comment lines a file starts with. */
export function headerComment(text: string): string;
/** The reason a long file gives in its header (`long-file: …`), or null. */
export function longFileReason(text: string): string | null;
/** The files over MAX_LINES lines that give no reason. */
export function check(files: string[]): { file: string; lines: number }[];
