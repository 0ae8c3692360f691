{% load static %}/* hocvuso service worker, release {{ release }}: the app shell and public lessons
 * stay readable offline.
 *
 * Families share one phone, so only public content is kept: never /api/, never a write, never
 * a response marked private or no-store (every page of a signed-in person is).
 */
"use strict";

const RELEASE = "{{ release|escapejs }}";
const SHELL = "hv-shell-" + RELEASE;
const PAGES = "hv-pages-" + RELEASE;
const OFFLINE = "{% url 'pwa-offline' %}";
const PRECACHE = [
  "{% static 'core/css/site.css' %}",
  "{% static 'core/icons/favicon.svg' %}",
  "{% static 'pwa/outbox.js' %}",
  OFFLINE,
];
const STATIC_PREFIX = "{% get_static_prefix %}";
const IMAGES_PREFIX = "/learn/images/";
const LESSON = /^\/learn\/lessons\/\d+\/$/;

function storable(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" && !/no-store|private/i.test(control);
}

function offlinePage() {
  return caches
    .match(OFFLINE, { cacheName: SHELL, ignoreVary: true })
    .then((hit) => hit || Response.error());
}

// Called while respondWith is still pending, which keeps the worker alive for the copy.
function keep(event, cacheName, request, response) {
  if (storable(response)) {
    const copy = response.clone();
    event.waitUntil(caches.open(cacheName).then((cache) => cache.put(request, copy)));
  }
  return response;
}

// Navigation preload starts the request while the worker boots, which a cheap phone feels.
function fromNetwork(event) {
  return Promise.resolve(event.preloadResponse).then((early) => early || fetch(event.request));
}

function networkFirst(event) {
  return fromNetwork(event).then(
    (response) => keep(event, PAGES, event.request.url, response),
    () =>
      caches
        .open(PAGES)
        .then((cache) => cache.match(event.request.url, { ignoreVary: true }))
        .then((hit) => hit || offlinePage()),
  );
}

function cacheFirst(event, cacheName) {
  return caches
    .open(cacheName)
    .then((cache) => cache.match(event.request, { ignoreVary: true }))
    .then(
      (hit) =>
        hit || fetch(event.request).then((fresh) => keep(event, cacheName, event.request, fresh)),
    );
}

self.addEventListener("install", (event) => {
  // Without cookies, so the offline page is the one any visitor sees, with no name in it.
  const requests = PRECACHE.map((url) => new Request(url, { credentials: "omit" }));
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(requests))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const preload = self.registration.navigationPreload;
  const old = (name) => name.startsWith("hv-") && name !== SHELL && name !== PAGES;
  event.waitUntil(
    Promise.all([
      preload ? preload.enable() : null,
      caches.keys().then((names) => Promise.all(names.filter(old).map((n) => caches.delete(n)))),
    ]).then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    if (LESSON.test(url.pathname)) {
      event.respondWith(networkFirst(event));
    } else {
      event.respondWith(fromNetwork(event).catch(offlinePage));
    }
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(cacheFirst(event, SHELL));
  } else if (url.pathname.startsWith(IMAGES_PREFIX)) {
    // Beside the lessons, so that signing out forgets which lessons this person looked at.
    event.respondWith(cacheFirst(event, PAGES));
  }
});

self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "wipe") return;
  event.waitUntil(
    caches
      .keys()
      .then((names) => names.filter((name) => name.startsWith("hv-pages-")))
      .then((names) => Promise.all(names.map((name) => caches.delete(name))))
      .then(() => {
        if (event.ports && event.ports[0]) event.ports[0].postMessage({ type: "wiped" });
      }),
  );
});
