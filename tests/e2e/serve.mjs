// A static server for the release build, as an operator would deploy it: files from dist/,
// index.html for any other path so deep links reach the app (which then routes them), and the
// security headers README recommends, so the whole suite runs under the strict CSP.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { cacheControl } from './caching.mjs';
import { contentSecurityPolicy } from './csp.mjs';

const root = process.argv[2] ?? '../../dist';
const port = Number(process.argv[3] ?? 8090);
// The backends the suite points the app at (its own origin is always allowed).
const backends = (process.env.CSP_BACKENDS ?? '').split(' ').filter(Boolean);
const policy = contentSecurityPolicy(await readFile(join(root, 'index.html'), 'utf8'), backends);
const securityHeaders = {
  'content-security-policy': policy,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.yaml': 'text/yaml',
};

createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, path);
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    file = join(root, 'index.html');
  }
  try {
    const body = await readFile(file);
    // As README tells operators (the suite's many page loads then compile the wasm from cache).
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl(file), ...securityHeaders });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}`));
