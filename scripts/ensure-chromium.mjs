// Browser tests need a real Chromium. Playwright's own download does not work on machines without
// open internet, so we use the system Chromium (Debian package `chromium`). This never lets the
// browser tests be skipped silently: it installs Chromium when it can, or stops with instructions.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const found = findChromium();
if (found) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get') && !process.env.CHROMIUM_PATH) {
  console.log("[ensure-chromium] Chromium not found; installing Debian's chromium with apt-get ...");
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium', {
      stdio: 'inherit',
    });
  } catch {
    // fall through to the message below
  }
  if (findChromium()) process.exit(0);
}

console.error(`
[ensure-chromium] The browser tests need Chromium, and none was found.
  Debian/Ubuntu:  sudo apt-get install -y --no-install-recommends chromium
  Elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium
Looked for: ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome'}
`);
process.exit(1);
