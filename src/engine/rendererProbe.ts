/**
 * The WebGL renderer's name (WEBGL_debug_renderer_info), read without tfjs. Creating a context is
 * slow on a software renderer (0.3–0.5 s for SwiftShader on a loaded 2-core machine), so the
 * engine's worker has it read in a throwaway worker of its own (probeWorker.ts, started by
 * worker.ts) while tfjs loads, and auto knows at once whether WebGL here is a software one.
 */

export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function rendererOf(gl: WebGLRenderingContext | WebGL2RenderingContext): string | undefined {
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The renderer of a throwaway context (lost again at once); undefined where there is no context or the name is hidden. */
export function probeRenderer(): string | undefined {
  try {
    const canvas: OffscreenCanvas | HTMLCanvasElement | null =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(1, 1)
        : typeof document !== 'undefined'
          ? document.createElement('canvas')
          : null;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | WebGL2RenderingContext | null | undefined;
    if (!gl) return undefined;
    const name = rendererOf(gl);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return undefined;
  }
}

/** What probeWorker.ts posts back. */
export interface ProbeAnswer {
  renderer: string | null;
}
