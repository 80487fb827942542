// The response panel: status, time, progress of large bodies, headers, body, errors.

import { formatBytes } from './form.js';

/** Bodies at least this large get a progress bar. */
const PROGRESS_MIN = 64 * 1024;

/** Longest body text shown; the rest is summarised. */
const SHOW_MAX = 200_000;

export class ResultView {
  constructor(root) {
    const $ = (id) => root.querySelector('#' + id);
    this.empty = $('result-empty');
    this.summary = $('result-summary');
    this.status = $('status');
    this.meta = $('result-meta');
    this.progress = $('progress');
    this.bars = {
      upload: { row: $('upload-row'), bar: $('upload-progress'), text: $('upload-text') },
      download: { row: $('download-row'), bar: $('download-progress'), text: $('download-text') },
    };
    this.error = $('error');
    this.errorName = $('error-name');
    this.errorMessage = $('error-message');
    this.details = $('response-details');
    this.headers = $('response-headers').tBodies[0];
    this.body = $('response-body');
    this.pending = { upload: null, download: null };
    this.frame = 0;
    this.ticker = 0;
  }

  /** A request has started: clears the last answer and counts the time. */
  start(model) {
    this.empty.hidden = true;
    this.summary.hidden = false;
    this.error.hidden = true;
    this.details.hidden = true;
    this.progress.hidden = true;
    for (const { row, bar, text } of Object.values(this.bars)) {
      row.hidden = true;
      bar.max = 1;
      bar.value = 0;
      text.textContent = '';
    }
    this.status.className = 'status status-pending';
    this.status.textContent = 'Sending…';
    const started = performance.now();
    const target = model.url.trim();
    const tick = () => {
      this.meta.textContent = `PUT ${target} · ${formatMs(performance.now() - started)}`;
    };
    tick();
    clearInterval(this.ticker);
    this.ticker = setInterval(tick, 100);
    return started;
  }

  /** A progress callback of put(): batched to one repaint per frame. */
  onProgress(which, progress) {
    this.pending[which] = { loaded: progress.loaded, total: progress.total };
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flushProgress());
  }

  flushProgress() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const which of ['upload', 'download']) {
      const progress = this.pending[which];
      if (progress) this.showProgress(which, progress);
      this.pending[which] = null;
    }
  }

  showProgress(which, { loaded, total }) {
    const { row, bar, text } = this.bars[which];
    const size = Math.max(loaded ?? 0, total ?? 0);
    if (row.hidden && size < PROGRESS_MIN) return;
    row.hidden = false;
    this.progress.hidden = false;
    if (total) {
      bar.max = total;
      bar.value = Math.min(loaded ?? 0, total);
      const percent = Math.floor(((loaded ?? 0) / total) * 100);
      text.textContent = `${percent} % · ${formatBytes(loaded ?? 0)} of ${formatBytes(total)}`;
    } else {
      bar.removeAttribute('value');
      text.textContent = loaded === null ? 'size unknown' : `${formatBytes(loaded)} so far`;
    }
  }

  stop() {
    clearInterval(this.ticker);
    this.flushProgress();
  }

  /** Shows a PutResponse. */
  showResponse(res) {
    this.stop();
    const download = this.bars.download;
    if (!download.row.hidden) this.showProgress('download', { loaded: res.content.length, total: res.content.length });
    this.status.className = `status status-${Math.floor(res.status / 100)}xx`;
    this.status.textContent = `${res.status} ${res.statusText}`.trim();
    const type = res.headers['content-type'];
    const parts = [`${Math.round(res.elapsed)} ms`, formatBytes(res.content.length)];
    if (type) parts.push(type);
    if (res.redirected) parts.push(`redirected to ${res.url}`);
    this.meta.textContent = parts.join(' · ');

    this.headers.replaceChildren(...Object.entries(res.headers).map(([name, value]) => {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name;
      const td = document.createElement('td');
      td.textContent = value;
      row.append(th, td);
      return row;
    }));
    this.body.textContent = describeBody(res);
    this.details.hidden = false;
  }

  /** Shows a rejection of put() (or any other error), and its response if it has one. */
  showError(error, started) {
    this.stop();
    if (error?.response && typeof error.response.status === 'number') {
      this.showResponse(error.response);
    } else {
      this.status.className = 'status status-error';
      this.status.textContent = 'Failed';
      this.meta.textContent = `after ${formatMs(performance.now() - started)}`;
    }
    const name = error?.name ?? 'Error';
    this.errorName.textContent = name;
    let message = error?.message ?? String(error);
    if (error?.cause !== undefined && name === 'AbortError') message += ` (reason: ${String(error.cause)})`;
    this.errorMessage.textContent = message;
    this.error.hidden = false;
  }
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const TEXT_TYPES = /^text\/|[/+](json|xml|javascript|ecmascript|x-www-form-urlencoded|csv|yaml|svg\+xml)\b/i;

/** The body as a person wants to read it: JSON pretty-printed, text, or a summary. */
export function describeBody(res) {
  const bytes = res.content;
  if (bytes.length === 0) return '(empty body)';
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  if (/\bjson\b/.test(type)) {
    try {
      return clip(JSON.stringify(res.json(), null, 2));
    } catch {
      // Not JSON after all: shown as text below.
    }
  }
  if (TEXT_TYPES.test(type) || (!type && looksLikeText(bytes))) return clip(res.text);
  const head = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `Binary body: ${bytes.length.toLocaleString('en')} bytes (${formatBytes(bytes.length)})`
    + `${type ? ` of ${type}` : ''}.\nFirst bytes: ${head}${bytes.length > 16 ? ' …' : ''}`;
}

function looksLikeText(bytes) {
  try {
    // stream: a character cut in two at the end of the sample is not an error.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 4096), { stream: true });
    return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

function clip(text) {
  if (text.length <= SHOW_MAX) return text;
  return `${text.slice(0, SHOW_MAX)}\n… (${(text.length - SHOW_MAX).toLocaleString('en')} more characters not shown)`;
}
