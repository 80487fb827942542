//! An outbox's entries in IndexedDB: one database per outbox name, one object store of
//! entries whose auto-incremented `id` is the queue's order, and an index on `key`.
//!
//! Each function is one transaction, awaited until IndexedDB has committed it. An
//! IndexedDB request is awaited as a promise whose `resolve` and `reject` are the
//! request's own `onsuccess` and `onerror`: no closure is made for them.

use js_sys::{Array, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbFactory, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest,
    IdbRequest, IdbTransaction, IdbTransactionMode,
};

use super::entry::Entry;
use crate::client::platform;
use crate::error::{Error, ErrorKind};
use crate::rules::outbox::OPEN_BOUND_MS;

/// The object store of the entries.
const ENTRIES: &str = "entries";
/// The index of the entries by `key`.
const BY_KEY: &str = "key";
/// The version of the database's layout.
const VERSION: u32 = 1;

/// The name of the outbox `name`'s database, and of its Web Lock and channel.
pub(super) fn qualified(name: &str) -> String {
    format!("wasm-put-outbox:{name}")
}

/// How messages name the outbox `name`: `outbox "notes"`.
pub(super) fn target(name: &str) -> String {
    format!("outbox \"{name}\"")
}

/// IndexedDB failed to do `what`: the platform's error kept as the cause, and named in
/// the message by what it means for the outbox.
fn refused(what: &str, cause: JsValue) -> Error {
    let name = js_sys::Reflect::get(&cause, &"name".into())
        .ok()
        .and_then(|n| n.as_string());
    let why = match name.as_deref() {
        Some("QuotaExceededError") => "the origin's storage is full; free some or clear() the outbox",
        Some("InvalidStateError") => {
            "its database is closed (the outbox was closed, or the browser or another tab closed it); open the outbox again"
        }
        _ => "the browser's storage refused it (it may be blocked, as in some private windows)",
    };
    Error::new(
        ErrorKind::Storage,
        &format!("IndexedDB could not {what}: {why}"),
        "outbox",
    )
    .with_cause(cause)
}

/// Waits for `request` and returns its result.
async fn done(request: &IdbRequest, what: &str) -> Result<JsValue, Error> {
    // Unbounded, it always settles.
    done_within(request, None, what)
        .await
        .unwrap_or_else(|| Err(refused(what, JsValue::UNDEFINED)))
}

/// Waits for `request` and returns its result, or `None` (the request left pending, its
/// handlers removed) when `bound` resolves first.
async fn done_within(
    request: &IdbRequest,
    bound: Option<Promise>,
    what: &str,
) -> Option<Result<JsValue, Error>> {
    let settled = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    // `settled` resolves with the success event, never `undefined`; `bound` with that.
    let first = match bound {
        Some(bound) => Promise::race(&Array::of2(&settled, &bound)),
        None => settled,
    };
    let outcome = JsFuture::from(first).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(value) if value.is_undefined() => None,
        Ok(_) => Some(request.result().map_err(|e| refused(what, e))),
        Err(_) => {
            let error = js_sys::Reflect::get(request, &"error".into()).unwrap_or_default();
            Some(Err(refused(what, error)))
        }
    }
}

/// Waits until `tx` has committed.
async fn committed(tx: &IdbTransaction, what: &str) -> Result<(), Error> {
    let settled = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(settled).await;
    tx.set_oncomplete(None);
    tx.set_onerror(None);
    tx.set_onabort(None);
    outcome.map(drop).map_err(|_| {
        let error = js_sys::Reflect::get(tx, &"error".into()).unwrap_or_default();
        refused(what, error)
    })
}

/// The platform's `indexedDB`, or the `NotSupportedError` that names it.
fn factory(name: &str) -> Result<IdbFactory, Error> {
    platform::global("indexedDB")
        .dyn_into::<IdbFactory>()
        .map_err(|_| {
            Error::new(
                ErrorKind::NotSupported,
                "An outbox stores its entries in IndexedDB, which this platform does not have \
                 (Node has none); use put() here, or an outbox in a browser or a worker",
                &target(name),
            )
        })
}

/// Opens (creating on first use) the database of the outbox `name`. An open that has
/// not succeeded within [`OPEN_BOUND_MS`] (another tab holds the database open while it
/// is deleted or upgraded) fails; should it succeed later, the database is closed at
/// once, so that nothing holds it.
pub(super) async fn open(name: &str) -> Result<IdbDatabase, Error> {
    const WHAT: &str = "open the outbox's database";
    let request: IdbOpenDbRequest = factory(name)?
        .open_with_u32(&qualified(name), VERSION)
        .map_err(|e| refused(WHAT, e))?;
    // Kept until the request is done, then dropped: nothing outlives the open.
    let upgrade = Closure::<dyn FnMut(JsValue)>::new({
        let request = request.clone();
        move |_event: JsValue| {
            let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) else {
                return;
            };
            let parameters = IdbObjectStoreParameters::new();
            parameters.set_key_path(&JsValue::from_str("id"));
            parameters.set_auto_increment(true);
            if let Ok(store) = db.create_object_store_with_optional_parameters(ENTRIES, &parameters)
            {
                let _ = store.create_index_with_str(BY_KEY, "key");
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let mut timer = JsValue::UNDEFINED;
    let bound = Promise::new(&mut |resolve, _| {
        timer = platform::set_timeout(&resolve, OPEN_BOUND_MS);
    });
    let opened = done_within(&request, Some(bound), WHAT).await;
    platform::clear_timeout(&timer);
    match opened {
        Some(opened) => {
            request.set_onupgradeneeded(None);
            drop(upgrade);
            opened?
                .dyn_into::<IdbDatabase>()
                .map_err(|e| refused(WHAT, e))
        }
        None => {
            // Still pending: whenever it ends, the database is closed (made as it should
            // be, the upgrade kept until then), and the closure frees itself.
            let late = Closure::once_into_js(move |event: web_sys::Event| {
                drop(upgrade);
                let db = event
                    .target()
                    .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                    .and_then(|r| r.result().ok())
                    .and_then(|db| db.dyn_into::<IdbDatabase>().ok());
                if let Some(db) = db {
                    db.close();
                }
            });
            request.set_onsuccess(Some(late.unchecked_ref()));
            request.set_onerror(Some(late.unchecked_ref()));
            Err(Error::new(
                ErrorKind::Storage,
                &format!(
                    "IndexedDB did not open the outbox's database within {} ms: another tab holds \
                     it open while it is being deleted or upgraded; close that tab, or let it \
                     finish, then open the outbox again",
                    crate::rules::message::whole_ms(OPEN_BOUND_MS)
                ),
                &target(name),
            ))
        }
    }
}

/// A transaction over the entries, and their store in it.
fn entries(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
    what: &str,
) -> Result<(IdbTransaction, IdbObjectStore), Error> {
    let tx = db
        .transaction_with_str_and_mode(ENTRIES, mode)
        .map_err(|e| refused(what, e))?;
    let store = tx.object_store(ENTRIES).map_err(|e| refused(what, e))?;
    Ok((tx, store))
}

/// Adds `entry` at the end of the queue and removes the pending entries with its key,
/// in one transaction: its id once committed. The entry is added first (its body copied
/// without waiting on another request); it takes over the wait (and the count of
/// tries) of an entry it replaces, so replacing keeps honouring a `Retry-After`.
pub(super) async fn add(db: &IdbDatabase, mut entry: Entry) -> Result<u64, Error> {
    const WHAT: &str = "store an entry";
    let (tx, store) = entries(db, IdbTransactionMode::Readwrite, WHAT)?;
    let fail = |e| refused(WHAT, e);
    let added = store.add(&entry.to_js()).map_err(fail)?;
    let id = done(&added, WHAT).await?;
    let id_number = id.as_f64().ok_or_else(|| fail(id.clone()))?;
    if let Some(key) = &entry.key {
        let index = store.index(BY_KEY).map_err(fail)?;
        let found = index
            .get_all_with_key(&JsValue::from_str(key))
            .map_err(fail)?;
        let mut replaced = false;
        for older in Array::from(&done(&found, WHAT).await?).iter() {
            let older = Entry::from_js(&older);
            let Some(older_id) = older.id.filter(|&o| o as f64 != id_number) else {
                continue;
            };
            store
                .delete(&JsValue::from_f64(older_id as f64))
                .map_err(fail)?;
            entry.not_before = entry.not_before.max(older.not_before);
            entry.attempts = entry.attempts.max(older.attempts);
            replaced = true;
        }
        if replaced {
            entry.id = Some(id_number as u64);
            store.put(&entry.to_js()).map_err(fail)?;
        }
    }
    committed(&tx, WHAT).await?;
    Ok(id_number as u64)
}

/// The entry at the head of the queue, if any.
pub(super) async fn head(db: &IdbDatabase) -> Result<Option<Entry>, Error> {
    const WHAT: &str = "read the queue";
    let (_tx, store) = entries(db, IdbTransactionMode::Readonly, WHAT)?;
    let request = store
        .get_all_with_key_and_limit(&JsValue::NULL, 1)
        .map_err(|e| refused(WHAT, e))?;
    let first = Array::from(&done(&request, WHAT).await?).get(0);
    Ok((!first.is_undefined()).then(|| Entry::from_js(&first)))
}

/// Every entry, in queue order.
pub(super) async fn all(db: &IdbDatabase) -> Result<Vec<Entry>, Error> {
    const WHAT: &str = "read the queue";
    let (_tx, store) = entries(db, IdbTransactionMode::Readonly, WHAT)?;
    let request = store.get_all().map_err(|e| refused(WHAT, e))?;
    let list = Array::from(&done(&request, WHAT).await?);
    Ok(list.iter().map(|entry| Entry::from_js(&entry)).collect())
}

/// The number of entries.
pub(super) async fn count(db: &IdbDatabase) -> Result<u32, Error> {
    const WHAT: &str = "count the queue";
    let (_tx, store) = entries(db, IdbTransactionMode::Readonly, WHAT)?;
    let request = store.count().map_err(|e| refused(WHAT, e))?;
    let n = done(&request, WHAT).await?.as_f64().unwrap_or(0.0);
    Ok(n as u32)
}

/// Removes the entry `id`, committed: whether it was still there (replaced or cleared
/// meanwhile, it is not).
pub(super) async fn remove(db: &IdbDatabase, id: u64) -> Result<bool, Error> {
    const WHAT: &str = "remove a delivered entry";
    let (tx, store) = entries(db, IdbTransactionMode::Readwrite, WHAT)?;
    let key = JsValue::from_f64(id as f64);
    let counted = store.count_with_key(&key).map_err(|e| refused(WHAT, e))?;
    let there = done(&counted, WHAT).await?.as_f64().unwrap_or(0.0) > 0.0;
    store.delete(&key).map_err(|e| refused(WHAT, e))?;
    committed(&tx, WHAT).await?;
    Ok(there)
}

/// Records a delivery of the entry `id` to try again: its attempts, why, and when next.
/// An entry replaced (or cleared) meanwhile is not written back.
pub(super) async fn note_again(
    db: &IdbDatabase,
    id: u64,
    last_error: String,
    not_before: f64,
) -> Result<(), Error> {
    const WHAT: &str = "record a delivery";
    let (tx, store) = entries(db, IdbTransactionMode::Readwrite, WHAT)?;
    let request = store
        .get(&JsValue::from_f64(id as f64))
        .map_err(|e| refused(WHAT, e))?;
    let found = done(&request, WHAT).await?;
    if !found.is_undefined() {
        let mut entry = Entry::from_js(&found);
        entry.attempts = entry.attempts.saturating_add(1);
        entry.last_error = Some(last_error);
        entry.not_before = not_before;
        store.put(&entry.to_js()).map_err(|e| refused(WHAT, e))?;
    }
    committed(&tx, WHAT).await
}

/// Removes every entry, committed.
pub(super) async fn clear(db: &IdbDatabase) -> Result<(), Error> {
    const WHAT: &str = "clear the queue";
    let (tx, store) = entries(db, IdbTransactionMode::Readwrite, WHAT)?;
    store.clear().map_err(|e| refused(WHAT, e))?;
    committed(&tx, WHAT).await
}
