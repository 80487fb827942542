// The Node entry of the wasm-put package (the `node` condition of its `exports`).
//
// It reads `wasm_put_bg.wasm` from beside this file and instantiates it synchronously,
// so `import { put } from 'wasm-put'` gives a `put` that is ready at once: no `init()`.
// The default export (`init`) and `initSync` stay, for code written for the web entry;
// both return the already instantiated module.
import { readFileSync } from 'node:fs';
import init, { initSync } from './wasm_put.js';

initSync({ module: readFileSync(new URL('./wasm_put_bg.wasm', import.meta.url)) });

export * from './wasm_put.js';
export default init;
