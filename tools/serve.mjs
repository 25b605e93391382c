// serve.mjs — a small static file server for the built site (no server code ships with the app;
// this exists to serve build/site on localhost for people and for the browser tests).
// usage: node tools/serve.mjs [DIR] [--port N]   (port 0 or a busy port: the next free one)
//
// Every response (files, 404s, errors) carries the security headers below, so the page is always
// developed and tested the way it should be deployed. A static host should send the same set.
//
//   Content-Security-Policy:
//     default-src 'self'                     anything not named below: this origin only
//     script-src 'self' 'wasm-unsafe-eval'   our own script files; WebAssembly compilation (Chromium needs
//                                            this keyword for WebAssembly.instantiate). No 'unsafe-eval'
//                                            (Emscripten is linked with -sDYNAMIC_EXECUTION=0: no eval,
//                                            no new Function) and no 'unsafe-inline' (no inline <script>,
//                                            no on*= attributes, no javascript: URLs)
//     style-src 'self'                       style sheets from files only: no <style> elements and no
//                                            style="" attributes in markup (element.style from script,
//                                            the CSSOM, stays allowed, which the app and SDL use)
//     img-src 'self' data:                   the icon; data: for generated images
//     connect-src 'self'                     fetch (fonts, atlas.json, ?atlas= on this origin, version.json)
//     font-src 'self'                        fonts are fetched as bytes for the wasm side, but just in case
//     worker-src 'self'                      the offline service worker (sw.js)
//     object-src 'none'                      no plugins
//     base-uri 'none'                        no <base> can re-point relative URLs
//     frame-ancestors *                      embedding the atlas in other sites is a feature (?embed=1)
//     form-action 'none'                     the app has no forms that submit anywhere
//   X-Content-Type-Options: nosniff          scripts and styles only run with their declared type
//   Referrer-Policy: no-referrer             opening a study's PubMed or DOI link tells nobody where from
//
// No X-Frame-Options (it would forbid the embedding that frame-ancestors allows).
//
// Caching (README, "Deploying"): files with a content-hashed name (NAME.<12 hex>.EXT, made by
// tools/stamp-site.mjs) never change, so they get `Cache-Control: public, max-age=31536000, immutable`;
// everything else (index.html, sw.js, version.json, the manifest, atlas.json, the text version) gets
// `no-cache`, with an ETag so that revalidating costs a 304, not the file.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { HASHED_NAME } from './stamp-site.mjs';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
export const cacheControlFor = (pathname) => (HASHED_NAME.test(pathname) ? IMMUTABLE : REVALIDATE);

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  'frame-ancestors *',
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS = Object.freeze({
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.otf': 'font/otf', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.nbib': 'text/plain; charset=utf-8', '.xml': 'application/atom+xml; charset=utf-8',
};

export function startServer(root, port = 0, host = '127.0.0.1') {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    const reply = (status, text, extra = {}) => {
      if (res.headersSent) { res.destroy(); return; }
      res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') { reply(405, 'method not allowed', { allow: 'GET, HEAD' }); return; }
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { reply(400, 'bad request'); return; }
    if (pathname.includes('\0')) { reply(400, 'bad request'); return; }   // fs would throw, not call back
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep)) { reply(403, 'forbidden'); return; }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) { reply(404, 'not found'); return; }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': cacheControlFor(pathname) };
      const compressible = /json|javascript|css|html|wasm|font|text/.test(type);
      headers.etag = `W/"${stat.size.toString(16)}-${Math.round(stat.mtimeMs * 1000).toString(16)}"`;
      if (compressible) headers.vary = 'accept-encoding';
      const inm = req.headers['if-none-match'];
      if (inm && inm.split(',').some((t) => t.trim() === headers.etag || t.trim() === '*')) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      const stream = req.method === 'HEAD' ? null : fs.createReadStream(file);
      // A file removed or unreadable between stat and read: drop the response, keep the server up.
      if (stream) stream.on('error', () => res.destroy());
      if (compressible && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        if (!stream) { res.end(); return; }
        const gzip = zlib.createGzip({ level: 6 });
        gzip.on('error', () => res.destroy());
        stream.pipe(gzip).pipe(res);
      } else {
        headers['content-length'] = stat.size;
        res.writeHead(200, headers);
        if (!stream) { res.end(); return; }
        stream.pipe(res);
      }
    });
  });
  return new Promise((resolve, reject) => {
    const tryListen = (p, attempts) => {
      server.once('error', (e) => {
        if (e.code === 'EADDRINUSE' && attempts > 0) tryListen(p + 1, attempts - 1);
        else reject(e);
      });
      server.listen(p, host, () => resolve(server));
    };
    tryListen(port, 20);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  let dir = 'build/site', port = 8080;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else dir = args[i];
  }
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`serve: ${dir}/index.html not found: build the site first (./build.sh serve)`);
    process.exit(2);
  }
  const server = await startServer(dir, port);
  const { port: actual } = server.address();
  console.log(`ME/CFS Research Atlas: http://localhost:${actual}/   (Ctrl+C to stop)`);
}
