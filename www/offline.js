// The "Saving offline" panel: an editor whose every keystroke goes into an outbox (a
// durable queue of PUTs in IndexedDB, coalesced by key), so the last text typed reaches
// the server through an outage, an offline spell or a reload.

const $ = (id) => document.getElementById(id);

/** Where the editor saves; its id is also the key that keeps one pending entry for it. */
const ID = 'offline-draft';
const DRAFT = `/resources/${ID}`;
const KEY = ID;
/** The outbox the panel queues its PUTs in (shared by the tabs of this origin). */
const OUTBOX = 'demo-offline';
/** How long the outage button makes the server refuse PUTs. */
const OUTAGE_MS = 10_000;

/**
 * The stored text of the draft (a plain GET; `''` when there is none). The list of ids
 * is read first, so a draft not saved yet costs no 404 (which the console would show).
 */
async function stored() {
  const { ids } = await (await fetch('/resources', { cache: 'no-store' })).json();
  if (!ids.includes(ID)) return '';
  const res = await fetch(DRAFT, { cache: 'no-store' });
  return res.ok ? res.text() : '';
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Wires the panel to the loaded package; shows why where the outbox cannot open. */
export async function initOffline({ outbox }) {
  const panel = $('offline');
  const editor = $('offline-text');
  const state = $('offline-state');
  /** Whether the user has typed since the page loaded (then the editor is theirs). */
  let typed = false;
  /** The pending count last shown, and the text the server holds. */
  let pending = 0;
  let serverText = null;
  /** Bumped by each refresh, so a slow one cannot overwrite a later one. */
  let refreshToken = 0;

  const showSaved = () => {
    const saved = pending === 0 && serverText !== null && serverText === editor.value;
    panel.dataset.saved = String(saved);
    if (saved) state.textContent = 'Saved: the server holds the last text typed.';
    else if (pending > 0) state.textContent = `${plural(pending, 'change', 'changes')} waiting to be sent.`;
  };

  /** Reads the stored text back; takes it into the editor while the user has not typed. */
  const readStored = async () => {
    try {
      serverText = await stored();
    } catch (error) {
      state.textContent = `Could not read the stored text: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
      return;
    }
    $('offline-stored').textContent = serverText;
    if (!typed) editor.value = serverText;
    showSaved();
  };

  let box;
  const refresh = async () => {
    const token = ++refreshToken;
    let entries;
    try {
      entries = await box.pending();
    } catch (error) {
      state.textContent = `Could not list the pending entries: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
      return;
    }
    if (token !== refreshToken) return;
    pending = entries.length;
    panel.dataset.pending = String(pending);
    $('offline-count').textContent = String(pending);
    $('offline-pending').replaceChildren(...entries.map(entryItem));
    $('offline-pending-empty').hidden = pending > 0;
    // Delivered from this tab or another: what the server holds may have changed.
    if (pending === 0 || serverText === null) await readStored();
    else showSaved();
  };

  try {
    box = await outbox(OUTBOX, {
      onSent: () => readStored(),
      onFailed: ({ response, error }) => {
        state.textContent = response
          ? `The server refused a save for good: ${response.status} ${response.statusText}.`
          : `A save was given up: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
      },
      onChange: () => refresh(),
    });
  } catch (error) {
    const box = $('offline-error');
    box.textContent = `The outbox did not open, so this panel cannot save: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
    box.hidden = false;
    panel.dataset.error = 'true';
    return;
  }

  editor.addEventListener('input', async () => {
    typed = true;
    panel.dataset.saved = 'false';
    try {
      await box.put(DRAFT, null, editor.value, { key: KEY });
    } catch (error) {
      state.textContent = `Could not queue the save: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
    }
  });
  initOutage();

  await refresh();
  editor.disabled = false;
  panel.dataset.ready = 'true';
}

/** One pending entry: what it saves, and how its deliveries went so far. */
function entryItem(entry) {
  const item = document.createElement('li');
  const what = document.createElement('code');
  what.textContent = `${entry.method} ${new URL(entry.url, location.href).pathname}`;
  const key = entry.key === null ? '' : ` (key ${entry.key})`;
  const tries = entry.attempts === 0 ? 'not tried yet' : `${plural(entry.attempts, 'try', 'tries')} so far`;
  item.append(what, `${key}: ${tries}`);
  if (entry.lastError) {
    const error = document.createElement('span');
    error.className = 'last-error';
    error.textContent = ` — last: ${entry.lastError}`;
    item.append(error);
  }
  return item;
}

function initOutage() {
  const start = $('offline-outage');
  const line = $('offline-outage-state');
  let timer = null;
  start.disabled = false;
  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      const res = await fetch(`/outage?ms=${OUTAGE_MS}`, { method: 'POST' });
      if (!res.ok) throw new Error(`POST /outage gave ${res.status} ${res.statusText}`);
    } catch (error) {
      line.textContent = `Could not start the outage: ${error?.name ?? 'Error'}: ${error?.message ?? error}`;
      start.disabled = false;
      return;
    }
    const ends = performance.now() + OUTAGE_MS;
    const tick = () => {
      const left = Math.ceil((ends - performance.now()) / 1000);
      if (left > 0) {
        line.textContent = `Outage: the server answers every PUT with 503 for ${plural(left, 'more second', 'more seconds')}.`;
        return;
      }
      clearInterval(timer);
      line.textContent = 'The outage is over: waiting changes go at their next try.';
      start.disabled = false;
    };
    clearInterval(timer);
    timer = setInterval(tick, 250);
    tick();
  });
}
