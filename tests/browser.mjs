// Shared by every tier that drives Chromium (package, end to end, npm) and the benchmark:
// how Chromium is launched here, and where the test server is.
import { chromium } from 'playwright-core';

// Headless, no sandbox (root), no GPU, and none of Chromium's own network traffic:
// this machine reaches only package registries, and refused connections slow it down.
export const chromiumArgs = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // gc() for the measurements that let the garbage collector free dropped responses.
  '--js-flags=--expose-gc',
];

/** Chromium from `CHROMIUM` (set by `cargo xtask test`), else Debian's. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: chromiumArgs,
  });
}

/** The dev server the tests talk to, without a trailing slash. */
export function server() {
  const url = process.env.WASM_PUT_TEST_SERVER;
  if (!url) {
    throw new Error(
      'WASM_PUT_TEST_SERVER is not set: run the tests with `cargo xtask test`, or start the dev server (see README) and pass its URL',
    );
  }
  return url.replace(/\/+$/, '');
}
