// The npm package end to end: pkg/package.json, `npm pack`, the tarball installed into
// examples/node and examples/vite, the Node example run, the Vite app built, served and
// driven in headless Chromium against the dev server, and both examples type-checked
// against the installed package's types. The tests run in order; each needs the ones
// before it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT, PKG, TARBALLS, TSC, crateVersion, freshId, launch, npmNoise, run, server, shown,
} from './helpers.mjs';

const version = crateVersion();
const tarballName = `wasm-put-${version}.tgz`;
const tarball = path.join(TARBALLS, tarballName);
const examples = {
  node: path.join(ROOT, 'examples', 'node'),
  vite: path.join(ROOT, 'examples', 'vite'),
};
const SCREENSHOTS = path.join(ROOT, 'test-output', 'pkg');
const done = new Set();

/** Fails with a clear message when an earlier step this test needs did not pass. */
function needs(...steps) {
  for (const step of steps) assert.ok(done.has(step), `needs the earlier step "${step}", which failed`);
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
async function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(path.join(dir, entry.name), rel + '/')));
    else out.push(rel);
  }
  return out.sort();
}

test('pkg/package.json names the crate version, the licence and a node and a web entry', async () => {
  const manifest = JSON.parse(await readFile(path.join(PKG, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'wasm-put');
  assert.equal(manifest.version, version, 'the version of Cargo.toml');
  assert.equal(manifest.license, 'MIT OR Apache-2.0');
  assert.equal(manifest.type, 'module');
  assert.match(manifest.description, /\S/);
  assert.match(manifest.repository.url, /^git\+https:\/\/.+\.git$/);
  assert.ok(manifest.keywords.includes('wasm'));
  const entry = manifest.exports['.'];
  assert.deepEqual(entry.node, { types: './node.d.ts', default: './node.js' });
  assert.equal(entry.types, './wasm_put.d.ts');
  assert.equal(entry.default, './wasm_put.js');
  assert.deepEqual(Object.keys(entry), ['browser', 'node', 'types', 'default'], 'the order of the conditions');
  assert.deepEqual(manifest.sideEffects, ['./node.js'], 'only the Node entry runs code on import');
  // Every file of pkg/ is covered by "files", and every entry exists.
  const files = await filesUnder(PKG);
  for (const file of files.filter((f) => f !== 'package.json')) {
    assert.ok(
      manifest.files.some((f) => f === file || (f.endsWith('/') && file.startsWith(f))),
      `pkg/${file} is not in "files"`,
    );
  }
  for (const f of manifest.files) {
    assert.ok(files.some((file) => file === f || file.startsWith(f)), `"files" names ${f}, which pkg/ lacks`);
  }
  done.add('package.json');
});

test('npm pack makes a tarball with the glue, the wasm, the Node entry and the licences', async () => {
  needs('package.json');
  await mkdir(TARBALLS, { recursive: true });
  await rm(tarball, { force: true });
  const packed = await run('npm', ['pack', '--json', '--pack-destination', TARBALLS], { cwd: PKG });
  assert.equal(packed.code, 0, shown(packed));
  const [report] = JSON.parse(packed.stdout);
  assert.equal(report.filename, tarballName);
  assert.ok((await stat(tarball)).size > 10_000);
  const inTarball = report.files.map((f) => f.path).sort();
  assert.deepEqual(inTarball, await filesUnder(PKG), 'the tarball holds exactly pkg/');
  for (const needed of ['wasm_put.js', 'wasm_put_bg.wasm', 'wasm_put.d.ts', 'node.js', 'node.d.ts',
    'LICENSE-MIT', 'LICENSE-APACHE', 'README.md', 'CHANGELOG.md']) {
    assert.ok(inTarball.includes(needed), `the tarball lacks ${needed}`);
  }
  // The glue is all wasm-bindgen's: no hand-written JS snippet ships beside it, and
  // whatever it imports is in the tarball.
  const glue = await readFile(path.join(PKG, 'wasm_put.js'), 'utf8');
  const imports = [...glue.matchAll(/from\s*['"]\.\/([^'"]+)['"]/g)].map((m) => m[1]);
  assert.ok(!imports.some((i) => i.startsWith('snippets/')), 'the glue imports no snippets');
  for (const i of imports) assert.ok(inTarball.includes(i), `the tarball lacks ${i}, which the glue imports`);
  done.add('pack');
});

test('both examples depend on the tarball of this version', async () => {
  for (const [name, dir] of Object.entries(examples)) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(
      manifest.dependencies['wasm-put'],
      `file:../../target/pkg-tarball/${tarballName}`,
      `examples/${name}/package.json: update the wasm-put dependency to ${tarballName}`,
    );
  }
  done.add('dependencies');
});

/** Installs the fresh tarball into an example (named, so npm replaces an older copy). */
async function install(dir) {
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', `../../target/pkg-tarball/${tarballName}`],
    { cwd: dir },
  );
  assert.equal(installed.code, 0, shown(installed));
  const manifest = JSON.parse(await readFile(path.join(dir, 'node_modules/wasm-put/package.json'), 'utf8'));
  assert.equal(manifest.version, version);
  // The installed copy is this build's: its wasm is byte for byte pkg/'s.
  assert.ok(
    (await readFile(path.join(dir, 'node_modules/wasm-put/wasm_put_bg.wasm'))).equals(
      await readFile(path.join(PKG, 'wasm_put_bg.wasm')),
    ),
    'the installed wasm is not the one in pkg/',
  );
  return installed;
}

test('the tarball installs into examples/node', { timeout: 300_000 }, async () => {
  needs('pack', 'dependencies');
  await install(examples.node);
  done.add('install node');
});

test('the Node example PUTs a JSON document and a file with no init(), 201 then 200', async () => {
  needs('install node');
  const id = freshId('node-example');
  const env = { WASM_PUT_SERVER: server(), WASM_PUT_EXAMPLE_ID: id };
  for (const [status, text] of [[201, 'Created'], [200, 'OK']]) {
    const result = await run(process.execPath, ['index.mjs'], { cwd: examples.node, env });
    assert.equal(result.code, 0, shown(result));
    assert.equal(result.stderr, '', 'no warning, no error');
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 2, shown(result));
    assert.match(lines[0], new RegExp(`^json: PUT /resources/${id} -> ${status} ${text} \\(ETag ".+"\\)$`));
    assert.match(lines[1], new RegExp(`^file: PUT /resources/${id}\\.csv -> ${status} ${text} \\(51 bytes\\)$`));
  }
  // What the server stored is what the example sent.
  const doc = await fetch(`${server()}/resources/${id}`);
  assert.equal(doc.headers.get('content-type'), 'application/json');
  assert.deepEqual(await doc.json(), { name: 'John Doe', city: 'Lisbon', tags: ['node', 'example'] });
  const csv = await fetch(`${server()}/resources/${id}.csv`);
  assert.equal(csv.headers.get('content-type'), 'text/csv');
  assert.equal(await csv.text(), await readFile(path.join(examples.node, 'report.csv'), 'utf8'));
});

test('the Node example prints the NetworkError and exits 1 when no server listens', async () => {
  needs('install node');
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const result = await run(process.execPath, ['index.mjs'], {
    cwd: examples.node,
    env: { WASM_PUT_SERVER: `http://127.0.0.1:${port}` },
  });
  assert.equal(result.code, 1, shown(result));
  assert.equal(result.stdout, '');
  assert.match(result.stderr, new RegExp(`^NetworkError: .*http://127\\.0\\.0\\.1:${port}/resources/node-example`));
});

test('Node resolves the installed package to node.js, and the browser condition to the web glue', async () => {
  needs('install node');
  const resolve = (...flags) =>
    run(process.execPath, [...flags, '--input-type=module', '-e', "console.log(import.meta.resolve('wasm-put'))"], {
      cwd: examples.node,
    });
  const node = await resolve();
  assert.equal(node.code, 0, shown(node));
  assert.match(node.stdout.trim(), /\/examples\/node\/node_modules\/wasm-put\/node\.js$/);
  const browser = await resolve('--conditions=browser');
  assert.equal(browser.code, 0, shown(browser));
  assert.match(browser.stdout.trim(), /\/examples\/node\/node_modules\/wasm-put\/wasm_put\.js$/);
});

test('the Node example type-checks against the installed node.d.ts (tsc, nodenext, strict)', async () => {
  needs('install node');
  const checked = await run(process.execPath, [TSC, '-p', examples.node, '--listFiles']);
  assert.equal(checked.code, 0, shown(checked));
  assert.ok(checked.stdout.includes('/examples/node/node_modules/wasm-put/node.d.ts'), 'the node entry types');
});

test('the tarball installs into examples/vite, with Vite 7', { timeout: 300_000 }, async () => {
  needs('pack', 'dependencies');
  await install(examples.vite);
  const vite = JSON.parse(await readFile(path.join(examples.vite, 'node_modules/vite/package.json'), 'utf8'));
  assert.match(vite.version, /^7\./);
  done.add('install vite');
});

test('the Vite example type-checks against the installed wasm_put.d.ts (tsc, bundler, strict)', async () => {
  needs('install vite');
  const checked = await run(process.execPath, [TSC, '-p', examples.vite, '--listFiles']);
  assert.equal(checked.code, 0, shown(checked));
  assert.ok(checked.stdout.includes('/examples/vite/node_modules/wasm-put/wasm_put.d.ts'), 'the web entry types');
  assert.ok(!checked.stdout.includes('/node.d.ts'), 'a bundler does not take the node entry');
});

const dist = path.join(examples.vite, 'dist');
let wasmAsset;

test('vite build emits the wasm as an asset that the bundle points at', { timeout: 120_000 }, async () => {
  needs('install vite');
  await rm(dist, { recursive: true, force: true });
  const built = await run(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { cwd: examples.vite });
  assert.equal(built.code, 0, shown(built));
  assert.doesNotMatch(built.stdout + built.stderr, /\(!\)|warning/i, 'vite build warned');
  const assets = await readdir(path.join(dist, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `one wasm asset in dist/assets: ${assets}`);
  [wasmAsset] = wasm;
  assert.match(wasmAsset, /^wasm_put_bg-[\w-]+\.wasm$/);
  assert.ok(
    (await readFile(path.join(dist, 'assets', wasmAsset))).equals(await readFile(path.join(PKG, 'wasm_put_bg.wasm'))),
    'the emitted wasm is the package wasm',
  );
  const scripts = assets.filter((f) => f.endsWith('.js'));
  assert.equal(scripts.length, 1, `one script bundle: ${assets}`);
  const bundle = await readFile(path.join(dist, 'assets', scripts[0]), 'utf8');
  assert.ok(bundle.includes(wasmAsset), 'the bundle refers to the emitted wasm');
  assert.ok(!bundle.includes('data:application/wasm'), 'the wasm is not inlined');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  assert.ok(html.includes(`/assets/${scripts[0]}`), 'index.html loads the bundle');
  done.add('vite build');
});

/** A static server for dist/ on a free 127.0.0.1 port, logging what it served. */
async function serveDist() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const served = [];
  const httpServer = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const file = path.join(dist, pathname === '/' ? 'index.html' : pathname);
    try {
      if (!file.startsWith(dist + path.sep)) throw new Error('outside dist');
      const body = await readFile(file);
      const type = types[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      res.end(body);
      served.push({ path: pathname, status: 200, type });
    } catch {
      res.writeHead(404).end();
      served.push({ path: pathname, status: 404 });
    }
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address();
  return { url: `http://127.0.0.1:${port}`, served, close: () => new Promise((r) => httpServer.close(r)) };
}

let browser;
let staticServer;
after(async () => {
  await browser?.close();
  await staticServer?.close();
});

test('the built Vite app loads the wasm and PUTs to the dev server in Chromium: 201, then 200', async () => {
  needs('vite build');
  staticServer = await serveDist();
  browser = await launch();
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page: ${e}`));
  const id = freshId('vite-example');
  try {
    await page.goto(`${staticServer.url}/?server=${encodeURIComponent(server())}&id=${id}`);
    const status = page.locator('#status');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    await page.click('#send');
    await page.waitForFunction(() => /^\d{3} /.test(document.getElementById('status').textContent));
    assert.equal(await status.textContent(), '201 Created');
    await page.fill('#name', 'Jane Roe');
    await page.click('#send');
    await page.waitForFunction(() => /^200 /.test(document.getElementById('status').textContent));
    assert.equal(await status.textContent(), '200 OK');
  } finally {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'vite-example.png') });
  }
  assert.deepEqual(problems, []);
  // The page fetched the emitted wasm from dist/, as application/wasm.
  assert.deepEqual(
    staticServer.served.filter((r) => r.path.endsWith('.wasm')),
    [{ path: `/assets/${wasmAsset}`, status: 200, type: 'application/wasm' }],
  );
  // The dev server stored what the page sent last.
  const stored = await fetch(`${server()}/resources/${id}`);
  assert.deepEqual(await stored.json(), { name: 'Jane Roe' });
});

test('the Vite example works in `vite` dev mode too (the package is not pre-bundled)', async (t) => {
  needs('install vite');
  // Vite reads `--port 0` as its default 5173, so ask the system for a free port first.
  const port = await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const vite = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: examples.vite,
      stdio: ['ignore', 'pipe', 'pipe'],
      // With CI set, Vite colours its output; the URL is parsed from it.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  t.after(() => vite.kill());
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), 30_000);
    const seen = (chunk) => {
      // Strip ANSI colour codes, should any come through, before reading the URL.
      output += String(chunk).replace(/\x1b\[[0-9;]*m/g, '');
      const found = output.match(/Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    vite.stdout.on('data', seen);
    vite.stderr.on('data', seen);
    vite.on('exit', (code) => reject(new Error(`vite dev exited (${code}):\n${output}`)));
  });
  browser ??= await launch();
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page: ${e}`));
  await page.goto(`${url}/?server=${encodeURIComponent(server())}&id=${freshId('vite-dev')}`);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
  await page.click('#send');
  await page.waitForFunction(() => /^\d{3} /.test(document.getElementById('status').textContent));
  assert.equal(await page.locator('#status').textContent(), '201 Created');
  await page.close();
  assert.deepEqual(problems, []);
});
