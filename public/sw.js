// Sắp xếp's service worker: the app shell (index.html, Trunk's hashed files,
// the manifest and icons) from the cache, so that after one online visit the
// app starts from a cold browser with no network.
//
// Updates never strand a device half-way: a new index.html is stored only
// after every file it names is in the cache; until then the old version keeps
// starting. When a new version is in place, the open pages are told
// ("new-version") and offer a reload. The API (/api/) is never cached here:
// the app's own store keeps the data.
const SHELL = 'sapxep-shell-v1';
const INDEX = '/index.html';
const ALWAYS = ['/manifest.webmanifest', '/icons/icon.svg'];

// Whether this worker stored a newer version than the pages it served run.
// A page asks at start ("new-version?"): a word posted before the page
// listened would be lost.
let newVersionReady = false;

self.addEventListener('message', (event) => {
  if (event.data?.type === 'new-version?' && newVersionReady) event.source.postMessage({ type: 'new-version' });
});

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().catch(() => false).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== SHELL).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname === '/sw.js') return;
  if (request.mode === 'navigate') {
    event.respondWith(startPage(event));
    return;
  }
  event.respondWith(
    caches.open(SHELL).then(async (cache) => {
      // By path, whatever the request's mode or headers: the server answers
      // with `Vary: accept-encoding`, which must not make a cached file miss.
      const cached = await cache.match(url.pathname, { ignoreSearch: true, ignoreVary: true });
      if (cached) return cached;
      return fetch(request);
    }),
  );
});

// A navigation: the cached shell at once (any route: the app routes itself),
// and a check for a new version behind it. Without a cached shell, the network.
async function startPage(event) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(INDEX, { ignoreVary: true });
  if (cached) {
    // The page starting now runs the newest version this worker holds.
    newVersionReady = false;
    event.waitUntil(
      refreshShell()
        .then((updated) => {
          if (!updated) return;
          newVersionReady = true;
          return tellPages({ type: 'new-version' });
        })
        .catch(() => {}),
    );
    return cached;
  }
  const response = await fetch(event.request);
  event.waitUntil(refreshShell().catch(() => {}));
  return response;
}

// Fetches index.html; when it differs from the cached one, caches every file
// it names, then the page itself last. Returns whether a new version was
// stored over an older one.
async function refreshShell() {
  const cache = await caches.open(SHELL);
  const response = await fetch(INDEX, { cache: 'no-store' });
  if (!response.ok) return false;
  const html = await response.text();
  const old = await cache.match(INDEX, { ignoreVary: true });
  const oldHtml = old ? await old.text() : null;
  if (oldHtml === html) return false;
  const named = shellFiles(html);
  await cacheAll(cache, [...ALWAYS, ...named]);
  // The scripts import wasm-bindgen's snippets (/snippets/…): read from the
  // copies just cached, and cached too.
  const snippets = [];
  for (const script of named.filter((path) => path.endsWith('.js'))) {
    const text = await (await cache.match(script, { ignoreVary: true })).text();
    for (const match of text.matchAll(/["'](\.{0,2}\/?snippets\/[^"'\s]+\.js)["']/g)) {
      snippets.push(new URL(match[1], new URL(script, self.location.origin)).pathname);
    }
  }
  await cacheAll(cache, snippets);
  const files = [...new Set([...ALWAYS, ...named, ...snippets])];
  // With the server's headers (its Content-Security-Policy among them).
  await cache.put(INDEX, new Response(html, { headers: response.headers }));
  // Files of versions before this one are no longer needed.
  const keep = new Set([INDEX, ...files]);
  for (const request of await cache.keys()) {
    if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
  }
  return oldHtml !== null;
}

// Fetches into the cache each path not there yet (the ALWAYS files every
// time: their names carry no hash); any failure fails the whole refresh.
function cacheAll(cache, paths) {
  return Promise.all(
    [...new Set(paths)].map(async (path) => {
      if (!(await cache.match(path, { ignoreVary: true })) || ALWAYS.includes(path)) {
        const file = await fetch(path, { cache: 'no-store' });
        if (!file.ok) throw new Error(`${path}: ${file.status}`);
        await cache.put(path, file);
      }
    }),
  );
}

// The same-origin files index.html names: Trunk's hashed scripts, wasm and css.
function shellFiles(html) {
  const found = [];
  for (const match of html.matchAll(/["'](\/[^"'\s?#]+\.(?:js|wasm|css|svg|png|webmanifest))["']/g)) {
    found.push(match[1]);
  }
  return found;
}

async function tellPages(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}
