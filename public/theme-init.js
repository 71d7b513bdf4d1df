// Apply the theme before first paint so there is no flash or layout shift (the app then keeps it:
// src/store/theme.ts): an embed's link theme, else the saved one, else the system's. A file, not an
// inline script, so the Content-Security-Policy can forbid inline scripts.
try {
  var link = /^#\/?embed\/[^?]*\?(?:[^#]*&)?theme=(light|dark|contrast)(?:&|$)/.exec(location.hash);
  var t = link ? null : JSON.parse(localStorage.getItem('unrolled:prefs') || '{}').state;
  if (link) document.documentElement.dataset.theme = link[1];
  else if (t && t.theme) document.documentElement.dataset.theme = t.theme;
  else if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
} catch {
  // storage blocked or unreadable: keep the default theme
}
