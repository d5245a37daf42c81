// The Cache-Control README tells operators to send: a file named by its content (the build's
// hashed .js, .wasm, .css and .pack files) never changes, so it is cached for good; anything
// else (index.html, config.json) is checked on every load, so a deploy is seen at once.
export function cacheControl(file) {
  return /-[0-9a-f]{10,16}(_bg)?\.(js|wasm|css|pack)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
