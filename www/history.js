// The last 10 requests sent, newest first, kept in memory and in localStorage.

import { normalizeRequest } from './request.js';

const KEY = 'wasm-put-demo.history.v1';
const LIMIT = 10;

export class History {
  /**
   * @param {HTMLOListElement} list where entries are shown
   * @param {{ empty: HTMLElement, clear: HTMLButtonElement, onPick: (request) => void }} parts
   */
  constructor(list, { empty, clear, onPick }) {
    this.list = list;
    this.empty = empty;
    this.clear = clear;
    this.onPick = onPick;
    this.entries = load();
    clear.addEventListener('click', () => {
      this.entries = [];
      this.save();
      this.render();
    });
    this.render();
  }

  /**
   * Records a sent request and how it ended.
   * @param {object} request the request model
   * @param {{ status?: number, statusText?: string, error?: string, elapsed: number }} outcome
   */
  add(request, outcome) {
    this.entries.unshift({ request, ...outcome, at: Date.now() });
    this.entries.length = Math.min(this.entries.length, LIMIT);
    this.save();
    this.render();
  }

  save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(this.entries));
    } catch {
      // Storage full or disabled: the history still lives in memory.
    }
  }

  render() {
    this.empty.hidden = this.entries.length > 0;
    this.clear.hidden = this.entries.length === 0;
    this.list.replaceChildren(...this.entries.map((entry) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'history-entry';
      const target = document.createElement('span');
      target.className = 'history-target';
      target.textContent = `PUT ${entry.request.url.trim()}`;
      const outcome = document.createElement('span');
      if (entry.error) {
        outcome.className = 'status status-error';
        outcome.textContent = typeof entry.status === 'number' ? `${entry.error} ${entry.status}` : entry.error;
      } else {
        outcome.className = `status status-${Math.floor(entry.status / 100)}xx`;
        outcome.textContent = `${entry.status} ${entry.statusText ?? ''}`.trim();
      }
      const when = document.createElement('span');
      when.className = 'history-time';
      when.textContent = `${new Date(entry.at).toLocaleTimeString()} · ${Math.round(entry.elapsed)} ms`;
      const arrow = document.createElement('span');
      arrow.className = 'arrow';
      arrow.textContent = '→';
      button.append(target, arrow, outcome, when);
      button.title = 'Load this request into the form';
      button.addEventListener('click', () => this.onPick(normalizeRequest(entry.request)));
      item.append(button);
      return item;
    }));
  }
}

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(stored)) return [];
    return stored
      .filter((e) => e && typeof e === 'object' && e.request && typeof e.at === 'number'
        && (typeof e.status === 'number' || typeof e.error === 'string'))
      .map((e) => ({ ...e, request: normalizeRequest(e.request), elapsed: Number(e.elapsed) || 0 }))
      .slice(0, LIMIT);
  } catch {
    return [];
  }
}
