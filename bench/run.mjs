// Drives the benchmark: headless Chromium opens the bench page (bench/page.mjs, served by
// the dev server from target/bench/site), runs each measurement there, then this script
// computes medians and ratios, measures shipped sizes, and writes report.md and
// report.json. `cargo xtask bench` lays out the site, starts the server and runs this.
//
//   node bench/run.mjs --url http://127.0.0.1:PORT --site target/bench/site --out target/bench
//
// Env: BENCH_ROUNDS_SCALE (default 1) multiplies every round count; CHROMIUM is the
// browser (default /usr/bin/chromium).
//
// Exit status: 0 when it ran (whatever the timings), 1 when something broke (the page
// did not load, a measurement threw, a contender's PUT failed).

import { launch } from '../tests/browser.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

// ---- what is measured ----

const KiB = 1024;
const MiB = 1024 * KiB;
const SCALE = Number(process.env.BENCH_ROUNDS_SCALE || 1);
if (!(SCALE > 0 && Number.isFinite(SCALE))) {
  console.error(`bench: BENCH_ROUNDS_SCALE must be a number above 0, not ${JSON.stringify(process.env.BENCH_ROUNDS_SCALE)}`);
  process.exit(1);
}
const scaled = (n) => Math.max(1, Math.round(n * SCALE));

/** Bodies PUT to /sink; a sample is the mean of `batch` sequential calls. */
const SIZES = [
  { label: '0 B', size: 0, rounds: scaled(200), batch: 10, warmup: 5 },
  { label: '1 KiB', size: KiB, rounds: scaled(200), batch: 10, warmup: 5 },
  { label: '1 MiB', size: MiB, rounds: scaled(30), batch: 1, warmup: 2 },
  { label: '16 MiB', size: 16 * MiB, rounds: scaled(12), batch: 1, warmup: 1 },
  { label: '64 MiB', size: 64 * MiB, rounds: scaled(7), batch: 1, warmup: 1 },
];
// Ours and raw fetch alone, in many rounds: what `put()` adds to a small PUT is tens of µs
// against a spread of hundreds between samples, and with the six others in each round the
// two run further apart in time. These figures decide the time targets at 0 B and 1 KiB.
const PAIRS = [
  { label: '0 B', size: 0, rounds: scaled(800), batch: 10, warmup: 10, pair: true },
  { label: '1 KiB', size: KiB, rounds: scaled(800), batch: 10, warmup: 10, pair: true },
];
const CONCURRENCY = { label: '1,000 × 1 KiB at once', count: 1000, size: KiB, rounds: scaled(5), warmup: 1 };
const MEMORY_CALLS = 10_000;

const TARGETS = {
  smallRatio: 1.05, // our put / raw fetch (Uint8Array), median, at 0 B and 1 KiB
  largeRatio: 0.7, // the same from 1 MiB to 64 MiB
  addedMicros: 20, // µs added per call at 0 B (reported; the ratio decides)
  shippedGzip: 40_000, // bytes, wasm + JS, gzip -9
};

// ---- arguments ----

function parseArgs(argv) {
  const args = { url: null, site: 'target/bench/site', out: 'target/bench' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!['--url', '--site', '--out'].includes(flag) || value === undefined) {
      throw new Error(`usage: node bench/run.mjs --url URL [--site DIR] [--out DIR] (got ${flag})`);
    }
    args[flag.slice(2)] = value;
  }
  if (!args.url) throw new Error('--url is required: the dev server serving the bench site');
  return args;
}

// ---- statistics ----

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function quantile(xs, q) {
  if (xs.length === 0) return null;
  const s = sorted(xs);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}
const median = (xs) => quantile(xs, 0.5);

/**
 * The paired estimate of what a contender adds to the baseline: the median of the
 * per-round differences (the two ran next to each other in every round, so slow drifts
 * of the machine cancel), in µs, with a 95 % confidence interval from order statistics.
 */
function paired(samples, base) {
  if (!base || samples.length !== base.length || samples.length < 10) return null;
  const diffs = sorted(samples.map((x, i) => (x - base[i]) * 1000));
  const n = diffs.length;
  const half = 1.96 * Math.sqrt(n) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - half));
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half));
  return { micros: median(diffs), low: diffs[lo], high: diffs[hi] };
}

/** Adds median, quartiles, ratio and difference to the baseline's median to each row. */
function summarize(rows) {
  const base = rows.find((r) => r.baseline);
  const baseMedian = base && !base.error ? median(base.samples) : null;
  return rows.map((r) => {
    const m = r.error ? null : median(r.samples);
    return {
      paired: r.error || !base || base.error ? null : paired(r.samples, base.samples),
      ...r,
      median: m,
      p25: r.error ? null : quantile(r.samples, 0.25),
      p75: r.error ? null : quantile(r.samples, 0.75),
      min: r.error ? null : Math.min(...r.samples),
      ratio: m !== null && baseMedian ? m / baseMedian : null,
      addedMicros: m !== null && baseMedian !== null ? (m - baseMedian) * 1000 : null,
    };
  });
}

// ---- shipped sizes ----

function filesUnder(dir, keep) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, keep));
    else if (keep(full)) out.push(full);
  }
  return out.sort();
}

/** Raw, gzip -9 and brotli -q 11 bytes, each file compressed on its own, as served. */
function shippedSize(files) {
  const total = { files: files.map((f) => path.basename(f)), raw: 0, gzip: 0, brotli: 0, wasmGzip: 0 };
  for (const file of files) {
    const bytes = readFileSync(file);
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    const brotli = zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length;
    total.raw += bytes.length;
    total.gzip += gzip;
    total.brotli += brotli;
    if (file.endsWith('.wasm')) total.wasmGzip += gzip;
  }
  return total;
}

// `STEM_bg.wasm`, the glue `STEM.js` and every .js under `snippets/` of a wasm-bindgen
// `--target web` output folder: what a web app ships (not the `.d.ts`, nor other files).
function wasmBindgenFiles(dir, stem) {
  const snippets = path.join(dir, 'snippets');
  const more = existsSync(snippets) ? filesUnder(snippets, (f) => f.endsWith('.js')) : [];
  return [path.join(dir, `${stem}_bg.wasm`), path.join(dir, `${stem}.js`), ...more];
}

function sizes(site) {
  const www = path.join(site, 'www');
  return [
    { name: 'wasm-put', what: 'pkg/wasm_put_bg.wasm + wasm_put.js', ...shippedSize(wasmBindgenFiles(path.join(site, 'pkg'), 'wasm_put')), ours: true },
    { name: 'gloo-net (wasm)', what: 'wasm + JS glue (wasm-opt, esbuild minified, as ours)', ...shippedSize(wasmBindgenFiles(path.join(www, 'peers/gloo'), 'bench_peer_gloo')) },
    { name: 'reqwest (wasm)', what: 'wasm + JS glue (wasm-opt, esbuild minified, as ours)', ...shippedSize(wasmBindgenFiles(path.join(www, 'peers/reqwest'), 'bench_peer_reqwest')) },
    { name: 'ky', what: 'ky bundled and minified (esbuild)', ...shippedSize([path.join(www, 'vendor/ky.min.js')]) },
    { name: 'axios', what: 'dist/esm/axios.min.js', ...shippedSize([path.join(www, 'vendor/axios.min.js')]) },
  ];
}

// The Rust example app (examples/rust, on wasm-put without its `js` feature) and the
// same app on gloo-net (bench/peers/gloo-app), laid out by `cargo xtask bench` in
// www/apps/ and shrunk as pkg/ is: what each client costs a Rust app.
function appSizes(site) {
  const apps = path.join(site, 'www/apps');
  return [
    { name: 'examples/rust on wasm-put', ...shippedSize(wasmBindgenFiles(path.join(apps, 'wasm-put'), 'wasm_put_example')), ours: true },
    { name: 'the same app on gloo-net', ...shippedSize(wasmBindgenFiles(path.join(apps, 'gloo-net'), 'bench_peer_gloo_app')) },
  ];
}

// ---- the machine and the versions ----

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function lockedVersion(lockFile, name) {
  try {
    const lock = readFileSync(lockFile, 'utf8');
    const m = lock.match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`));
    return m ? m[1] : 'unknown';
  } catch {
    return 'unknown';
  }
}

function npmVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function environment(browserVersion, pageInfo) {
  const cpus = os.cpus();
  const peersLock = path.join(ROOT, 'bench/peers/Cargo.lock');
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0],
    chromium: browserVersion,
    node: process.version,
    rustc: tryRun('rustc', ['--version']),
    wasmBindgen: tryRun(path.join(ROOT, 'target/tools/bin/wasm-bindgen'), ['--version']),
    versions: {
      ky: npmVersion('ky'),
      axios: npmVersion('axios'),
      'gloo-net': lockedVersion(peersLock, 'gloo-net'),
      reqwest: lockedVersion(peersLock, 'reqwest'),
      'wasm-put': lockedVersion(path.join(ROOT, 'Cargo.lock'), 'wasm-put'),
    },
    timerResolutionMs: pageInfo.timerResolutionMs,
    crossOriginIsolated: pageInfo.crossOriginIsolated,
    roundsScale: SCALE,
  };
}

// ---- the report ----

const fmtInt = (n) => (n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const fmtMs = (ms) => (ms === null ? '–' : ms < 10 ? ms.toFixed(3) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0));
const fmtRatio = (r) => (r === null ? '–' : `${r.toFixed(3)}×`);
const fmtMicros = (us) => (us === null ? '–' : `${us >= 0 ? '+' : ''}${us.toFixed(1)}`);
const fmtBytes = (b) => (b === null ? '–' : `${fmtInt(b)} B`);

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function targets(results) {
  const ours = (rows) => rows.find((r) => r.ours);
  // Where ours and raw fetch were also measured alone, that figure decides.
  const pairOf = (s) => results.pairs.find((p) => p.size === s.size);
  const perSize = results.sizes.map((s) => ({
    label: s.label,
    size: s.size,
    row: ours((pairOf(s) ?? s).rows),
    among: pairOf(s) ? ours(s.rows) : null,
  }));
  const worst = perSize.reduce(
    (w, s) => (s.row.ratio !== null && (w === null || s.row.ratio > w.row.ratio) ? s : w),
    null,
  );
  const small = perSize.filter((s) => s.size < MiB);
  const large = perSize.filter((s) => s.size >= MiB);
  const within = (list, limit) => list.every((s) => s.row.ratio !== null && s.row.ratio <= limit);
  // Faster than each Rust/wasm peer: a lower median at every size.
  const peers = ['gloo-net (wasm)', 'reqwest (wasm)'];
  const slowerThan = results.sizes.flatMap((s) => {
    const mine = ours(s.rows).median;
    return peers
      .map((name) => s.rows.find((r) => r.name === name))
      .filter((peer) => peer && peer.median !== null && mine !== null && mine >= peer.median)
      .map((peer) => `${peer.name} at ${s.label}`);
  });
  const zero = results.pairs.find((s) => s.size === 0) ?? results.sizes.find((s) => s.size === 0);
  const added = ours(zero.rows).addedMicros;
  const pairedZero = ours(zero.rows).paired;
  const amongZero = ours(results.sizes.find((s) => s.size === 0).rows).paired;
  const big = results.sizes.find((s) => s.size === 64 * MiB);
  const bigGrowth = ours(big.rows).memoryGrowth;
  const mem = results.memoryAfterCalls;
  const shipped = results.shipped.find((s) => s.ours);
  const met = (ok) => (ok ? '**met**' : '**not met**');
  return [
    {
      target: `our put / raw fetch (Uint8Array) median ≤ ${TARGETS.smallRatio} at 0 B and 1 KiB`,
      value: small
        .map((s) => `${s.label} ${fmtRatio(s.row.ratio)}` + (s.among ? ` (alone; ${fmtRatio(s.among.ratio)} among all)` : ''))
        .join(', '),
      status: met(within(small, TARGETS.smallRatio)),
    },
    {
      target: `our put / raw fetch (Uint8Array) median ≤ ${TARGETS.largeRatio} from 1 MiB to 64 MiB`,
      value: large.map((s) => `${s.label} ${fmtRatio(s.row.ratio)}`).join(', ') + (worst ? ` (worst of all sizes: ${worst.label})` : ''),
      status: met(within(large, TARGETS.largeRatio)),
    },
    {
      target: 'faster than the gloo-net and reqwest peers at every size (median)',
      value: slowerThan.length === 0 ? 'faster at every size' : `not faster than ${slowerThan.join(', ')}`,
      status: met(slowerThan.length === 0),
    },
    {
      target: `≤ ${TARGETS.addedMicros} µs added per call at 0 B (paired: median of per-round differences, put() and fetch alone)`,
      value:
        (pairedZero === null
          ? '–'
          : `${fmtMicros(pairedZero.micros)} µs paired (95 % CI ${fmtMicros(pairedZero.low)} to ${fmtMicros(pairedZero.high)})`) +
        (added === null ? '' : `; difference of medians ${fmtMicros(added)} µs`) +
        (amongZero ? `; among all contenders ${fmtMicros(amongZero.micros)} µs paired` : ''),
      status: pairedZero !== null && pairedZero.micros <= TARGETS.addedMicros ? 'within' : 'above',
    },
    {
      target: 'wasm memory growth 0 B for a 64 MiB PUT',
      value: fmtBytes(bigGrowth),
      status: met(bigGrowth === 0),
    },
    {
      target: `wasm memory growth 0 B over ${fmtInt(MEMORY_CALLS)} calls, steady state (after a garbage collection)`,
      value: fmtBytes(mem.growth),
      status: met(mem.growth === 0),
    },
    {
      target: `shipped size ≤ ${fmtInt(TARGETS.shippedGzip)} B gzip (wasm + JS)`,
      value: `${fmtInt(shipped.gzip)} B gzip (${fmtInt(shipped.brotli)} B brotli)`,
      status: met(shipped.gzip <= TARGETS.shippedGzip),
    },
  ];
}

function markdown(results) {
  const { env, sizes: sizeResults, concurrency, memoryAfterCalls, shipped, appShipped } = results;
  const names = sizeResults[0].rows.map((r) => r.name);
  const cell = (row) => (row.error ? 'error' : `${fmtMs(row.median)} (${fmtRatio(row.ratio)})`);
  const out = [];
  out.push('# wasm-put benchmark');
  out.push('');
  out.push(
    `${env.date} · ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB · ${env.os} · ` +
      `load average ${env.loadAverageAtStart.toFixed(2)} at the start  \n` +
      `Chromium ${env.chromium} (headless) · Node ${env.node} · ${env.rustc} · ${env.wasmBindgen}  \n` +
      `ky ${env.versions.ky} · axios ${env.versions.axios} · gloo-net ${env.versions['gloo-net']} · ` +
      `reqwest ${env.versions.reqwest} · wasm-put ${env.versions['wasm-put']}`,
  );
  out.push('');
  out.push(
    'Every contender runs in one page and PUTs to the same-origin `/sink` of the dev server ' +
      '(HTTP/1.1 on 127.0.0.1; it reads the body and answers 204), the order of the contenders ' +
      'alternating each round (as listed, then reversed). Times are the median ms per request from ' +
      'the start of the call to the end of the response body; the ratio is to the median of raw ' +
      '`fetch` with a `Uint8Array` body. At 0 B and 1 KiB a sample is the mean of 10 sequential ' +
      `calls, since \`performance.now()\` here moves in steps of ${env.timerResolutionMs.toFixed(3)} ms ` +
      `(crossOriginIsolated: ${env.crossOriginIsolated}).`,
  );
  out.push('');

  out.push('## Targets');
  out.push('');
  out.push(table(['target', 'measured', ''], results.targets.map((t) => [t.target, t.value, t.status])));
  out.push('');

  out.push('## Time per request: median ms (ratio to raw fetch with a Uint8Array body)');
  out.push('');
  out.push(
    table(
      ['contender', ...sizeResults.map((s) => s.label)],
      names.map((name) => [name, ...sizeResults.map((s) => cell(s.rows.find((r) => r.name === name)))]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['runs', ...sizeResults.map((s) => s.label)],
      [
        ['rounds (samples per contender)', ...sizeResults.map((s) => String(s.rounds))],
        ['calls per sample', ...sizeResults.map((s) => String(s.batch))],
        ['warm-up rounds', ...sizeResults.map((s) => String(s.warmup))],
        ['seconds for the size', ...sizeResults.map((s) => s.seconds.toFixed(1))],
      ],
    ),
  );
  out.push('');

  out.push('## put() and raw fetch alone');
  out.push('');
  out.push(
    'The two alone, alternating, in many more rounds: the small difference between them is measured ' +
      'with less noise than among all contenders. These decide the time targets at these sizes.',
  );
  out.push('');
  out.push(
    table(
      ['size', 'rounds × calls', 'fetch median ms', 'put() median ms', 'ratio', 'µs added (difference of medians)', 'µs added, paired (95 % CI)'],
      results.pairs.map((p) => {
        const base = p.rows.find((r) => r.baseline);
        const r = p.rows.find((x) => x.ours);
        return [
          p.label,
          `${p.rounds} × ${p.batch}`,
          fmtMs(base.median),
          r.error ? 'error' : fmtMs(r.median),
          fmtRatio(r.ratio),
          fmtMicros(r.addedMicros),
          r.paired ? `${fmtMicros(r.paired.micros)} (${fmtMicros(r.paired.low)} to ${fmtMicros(r.paired.high)})` : '–',
        ];
      }),
    ),
  );
  out.push('');

  out.push('## Added per call at 0 B, among all contenders');
  out.push('');
  out.push(
    'Two estimates of the time a contender adds to raw fetch: the difference of the two medians, and the paired one, ' +
      'the median of the differences between the two samples of each round, with its 95 % confidence interval. ' +
      '`put()` runs right before or after the fetch batch in every round, so drifts of a loaded machine cancel; the others run further off.',
  );
  out.push('');
  const zero = sizeResults.find((s) => s.size === 0);
  out.push(
    table(
      ['contender', 'median ms', 'p25–p75 ms', 'µs added (difference of medians)', 'µs added, paired (95 % CI)'],
      zero.rows.map((r) => [
        r.name,
        r.error ? 'error' : fmtMs(r.median),
        r.error ? '–' : `${fmtMs(r.p25)}–${fmtMs(r.p75)}`,
        r.error ? '–' : fmtMicros(r.addedMicros),
        r.paired ? `${fmtMicros(r.paired.micros)} (${fmtMicros(r.paired.low)} to ${fmtMicros(r.paired.high)})` : '–',
      ]),
    ),
  );
  out.push('');

  out.push('## Per size');
  for (const s of sizeResults) {
    out.push('');
    out.push(`### ${s.label} (${s.rounds} rounds × ${s.batch} call${s.batch > 1 ? 's' : ''})`);
    out.push('');
    out.push(
      table(
        ['contender', 'median ms', 'p25–p75 ms', 'min ms', 'ratio', 'µs added', 'wasm memory growth'],
        s.rows.map((r) =>
          r.error
            ? [r.name, `error: ${r.error}`, '', '', '', '', '']
            : [
                r.name,
                fmtMs(r.median),
                `${fmtMs(r.p25)}–${fmtMs(r.p75)}`,
                fmtMs(r.min),
                fmtRatio(r.ratio),
                fmtMicros(r.addedMicros),
                r.wasm ? fmtBytes(r.memoryGrowth) : '',
              ],
        ),
      ),
    );
  }
  out.push('');

  out.push(`## Concurrency: ${fmtInt(concurrency.count)} PUTs of 1 KiB at once (\`Promise.all\`), ${concurrency.rounds} rounds`);
  out.push('');
  out.push('Chromium keeps at most 6 HTTP/1.1 connections to one host, so most of the 1,000 wait in its queue.');
  out.push('');
  out.push(
    table(
      ['contender', 'median ms for all', 'ms per request', 'ratio', 'wasm memory growth'],
      concurrency.rows.map((r) =>
        r.error
          ? [r.name, `error: ${r.error}`, '', '', '']
          : [r.name, fmtMs(r.median), fmtMs(r.median / concurrency.count), fmtRatio(r.ratio), r.wasm ? fmtBytes(r.memoryGrowth) : ''],
      ),
    ),
  );
  out.push('');

  out.push('## wasm memory growth');
  out.push('');
  out.push(
    '`memory.buffer.byteLength` of each module before a size\'s warm-up and after its last round. ' +
      'It moves in 64 KiB pages and only when the allocator runs out of free heap, so 0 B means ' +
      'no new page, not that nothing was allocated.',
  );
  out.push('');
  const wasmNames = names.filter((n) => sizeResults[0].rows.find((r) => r.name === n).wasm);
  out.push(
    table(
      ['contender', ...sizeResults.map((s) => s.label), 'concurrency', 'memory at the end'],
      wasmNames.map((name) => {
        const rows = [...sizeResults.map((s) => s.rows.find((r) => r.name === name)), concurrency.rows.find((r) => r.name === name)];
        return [name, ...rows.map((r) => fmtBytes(r.memoryGrowth)), fmtBytes(rows.at(-1).memoryAfter)];
      }),
    ),
  );
  out.push('');
  out.push(
    `Our put, ${fmtInt(memoryAfterCalls.calls)} sequential calls of 0 B, measured first (after 2,000 warm-up calls; ` +
      `memory read after a garbage collection${memoryAfterCalls.collected ? '' : ' (gc() was not exposed: finalizers ran when they did)'}, ` +
      'so responses the calls dropped count as released once their finalizers ran; ' +
      `${memoryAfterCalls.seconds.toFixed(1)} s): memory ${fmtBytes(memoryAfterCalls.before)} → ` +
      `${fmtBytes(memoryAfterCalls.after)}, growth **${fmtBytes(memoryAfterCalls.growth)}**.`,
  );
  out.push('');

  out.push('## Shipped size');
  out.push('');
  out.push('Each file compressed on its own, as a server sends it; gzip level 9, brotli quality 11.');
  out.push('');
  out.push(
    table(
      ['library', 'what is shipped', 'raw', 'gzip', 'brotli', 'of which wasm (gzip)'],
      shipped.map((s) => [s.name, s.what, fmtBytes(s.raw), fmtBytes(s.gzip), fmtBytes(s.brotli), s.wasmGzip ? fmtBytes(s.wasmGzip) : '']),
    ),
  );
  out.push('');

  out.push("## A Rust app's shipped size");
  out.push('');
  out.push(
    '`examples/rust`, a Rust wasm app on wasm-put (without its `js` feature), and the same app written on gloo-net ' +
      '(`bench/peers/gloo-app`: the same exports and texts, with the timeout, the retries and the conditional update ' +
      'done by hand), each through wasm-bindgen `--target web`, `wasm-opt -Oz` and esbuild as `pkg/`; each file compressed on its own.',
  );
  out.push('');
  out.push(
    table(
      ['app', 'wasm (gzip)', 'JS glue (gzip)', 'total gzip', 'total brotli'],
      appShipped.map((a) => [a.name, fmtBytes(a.wasmGzip), fmtBytes(a.gzip - a.wasmGzip), fmtBytes(a.gzip), fmtBytes(a.brotli)]),
    ),
  );
  out.push('');
  const [onOurs, onGloo] = appShipped;
  const more = onGloo.gzip - onOurs.gzip;
  out.push(
    `On gloo-net the app ships ${fmtBytes(Math.abs(more))} gzip ${more >= 0 ? 'more' : 'less'} than on wasm-put ` +
      `(${fmtRatio(onGloo.gzip / onOurs.gzip)} its size).`,
  );
  out.push('');
  out.push(
    `Whole run: ${results.seconds.toFixed(0)} s (BENCH_ROUNDS_SCALE=${env.roundsScale}); load average ` +
      `${env.loadAverageAtStart.toFixed(2)} at the start, ${results.loadAverageAtEnd.toFixed(2)} at the end.`,
  );
  out.push('');
  return out.join('\n');
}

// ---- the run ----

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const browser = await launch();
  const problems = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => {
      problems.push(`page error: ${e.message}`);
      console.error(`page error: ${e.message}`);
    });
    const seen = new Map(); // console message → count; each is printed the first 3 times
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      const text = `page console ${m.type()}: ${m.text()}`;
      const count = (seen.get(text) ?? 0) + 1;
      seen.set(text, count);
      if (count <= 3) console.error(count === 3 ? `${text} (repeats are not shown)` : text);
    });
    await page.goto(`${args.url}/index.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 }).catch(() => {
      throw new Error(`the bench page did not load its libraries: ${problems.join('; ') || 'no page error'}`);
    });
    const pageInfo = await page.evaluate(() => window.bench.info());
    const env = environment(browser.version(), pageInfo);
    console.error(`bench page ready: ${pageInfo.contenders.length} contenders, timer step ${pageInfo.timerResolutionMs} ms`);

    // First, while our module's memory is as small as it gets: a leak has the least free
    // heap to hide in.
    let t0 = Date.now();
    const memoryAfterCalls = await page.evaluate((calls) => window.bench.putMemoryAfterCalls({ calls }), MEMORY_CALLS);
    console.error(`  put memory across ${MEMORY_CALLS} calls: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Each configuration of `configs` measured in turn, with its seconds and summary.
    const measureSizes = async (configs, what) => {
      const out = [];
      for (const s of configs) {
        const t = Date.now();
        const rows = await page.evaluate((cfg) => window.bench.measureSize(cfg), s);
        const seconds = (Date.now() - t) / 1000;
        out.push({ ...s, seconds, rows: summarize(rows) });
        console.error(`  ${s.label.padEnd(7)} ${what}${s.rounds} rounds × ${s.batch}: ${seconds.toFixed(1)} s`);
      }
      return out;
    };
    const sizeResults = await measureSizes(SIZES, '');
    const pairs = await measureSizes(PAIRS, 'put() and fetch alone, ');

    t0 = Date.now();
    const concurrencyRows = await page.evaluate((cfg) => window.bench.measureConcurrency(cfg), CONCURRENCY);
    const concurrency = { ...CONCURRENCY, seconds: (Date.now() - t0) / 1000, rows: summarize(concurrencyRows) };
    console.error(`  ${CONCURRENCY.label}, ${CONCURRENCY.rounds} rounds: ${concurrency.seconds.toFixed(1)} s`);

    const results = {
      env,
      sizes: sizeResults,
      pairs,
      concurrency,
      memoryAfterCalls,
      shipped: sizes(args.site),
      appShipped: appSizes(args.site),
      seconds: (Date.now() - started) / 1000,
      loadAverageAtEnd: os.loadavg()[0],
    };
    results.targets = targets(results);

    const md = markdown(results);
    mkdirSync(args.out, { recursive: true });
    writeFileSync(path.join(args.out, 'report.md'), md);
    writeFileSync(path.join(args.out, 'report.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(md);
    console.log(`report: ${path.join(args.out, 'report.md')} and report.json`);

    const broken = [
      ...sizeResults.map((s) => ({ label: s.label, rows: s.rows })),
      ...pairs.map((s) => ({ label: `${s.label} (alone)`, rows: s.rows })),
      { label: 'concurrency', rows: concurrency.rows },
    ]
      .flatMap((s) => s.rows.filter((r) => r.error).map((r) => `${r.name} at ${s.label}: ${r.error}`));
    problems.push(...broken);
  } finally {
    await browser.close();
  }
  if (problems.length > 0) {
    console.error(`\nthe bench ran, but something broke:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`bench: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
