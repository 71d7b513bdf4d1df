/**
 * Auto's first trace does not wait for the renderer probe (src/engine/backend.ts): while the probe
 * has not answered, auto computes on the CPU and says so; the probe's answer decides from then on.
 * In Node there is no WebGL, so "tries WebGL" shows as WebGL's Node reason.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as backend from '../../src/engine/backend';

/** a fresh backend per test (no module state to reset), with the module's constants beside its methods */
type Backend = Pick<typeof backend, 'INTERIM_FALLBACK' | 'INTERIM_AUTO_REASON' | 'SOFTWARE_AUTO_REASON'> & {
  setRendererProbe: (p: Promise<string | null | undefined>) => void;
  ensureBackend: () => Promise<backend.BackendInfo>;
  getBackendInfo: () => backend.BackendInfo;
  onBackendInfo: (f: ((i: backend.BackendInfo) => void) | null) => void;
  setBackendPreference: (p: backend.BackendPreference) => void;
};
let b: Backend;

beforeEach(() => {
  const e = new backend.EngineBackend();
  b = {
    INTERIM_FALLBACK: backend.INTERIM_FALLBACK,
    INTERIM_AUTO_REASON: backend.INTERIM_AUTO_REASON,
    SOFTWARE_AUTO_REASON: backend.SOFTWARE_AUTO_REASON,
    setRendererProbe: (p) => e.setRendererProbe(p),
    ensureBackend: () => e.ensure(),
    getBackendInfo: () => e.info(),
    onBackendInfo: (f) => e.onBackendInfo(f),
    setBackendPreference: (p) => e.setPreference(p),
  };
});

function heldProbe() {
  let answer: (r: string | null | undefined) => void = () => undefined;
  const p = new Promise<string | null | undefined>((r) => (answer = r));
  return { p, answer };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('auto before the renderer probe answers', () => {
  it('computes on the CPU at once, saying the check of WebGL is still running', async () => {
    b.setRendererProbe(heldProbe().p);
    const info = await b.ensureBackend();
    expect(info).toEqual({ backend: 'cpu', preference: 'auto', fallbackReason: b.INTERIM_FALLBACK, autoReason: b.INTERIM_AUTO_REASON });
    expect(b.getBackendInfo().autoReason).toBe('Auto: CPU (plain JS) while WebGL is checked');
  });

  it('a software renderer’s answer keeps the CPU and tells the page why, without a request', async () => {
    const probe = heldProbe();
    const told: unknown[] = [];
    b.onBackendInfo((i) => told.push(i));
    b.setRendererProbe(probe.p);
    await b.ensureBackend();
    probe.answer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)');
    await tick();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ backend: 'cpu', preference: 'auto', autoReason: b.SOFTWARE_AUTO_REASON });
    expect(b.getBackendInfo().fallbackReason).toMatch(/software one \(.*SwiftShader.*\)/);
    // the next request keeps that answer
    expect((await b.ensureBackend()).autoReason).toBe(b.SOFTWARE_AUTO_REASON);
  });

  it('a hardware renderer’s answer: nothing is claimed for the trace on screen, and the next request tries WebGL', async () => {
    const probe = heldProbe();
    const told: unknown[] = [];
    b.onBackendInfo((i) => told.push(i));
    b.setRendererProbe(probe.p);
    await b.ensureBackend();
    probe.answer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)');
    await tick();
    expect(told).toEqual([]);
    const next = await b.ensureBackend();
    // it tried WebGL (which Node does not have), no longer the interim pick
    expect(next.fallbackReason).toBe('WebGL is not available outside a browser');
    expect(next.autoReason).toBeUndefined();
  });

  it('an answer that arrives while the interim initialisation is still under way is not lost', async () => {
    const probe = heldProbe();
    const told: unknown[] = [];
    b.onBackendInfo((i) => told.push(i));
    b.setRendererProbe(probe.p);
    const first = b.ensureBackend();
    // the interim initialisation has begun (it checked the probe) and waits for the CPU backend
    for (let i = 0; i < 5; i++) await Promise.resolve();
    probe.answer('llvmpipe (LLVM 15.0.7, 256 bits)');
    expect((await first).autoReason).toBe(b.INTERIM_AUTO_REASON);
    await tick();
    expect(told).toHaveLength(1);
    expect(b.getBackendInfo().autoReason).toBe(b.SOFTWARE_AUTO_REASON);
  });

  it('other choices never wait for nor mention the probe', async () => {
    b.setRendererProbe(heldProbe().p);
    b.setBackendPreference('cpu');
    expect(await b.ensureBackend()).toEqual({ backend: 'cpu', preference: 'cpu' });
  });
});
