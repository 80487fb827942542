// The Node entry of wasm-put: the same API as the web entry, the module already
// instantiated on import (calling `init()` is allowed and does nothing more).
export * from './wasm_put.js';
export { default } from './wasm_put.js';
