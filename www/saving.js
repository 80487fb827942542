// The "Saving safely" panels: an autosave editor (every keystroke a put() with
// `supersede`) and a safe update (ten concurrent update() calls on one counter).

const $ = (id) => document.getElementById(id);

/** Where the editor saves; `?delay` makes the dev server slow, so saves overlap. */
const DRAFT = '/resources/autosave-draft';
const SLOW_DRAFT = `${DRAFT}?delay=250`;
/** The counter the safe update increments. */
const COUNTER = '/resources/safe-counter';

/** Wires both panels to the loaded package. */
export function initSaving({ put, update }) {
  initAutosave(put);
  initSafeUpdate(update);
}

/** The stored text of a resource (a plain GET; `''` when there is none). */
async function stored(path) {
  const res = await fetch(path, { cache: 'no-store' });
  return res.ok ? res.text() : '';
}

function initAutosave(put) {
  const editor = $('autosave-text');
  const counts = { typed: 0, sent: 0, superseded: 0, failed: 0 };
  const show = () => {
    $('autosave-typed').textContent = String(counts.typed);
    $('autosave-sent').textContent = String(counts.sent);
    $('autosave-superseded').textContent = String(counts.superseded);
  };
  editor.disabled = false;
  editor.addEventListener('input', async () => {
    counts.typed += 1;
    show();
    $('autosave-state').textContent = 'Saving…';
    try {
      await put(SLOW_DRAFT, { 'Content-Type': 'text/plain' }, editor.value, { supersede: DRAFT });
      counts.sent += 1;
    } catch (error) {
      if (error.cause === 'superseded') counts.superseded += 1;
      else {
        counts.failed += 1;
        $('autosave-state').textContent = `${error.name}: ${error.message}`;
      }
      show();
      return;
    }
    show();
    // Read back what the server kept.
    const text = await stored(DRAFT);
    $('autosave-stored').textContent = text;
    const current = text === editor.value;
    $('autosave-state').textContent = current ? 'Saved: the server holds the last text typed.' : 'Saving…';
    $('autosave').dataset.saved = String(current);
  });
}

function initSafeUpdate(update) {
  const run = $('safe-update-run');
  run.disabled = false;
  run.addEventListener('click', async () => {
    run.disabled = true;
    $('safe-update-result').textContent = 'Running 10 concurrent updates…';
    delete $('safe-update').dataset.done;
    let changes = 0;
    const increment = (counter) => {
      changes += 1;
      return { n: (counter?.n ?? 0) + 1 };
    };
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => update(COUNTER, increment, { conflicts: 50 })),
      );
      // Each update stored the n it computed; a lost update would store one twice.
      const written = new Set(results.map((res) => res.json().json.n));
      const lost = results.length - written.size;
      const counter = JSON.parse(await stored(COUNTER));
      $('safe-update-result').textContent =
        `${results.length} applied, ${lost} lost, ${changes - results.length} conflicts retried; the counter is now ${counter.n}.`;
    } catch (error) {
      $('safe-update-result').textContent = `${error.name}: ${error.message}`;
    } finally {
      run.disabled = false;
      $('safe-update').dataset.done = 'true';
    }
  });
}
