import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './styles/app.css';
import { App } from './app/App';
import { ThemeRoot } from './app/ThemeRoot';
import { announceUpdate } from './app/UpdatePrompt';
import { whenIdle } from './app/idle';

// The service worker (vite-plugin-pwa): offline after one visit; a new deployment asks first. It
// registers once the page has loaded and is idle, so its code and its precaching never compete
// with the page's own (Workbox's advice; issue 11's initial-JS budget).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () =>
    import('virtual:pwa-register')
      .then(({ registerSW }) => {
        const update = registerSW({ onNeedRefresh: () => announceUpdate(update) });
      })
      .catch(() => undefined);
  const atIdle = () => void whenIdle(register, 3000);
  if (document.readyState === 'complete') atIdle();
  else window.addEventListener('load', atIdle, { once: true });
}
import { applyHash } from './app/linkSync';

// a shared link's simulator state is in the store before anything renders
applyHash(window.location.hash);

// A lazy chunk that fails to load (a new deployment replaced it, a flaky network) reloads the page
// once, which fetches the new index; a second failure within a minute is left to the error
// boundaries, which show a message instead of looping.
window.addEventListener('vite:preloadError', (event) => {
  const key = 'unrolled:preload-reload';
  const last = Number(sessionStorage.getItem(key) ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem(key, String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeRoot>
      <App />
    </ThemeRoot>
  </StrictMode>,
);
