import { defineConfig } from 'vite';

export default defineConfig({
  // `vite build` copies wasm_put_bg.wasm into dist/assets, as the glue asks for it with
  // `new URL('wasm_put_bg.wasm', import.meta.url)`. In `vite dev` the same works only if
  // the dependency is not pre-bundled, which would move the glue away from its wasm.
  optimizeDeps: { exclude: ['wasm-put'] },
});
