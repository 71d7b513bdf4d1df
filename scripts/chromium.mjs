// One place that knows where Chromium lives and how to start it on this kind of machine.
// Used by playwright.config.ts and bench/run.mjs.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

// SwiftShader gives headless Chromium WebGL2 on GPU-less machines. Do not add --use-gl=egl or
// --use-angle=gl|vulkan here: tfjs then refuses the WebGL context and silently falls back to CPU.
// The background-networking flags stop Chromium phoning home on a machine with no network.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

// The browser tests composite the page in software: GPU compositing on SwiftShader rasterizes every
// frame through a CPU-emulated GPU, which made a simulator's repaint after a change ~500 ms against
// ~85 ms (the vanilla cell, 30 changes, median); WebGL (tfjs) still gets its SwiftShader context,
// which the tests assert. The benches keep chromiumArgs, so their numbers stay comparable.
export const testChromiumArgs = [...chromiumArgs, '--disable-gpu-compositing'];
