// serve.mjs — a small static file server for the built site (no server code ships with the app;
// this exists to serve build/site on localhost for people and for the browser tests).
// usage: node tools/serve.mjs [DIR] [--port N]   (port 0 or a busy port: the next free one)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.otf': 'font/otf', '.ttf': 'font/ttf', '.png': 'image/png', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.nbib': 'text/plain; charset=utf-8',
};

export function startServer(root, port = 0, host = '127.0.0.1') {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end('bad request'); return; }
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end('forbidden'); return; }
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
      const compressible = /json|javascript|css|html|wasm|font|text/.test(type);
      if (compressible && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        if (req.method === 'HEAD') { res.end(); return; }
        fs.createReadStream(file).pipe(zlib.createGzip({ level: 6 })).pipe(res);
      } else {
        headers['content-length'] = stat.size;
        res.writeHead(200, headers);
        if (req.method === 'HEAD') { res.end(); return; }
        fs.createReadStream(file).pipe(res);
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
