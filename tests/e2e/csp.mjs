// The Content-Security-Policy for a build: no 'unsafe-inline' for scripts or styles; Trunk's
// inline loader and the inline critical CSS are allowed by their SHA-256 hashes, which change
// with every build, so the policy is computed from the built index.html.
//
//   node tests/e2e/csp.mjs dist https://api.example.com     prints the header for a deployment
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const hashes = (html, tag) =>
  [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map(([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);

/** The policy for `indexHtml`, allowing requests to the app's origin and `backends`. */
export function contentSecurityPolicy(indexHtml, backends = []) {
  return [
    "default-src 'none'",
    // WebAssembly needs 'wasm-unsafe-eval' (compiling the module), not 'unsafe-eval'.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes(indexHtml, 'script').join(' ')}`,
    `style-src 'self' ${hashes(indexHtml, 'style').join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${backends.join(' ')}`.trim(),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    // The gallery (/preview) frames the app's own screens; no other site may frame it.
    "frame-src 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dist = 'dist', ...backends] = process.argv.slice(2);
  console.log(contentSecurityPolicy(readFileSync(join(dist, 'index.html'), 'utf8'), backends));
}
