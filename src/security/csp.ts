/**
 * The Content-Security-Policy the built app ships in a meta tag (static hosting has no headers to
 * set): scripts and workers only from the app's own files (no inline script, no eval), no plugins,
 * no foreign connections. Inline style attributes stay allowed: KaTeX's HTML positions glyphs with
 * them. frame-ancestors cannot be set from a meta tag.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "manifest-src 'self'",
].join('; ');
