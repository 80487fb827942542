// Shared by the npm package tests: paths, the dev server, commands, Chromium.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, launch, server } from '../browser.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG = path.join(ROOT, 'pkg');
export const TARBALLS = path.join(ROOT, 'target', 'pkg-tarball');
export const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The `[package]` version of Cargo.toml, which pkg/package.json must carry. */
export function crateVersion() {
  const manifest = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const table = manifest.split(/^\[package\]$/m)[1].split(/^\[/m)[0];
  return table.match(/^version\s*=\s*"([^"]+)"/m)[1];
}

/** A resource id no earlier run has used, so the first PUT is a 201. */
export function freshId(prefix) {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}

/**
 * Runs a command to its end; resolves to its exit code and output, never rejects on a
 * non-zero exit (the caller asserts, and shows the output).
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
export function run(command, args, { cwd = ROOT, env = {}, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** npm's stderr without the warnings this machine's npm config prints on every call. */
export function npmNoise(stderr) {
  return stderr
    .split('\n')
    .filter((l) => l.trim() && !/Unknown (user|project|global) config/.test(l))
    .join('\n');
}

/** A command's output, for assertion messages. */
export function shown({ code, stdout, stderr }) {
  return `exit ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
}

export { chromiumArgs, launch, server };

