// GL objects: drawing frames creates no new GL objects. ImGui 1.86's OpenGL3 backend made and deleted
// a vertex array object every frame; the build compiles a patched copy that keeps one
// (tools/patches/imgui-1.86-opengl3-one-vao.patch, applied by wasm/CMakeLists.txt).
import { openPage, waitForAtlas, settle, assert, assertEqual } from './harness.mjs';

// Counts creations and deletions of WebGL objects, installed before any page script runs.
const COUNT_GL_OBJECTS = () => {
  window.__gl = {};
  const proto = WebGL2RenderingContext.prototype;
  for (const name of ['createVertexArray', 'deleteVertexArray', 'createBuffer', 'deleteBuffer', 'createTexture', 'deleteTexture', 'createProgram', 'deleteProgram']) {
    const original = proto[name];
    proto[name] = function (...args) { window.__gl[name] = (window.__gl[name] || 0) + 1; return original.apply(this, args); };
  }
};

export const tests = ({ browser, url }) => [
  ['drawing 100 frames creates no GL objects (one vertex array object for the app\'s life)', async () => {
    const { context, page, errors } = await openPage(browser, url, { init: COUNT_GL_OBJECTS });
    try {
      await waitForAtlas(page);
      await settle(page);
      const before = await page.evaluate(() => ({ gl: { ...window.__gl }, draws: window.__draws }));
      // Frames: the pointer moving over the canvas (each move draws frames).
      for (let i = 0; i < 100; i++) await page.mouse.move(200 + (i % 50) * 8, 200 + (i % 7) * 10);
      await settle(page);
      const after = await page.evaluate(() => ({ gl: { ...window.__gl }, draws: window.__draws }));
      const frames = after.draws - before.draws;
      assert(frames >= 50, `frames were drawn (${frames} draw calls)`);
      const grown = Object.keys(after.gl).filter((k) => k.startsWith('create') && after.gl[k] !== before.gl[k]).map((k) => `${k} +${after.gl[k] - (before.gl[k] || 0)}`);
      console.log(`     ${frames} draw calls; GL objects created over them: ${grown.join(', ') || 'none'}; vertex arrays in all: ${after.gl.createVertexArray || 0} created, ${after.gl.deleteVertexArray || 0} deleted`);
      assertEqual(grown.join(', '), '', 'GL objects created while drawing');
      assert((after.gl.createVertexArray || 0) <= 2, `vertex array objects created in all: ${after.gl.createVertexArray}`);
      assertEqual(errors.join('\n'), '', 'console and page errors');
    } finally {
      await context.close();
    }
  }],
];
