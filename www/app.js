// The demo page: loads wasm-put, sends the form's request with put(), shows the answer,
// the same request as code, and a history of what was sent.

import { RequestForm } from './form.js';
import { History } from './history.js';
import { presets, resolvePreset } from './presets.js';
import {
  defaultRequest, hasHeader, jsonProblem, problems, putArguments,
} from './request.js';
import { ResultView } from './result.js';
import { initOffline } from './offline.js';
import { initSaving } from './saving.js';
import { jsSnippet, pythonSnippet } from './snippets.js';

/** The package, beside www/ when served by the dev server (`/pkg/wasm_put.js`). */
const PKG_URL = new URL('../pkg/wasm_put.js', import.meta.url);

const $ = (id) => document.getElementById(id);
const sendButton = $('send');
const cancelButton = $('cancel');
const sendHint = $('send-hint');
const jsonBody = $('json-body');
const jsonStatus = $('json-status');
const presetNote = $('preset-note');

/** `put` once the package has loaded. */
let put = null;
/** Why the package did not load, if it did not. */
let loadFailed = false;
/** The AbortController of the request under way. */
let running = null;
/** Bumped by each preset click, so a slow preset cannot overwrite a later one. */
let presetToken = 0;

const form = new RequestForm($('request'), refresh);
const result = new ResultView($('result'));
const history = new History($('history'), {
  empty: $('history-empty'),
  clear: $('clear-history'),
  onPick(request) {
    form.fill(request);
    for (const preset of document.querySelectorAll('.preset')) preset.removeAttribute('aria-current');
    presetNote.textContent = `Loaded PUT ${request.url.trim()} from the history.`;
    refresh();
    $('url').focus();
  },
});

form.fill(defaultRequest());
renderPresets();
presetNote.textContent = presets[0].note;
wireEvents();
refresh();
loadPackage();

async function loadPackage() {
  try {
    const wasmPut = await import(PKG_URL.href);
    await wasmPut.default();
    put = wasmPut.put;
    initSaving(wasmPut);
    initOffline(wasmPut);
    document.documentElement.dataset.ready = 'true';
  } catch (error) {
    loadFailed = true;
    showLoadError(error);
  }
  refresh();
}

function showLoadError(error) {
  const box = $('load-error');
  const title = document.createElement('strong');
  title.textContent = 'wasm-put did not load, so this page cannot send requests.';
  const detail = document.createElement('p');
  detail.textContent = `${error?.name ?? 'Error'}: ${error?.message ?? String(error)} (loading ${PKG_URL.pathname})`;
  const fix = document.createElement('p');
  fix.innerHTML = 'Build the package with <code>cargo xtask build</code>, or build and serve everything with '
    + '<code>cargo xtask demo</code>, then reload this page.';
  box.replaceChildren(title, detail, fix);
  box.hidden = false;
  document.documentElement.dataset.ready = 'error';
}

function wireEvents() {
  const root = $('request');
  root.addEventListener('input', refresh);
  root.addEventListener('change', refresh);
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  // Ctrl+Enter (⌘+Enter) sends from a text area too.
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') {
      event.preventDefault();
      if (!sendButton.disabled) send();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && running) cancel();
  });
  cancelButton.addEventListener('click', cancel);
  $('add-json-type').addEventListener('click', () => {
    form.headers.rows = [...form.headers.rows.filter(([name]) => name.trim() !== ''), ['Content-Type', 'application/json']];
    refresh();
    jsonBody.focus();
  });
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', () => copy(button));
  }
}

/** Brings the hints, the buttons and the code snippets in line with the form. */
function refresh() {
  const model = form.read();
  const file = form.chosenFile;

  const invalid = model.bodyKind === 'json' ? jsonProblem(model.json) : null;
  jsonStatus.textContent = invalid ?? (model.bodyKind === 'json' ? 'Valid JSON.' : '');
  jsonStatus.classList.toggle('invalid', Boolean(invalid));
  jsonBody.setAttribute('aria-invalid', String(Boolean(invalid)));
  $('json-type-hint').hidden = model.bodyKind !== 'json' || hasHeader(model, 'content-type');

  const found = problems(model, file);
  sendButton.disabled = !put || Boolean(running) || found.length > 0;
  cancelButton.disabled = !running;
  let hint;
  if (running) hint = 'Sending… Cancel (or Esc) stops it.';
  else if (loadFailed) hint = 'wasm-put did not load: see the message at the top.';
  else if (!put) hint = 'Loading wasm-put…';
  else hint = found[0] ?? 'Enter in the URL field sends too.';
  sendHint.textContent = hint;
  sendHint.classList.toggle('problem', Boolean(put) && !running && found.length > 0);

  $('snippet-js').textContent = jsSnippet(model);
  $('snippet-py').textContent = pythonSnippet(model, location.href);
}

async function send() {
  const model = form.read();
  const file = form.chosenFile;
  if (!put || running || problems(model, file).length > 0) {
    refresh();
    return;
  }
  const controller = new AbortController();
  running = controller;
  refresh();
  const started = result.start(model);
  const args = putArguments(model, file, {
    signal: controller.signal,
    onUploadProgress: (progress) => result.onProgress('upload', progress),
    onDownloadProgress: (progress) => result.onProgress('download', progress),
  });
  try {
    const res = await put(...args);
    result.showResponse(res);
    history.add(model, { status: res.status, statusText: res.statusText, elapsed: res.elapsed });
  } catch (error) {
    result.showError(error, started);
    history.add(model, {
      error: String(error?.name ?? 'Error'),
      status: typeof error?.status === 'number' ? error.status : undefined,
      elapsed: performance.now() - started,
    });
  } finally {
    running = null;
    const hadFocus = document.activeElement === cancelButton || document.activeElement === sendButton;
    refresh();
    if (hadFocus && !sendButton.disabled) sendButton.focus();
  }
}

function cancel() {
  running?.abort('cancelled by the user');
}

function renderPresets() {
  const group = $('presets');
  for (const preset of presets) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'preset';
    button.textContent = preset.label;
    button.dataset.preset = preset.id;
    button.addEventListener('click', () => applyPreset(preset, button));
    if (preset === presets[0]) button.setAttribute('aria-current', 'true');
    group.append(button);
  }
}

async function applyPreset(preset, button) {
  const token = ++presetToken;
  for (const other of document.querySelectorAll('.preset')) other.removeAttribute('aria-current');
  button.setAttribute('aria-current', 'true');
  presetNote.textContent = preset.loading ?? '';
  presetNote.classList.remove('problem');
  try {
    const { request, note } = await resolvePreset(preset, {
      put: (...args) => (put ? put(...args) : Promise.reject(new Error('wasm-put has not loaded'))),
    });
    if (token !== presetToken) return;
    form.fill(request);
    presetNote.textContent = note;
  } catch (error) {
    if (token !== presetToken) return;
    presetNote.textContent = `Could not prepare this example: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
    presetNote.classList.add('problem');
  }
  refresh();
}

async function copy(button) {
  const code = $(button.dataset.copy);
  const status = $('copy-status');
  const what = button.dataset.copy === 'snippet-js' ? 'JavaScript' : 'Python';
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(code.textContent);
    status.textContent = `Copied the ${what} snippet.`;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    status.textContent = `The clipboard is not available here: the ${what} snippet is selected, press Ctrl+C (⌘C) to copy it.`;
  }
}
