/* The offline outbox: events made on this device wait in IndexedDB until /api/sync takes them.
 *
 * Plain ES2017, no dependencies. window.hvOutbox exists only where IndexedDB does; a page that
 * finds no hvOutbox (or whose add() fails) lets its form submit as usual.
 */
(function () {
  "use strict";

  const DB_NAME = "hocvuso-outbox";
  const STORE = "events";
  const BATCH = 50;
  const RETRY_MS = 30000;
  const SIGNOUT_WAIT_MS = 3000;
  const WIPE_WAIT_MS = 2000;
  const DONE = ["accepted", "duplicate", "rejected"];
  const JSON_TYPE = "application/json";
  const JSON_ONLY = { Accept: JSON_TYPE };

  if ("serviceWorker" in navigator) {
    const register = () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    };
    // After the page has loaded, so the precache does not compete with it on a slow line.
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register);
  }

  let idb = null;
  try {
    idb = window.indexedDB || null;
  } catch (error) {
    idb = null; // some browsers throw here in private windows
  }
  if (!idb || !window.crypto || !window.Promise) return;

  const bar = document.getElementById("outbox");
  const badge = document.getElementById("outbox-badge");
  const status = document.getElementById("outbox-status");

  // --- IndexedDB ---------------------------------------------------------------------------
  let opening = null;

  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function open() {
    if (!opening) {
      const request = idb.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "client_id" });
      };
      opening = done(request).then((db) => {
        // Another tab signing out deletes the database: let go of it so the deletion goes on.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        return db;
      });
      opening.catch(() => {
        opening = null;
      });
    }
    return opening;
  }

  function transact(mode, work) {
    return open().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode);
          const result = work(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        }),
    );
  }

  // Whose records these are (the person signed in, and the person a volunteer is helping),
  // from a cookie the server keeps up to date: on a shared phone, records wait for their own
  // person and are never sent while someone else is signed in.
  function owner() {
    const found = document.cookie.split("; ").find((part) => part.indexOf("hv_owner=") === 0);
    return found ? found.slice("hv_owner=".length) : "";
  }

  function waiting() {
    const older = (a, b) =>
      a.client_time < b.client_time ? -1 : Number(a.client_time > b.client_time);
    const mine = (item) => !item.owner || item.owner === owner();
    return transact("readonly", (store) => store.getAll()).then((items) =>
      items.filter(mine).sort(older)
    );
  }

  function count() {
    return waiting().then((items) => items.length);
  }

  function forget(ids) {
    return transact("readwrite", (store) => ids.forEach((id) => store.delete(id)));
  }

  // --- What the person sees ----------------------------------------------------------------
  let known = 0;

  function showCount() {
    return count().then(
      (n) => {
        known = n;
        if (badge && bar) {
          const many = (bar.dataset.many || "").replace("{n}", String(n));
          badge.textContent = n === 1 ? bar.dataset.one : many;
          badge.hidden = n === 0;
        }
        return n;
      },
      () => known,
    );
  }

  function showRejected(messages) {
    if (!status || !bar || !messages.length) return;
    status.textContent = "";
    messages
      .filter((message, index) => messages.indexOf(message) === index)
      .forEach((message) => {
        const line = document.createElement("p");
        line.className = "notice message-error";
        line.textContent = (bar.dataset.rejected || "{message}").replace("{message}", message);
        status.appendChild(line);
      });
  }

  function showSignIn(body) {
    if (!status || !body || !body.message) return;
    status.textContent = "";
    const line = document.createElement("p");
    line.className = "notice message-error";
    line.textContent = String(body.message);
    status.appendChild(line);
  }

  // --- Sending -----------------------------------------------------------------------------
  let token = null;

  function csrfToken(fresh) {
    if (fresh || !token) {
      const answer = fetch("/api/csrf", { credentials: "same-origin", headers: JSON_ONLY });
      token = answer
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((body) => body.token);
      token.catch(() => {
        token = null;
      });
    }
    return token;
  }

  function post(items, fresh) {
    return csrfToken(fresh).then((csrf) =>
      fetch("/api/sync", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: JSON_TYPE },
        body: JSON.stringify({ items: items }),
      }).then((response) => (response.status === 403 && !fresh ? post(items, true) : response)),
    );
  }

  function isTooLarge(response) {
    if (response.status !== 400) return Promise.resolve(false);
    return response.json().then(
      (body) => Boolean(body && body.code === "batch_too_large"),
      () => false,
    );
  }

  // Sends everything waiting; resolves with the totals, or null when nothing was answered.
  async function sendAll() {
    const totals = { accepted: 0, duplicate: 0, rejected: 0 };
    const rejected = [];
    let answered = false;
    let size = BATCH;
    let items = await waiting();
    while (items.length) {
      const batch = items.slice(0, size);
      let response;
      try {
        response = await post(batch, false);
      } catch (error) {
        break; // offline, or the server is unreachable: everything stays for later
      }
      if (await isTooLarge(response)) {
        if (batch.length === 1) break;
        size = Math.floor(batch.length / 2);
        continue;
      }
      if (response.status === 401) {
        // Signed out meanwhile: everything stays, and the person is told to sign in again.
        showSignIn(await response.json().catch(() => null));
        break;
      }
      if (!response.ok) break; // 403 after a fresh token, or 5xx: the server will be back
      let body;
      try {
        body = await response.json();
      } catch (error) {
        break;
      }
      const results = (body && body.results) || [];
      const finished = results.filter((result) => DONE.indexOf(result.status) !== -1);
      finished.forEach((result) => {
        totals[result.status] += 1;
        if (result.status === "rejected" && result.message) rejected.push(String(result.message));
      });
      await forget(finished.map((result) => result.client_id));
      answered = true;
      items = items.slice(batch.length);
    }
    showRejected(rejected);
    await showCount();
    return answered ? totals : null;
  }

  let running = null;
  let again = false;

  function flush() {
    if (running) {
      again = true; // an item added meanwhile goes in one more round
      return running;
    }
    running = (async () => {
      let totals = null;
      try {
        do {
          again = false;
          const round = await sendAll();
          if (round) {
            totals = totals || { accepted: 0, duplicate: 0, rejected: 0 };
            DONE.forEach((key) => {
              totals[key] += round[key];
            });
          }
        } while (again);
      } finally {
        running = null;
      }
      if (totals) document.dispatchEvent(new CustomEvent("hv:synced", { detail: totals }));
      return totals;
    })();
    return running;
  }

  // --- Adding ------------------------------------------------------------------------------
  function uuid() {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // randomUUID needs a secure context; build the same version-4 id by hand.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    const cut = [[0, 8], [8, 12], [12, 16], [16, 20], [20, 32]];
    return cut.map((part) => hex.slice(part[0], part[1])).join("-");
  }

  function add(kind, data) {
    const item = {
      kind: kind,
      client_id: uuid(),
      client_time: new Date().toISOString(),
      owner: owner(),
      data: data,
    };
    return transact("readwrite", (store) => store.put(item)).then(() => {
      showCount();
      flush().catch(() => {});
      return item;
    });
  }

  // --- Wiping (signing out on a shared phone) ----------------------------------------------
  function within(ms, promise) {
    return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
  }

  function deleteDatabase() {
    // Empty the store first: if another tab holds the database open, deletion waits, but
    // nothing of this person is left to read meanwhile.
    const emptied = transact("readwrite", (store) => store.clear()).catch(() => {});
    return emptied.then(() => {
      const closing = opening;
      opening = null;
      return (closing ? closing.then((db) => db.close(), () => {}) : Promise.resolve()).then(
        () =>
          new Promise((resolve) => {
            const request = idb.deleteDatabase(DB_NAME);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      );
    });
  }

  function wipeWorker() {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    return navigator.serviceWorker
      .getRegistration("/")
      .then((registration) => {
        const worker = registration && registration.active;
        if (!worker) return undefined;
        return new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          worker.postMessage({ type: "wipe" }, [channel.port2]);
        });
      })
      .catch(() => {});
  }

  function wipe() {
    return Promise.all([deleteDatabase(), within(WIPE_WAIT_MS, wipeWorker())]).then(() => {
      known = 0;
      if (badge) badge.hidden = true;
      if (status) status.textContent = "";
    });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-signout")) return;
    event.preventDefault();
    if (form.dataset.signingOut) return; // a second press while the first one works
    form.dataset.signingOut = "1";
    within(SIGNOUT_WAIT_MS, flush().catch(() => {}))
      .then(() => within(WIPE_WAIT_MS, wipe()))
      .catch(() => {})
      .then(() => form.submit());
  });

  // --- When to send ------------------------------------------------------------------------
  function retry() {
    flush().catch(() => {});
  }

  window.hvOutbox = { add: add, flush: flush, count: count, wipe: wipe };
  showCount().then(retry);
  window.addEventListener("online", retry);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) retry(); // back from the browser's page cache
  });
  setInterval(() => {
    if (known > 0 && document.visibilityState === "visible") retry();
  }, RETRY_MS);
})();
