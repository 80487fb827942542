// The benchmark page: every contender in one page, PUTting to the same-origin `/sink`
// of the dev server (it reads the body and answers 204). `bench/run.mjs` loads it in
// headless Chromium and calls the functions of `window.bench`; this file only measures,
// run.mjs computes the statistics and writes the report.

import initWasmPut, { put } from '/pkg/wasm_put.js';
import ky from './vendor/ky.min.js';
import axios from './vendor/axios.min.js';
import initGloo, { put as glooPut } from './peers/gloo/bench_peer_gloo.js';
import initReqwest, { put as reqwestPut } from './peers/reqwest/bench_peer_reqwest.js';

const SINK = new URL('/sink', location.href).href;

// ---- the contenders: one PUT of `body` to `url`, reading the whole answer ----
// Each resolves to the status, or to `true` where the library rejects any non-2xx.

async function fetchBytes(url, body) {
  const res = await fetch(url, { method: 'PUT', body: body.bytes });
  await res.arrayBuffer();
  return res.status;
}

async function fetchBlob(url, body) {
  const res = await fetch(url, { method: 'PUT', body: body.blob });
  await res.arrayBuffer();
  return res.status;
}

async function fetchString(url, body) {
  const res = await fetch(url, { method: 'PUT', body: body.text });
  await res.arrayBuffer();
  return res.status;
}

async function wasmPut(url, body) {
  const res = await put(url, null, body.bytes);
  void res.content;
  return res.status;
}

async function kyPut(url, body) {
  await ky.put(url, { body: body.bytes }).arrayBuffer();
  return true;
}

async function axiosPut(url, body) {
  const res = await axios.put(url, body.bytes, { responseType: 'arraybuffer' });
  return res.status;
}

async function glooNetPut(url, body) {
  const res = await glooPut(url, body.bytes);
  return res.status;
}

async function reqwestWasmPut(url, body) {
  const res = await reqwestPut(url, body.bytes);
  return res.status;
}

// ---- loading: each wasm module's `memory`, to watch it grow ----

const memories = {};
const [wasmPutExports, glooExports, reqwestExports] = await Promise.all([
  initWasmPut(),
  initGloo(),
  initReqwest(),
]);
memories.put = wasmPutExports.memory;
memories.gloo = glooExports.memory;
memories.reqwest = reqwestExports.memory;

const memorySize = (name) => () => memories[name].buffer.byteLength;

/** `name` is what the report prints; `baseline` is what ratios are taken against. */
const CONTENDERS = [
  // Ours next to the baseline: the order reverses each round, so the two always run
  // one after the other, which the paired estimate of what `put()` adds relies on.
  { name: 'fetch (Uint8Array)', run: fetchBytes, baseline: true },
  { name: 'wasm-put put()', run: wasmPut, memory: memorySize('put'), ours: true },
  { name: 'fetch (Blob)', run: fetchBlob },
  { name: 'fetch (string)', run: fetchString },
  { name: 'ky', run: kyPut },
  { name: 'axios', run: axiosPut },
  { name: 'gloo-net (wasm)', run: glooNetPut, memory: memorySize('gloo') },
  { name: 'reqwest (wasm)', run: reqwestWasmPut, memory: memorySize('reqwest') },
];

// ---- measuring ----

/** The same bytes three ways; made here, outside every timed region. */
function makeBody(size) {
  const bytes = new Uint8Array(size).fill(0x61); // 'a'
  return { size, bytes, blob: new Blob([bytes]), text: 'a'.repeat(size) };
}

function check(name, status) {
  if (status !== 204 && status !== true) {
    throw new Error(`${name}: PUT /sink answered ${status}, not 204`);
  }
}

/** ms per call of `calls` sequential calls. */
async function timeCalls(contender, body, calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    check(contender.name, await contender.run(SINK, body));
  }
  return (performance.now() - start) / calls;
}

/** The contenders in this round's order: as listed on even rounds, reversed on odd ones. */
function inOrder(entries, round) {
  return round % 2 === 0 ? entries : [...entries].reverse();
}

/**
 * One record per contender (or only the baseline and ours, with `pair`): its samples,
 * its first error, wasm memory before.
 */
function freshEntries(pair = false) {
  return CONTENDERS.filter((c) => !pair || c.baseline || c.ours).map((c) => ({
    contender: c,
    samples: [],
    error: null,
    memoryBefore: c.memory?.() ?? null,
  }));
}

/**
 * `rounds` samples of each contender PUTting `size` bytes; a sample is the mean of
 * `batch` sequential calls. After `warmup` untimed rounds. Wasm memory is read before
 * the warm-up and after the last round. With `pair`, only raw fetch and ours run.
 */
async function measureSize({ size, rounds, batch, warmup, pair }) {
  const body = makeBody(size);
  const entries = freshEntries(pair);
  for (let round = -warmup; round < rounds; round++) {
    for (const entry of inOrder(entries, round)) {
      if (entry.error) continue;
      try {
        const ms = await timeCalls(entry.contender, body, batch);
        if (round >= 0) entry.samples.push(ms);
      } catch (e) {
        entry.error = String(e?.message ?? e);
      }
    }
  }
  return entries.map(report);
}

/** `rounds` samples of each contender making `count` PUTs of `size` bytes at once. */
async function measureConcurrency({ count, size, rounds, warmup }) {
  const body = makeBody(size);
  const entries = freshEntries();
  for (let round = -warmup; round < rounds; round++) {
    for (const entry of inOrder(entries, round)) {
      if (entry.error) continue;
      const { name, run } = entry.contender;
      try {
        const start = performance.now();
        const statuses = await Promise.all(Array.from({ length: count }, () => run(SINK, body)));
        const ms = performance.now() - start;
        statuses.forEach((s) => check(name, s));
        if (round >= 0) entry.samples.push(ms);
      } catch (e) {
        entry.error = String(e?.message ?? e);
      }
    }
  }
  return entries.map(report);
}

function report(entry) {
  const { contender, samples, error, memoryBefore } = entry;
  const memoryAfter = contender.memory?.() ?? null;
  return {
    name: contender.name,
    baseline: !!contender.baseline,
    ours: !!contender.ours,
    wasm: !!contender.memory,
    samples,
    error,
    memoryBefore,
    memoryAfter,
    memoryGrowth: memoryAfter === null ? null : memoryAfter - memoryBefore,
  };
}

/**
 * Lets the garbage collector free the responses the calls dropped (a `PutResponse` holds
 * a little wasm memory until its finalizer runs): `gc()` where Chromium exposes it
 * (`--js-flags=--expose-gc`), then a wait for the finalizers, twice.
 */
async function collectGarbage() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Our `put`'s wasm memory before and after `calls` sequential PUTs of 0 B (after warm-up
 * calls), each read after a garbage collection: the steady state, with the responses
 * the calls dropped released by the garbage collector.
 */
async function putMemoryAfterCalls({ calls }) {
  const body = makeBody(0);
  const put = CONTENDERS.find((c) => c.ours);
  await timeCalls(put, body, 2000);
  await collectGarbage();
  const before = memories.put.buffer.byteLength;
  const start = performance.now();
  await timeCalls(put, body, calls);
  const seconds = (performance.now() - start) / 1000;
  await collectGarbage();
  const after = memories.put.buffer.byteLength;
  return { calls, before, after, growth: after - before, seconds, collected: typeof globalThis.gc === 'function' };
}

/** The smallest step `performance.now()` takes here (Chromium coarsens it unless isolated). */
function timerResolution() {
  let smallest = Infinity;
  let last = performance.now();
  const end = last + 50;
  while (last < end) {
    const now = performance.now();
    if (now !== last) {
      smallest = Math.min(smallest, now - last);
      last = now;
    }
  }
  return smallest;
}

window.bench = {
  info: () => ({
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    timerResolutionMs: timerResolution(),
    contenders: CONTENDERS.map((c) => c.name),
    sink: SINK,
  }),
  measureSize,
  measureConcurrency,
  putMemoryAfterCalls,
};
window.benchReady = true;
document.getElementById('log').textContent = 'ready';
