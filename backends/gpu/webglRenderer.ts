// What renders a browser's WebGL: the unmasked renderer string (WEBGL_debug_renderer_info), read
// from a throwaway canvas, and whether it is a software rasterizer, so that devices() can say
// "webgl, on the CPU" for SwiftShader (Chromium's fallback, and what headless Chromium uses) or
// Mesa's llvmpipe. Touches the DOM only when called (Node never calls it).

/** Renderer names of rasterizers that run on the CPU. */
const SOFTWARE_RENDERERS = /SwiftShader|llvmpipe|softpipe|lavapipe|Software Rasterizer|Microsoft Basic Render/i;

export interface WebGlRenderer {
  /** The unmasked renderer string, or the masked one where the extension is missing. */
  readonly name: string;
  /** Whether it rasterizes on the CPU. */
  readonly software: boolean;
}

/** The renderer of a fresh `webgl`/`webgl2` context, or null without a DOM or without that context. */
export function webGlRenderer(kind: "webgl" | "webgl2"): WebGlRenderer | null {
  if (typeof document === "undefined") return null;
  const gl = document.createElement("canvas").getContext(kind) as WebGLRenderingContext | null;
  if (gl === null) return null;
  const debug = gl.getExtension("WEBGL_debug_renderer_info");
  const name = String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
  // Browsers cap live WebGL contexts (16 in Chromium): give this one back now.
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return { name, software: SOFTWARE_RENDERERS.test(name) };
}
