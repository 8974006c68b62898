export type RendererChoice = 'webgl' | 'canvas';

/** Renderer strings of software WebGL implementations. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * WebGL when it is hardware accelerated, Canvas 2D otherwise. A software WebGL rasteriser is far slower
 * than Canvas 2D for this game's flat shapes, and the time it takes is main-thread time the input timer
 * needs: in headless Chromium on 2 cores (SwiftShader) WebGL drew the menu at 25 fps and let a 30 Hz timer
 * run 13 times a second; Canvas drew 61 fps with the timer on time. `?renderer=webgl|canvas` overrides.
 */
export function chooseRenderer(search: string = location.search): RendererChoice {
  const forced = new URLSearchParams(search).get('renderer');
  if (forced === 'webgl' || forced === 'canvas') return forced;
  const probe = document.createElement('canvas');
  const gl = probe.getContext('webgl', { failIfMajorPerformanceCaveat: true });
  if (!gl) return 'canvas';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_GL.test(name) ? 'canvas' : 'webgl';
}
