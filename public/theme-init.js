// Apply the saved theme before first paint so there is no flash or layout shift. A file, not an
// inline script, so the Content-Security-Policy can forbid inline scripts.
try {
  var t = JSON.parse(localStorage.getItem('unrolled:prefs') || '{}').state;
  if (t && t.theme) document.documentElement.dataset.theme = t.theme;
  else if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
} catch {
  // storage blocked or unreadable: keep the default theme
}
