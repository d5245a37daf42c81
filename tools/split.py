#!/usr/bin/env python3
"""Trunk post_build hook: cuts the app's wasm into the main module and on-demand chunks.

Trunk 0.21 cannot split a wasm (trunk-rs/trunk#1022), so this redoes its last steps on cargo's
raw output (built with `-Clink-args=--emit-relocs` and the `split` feature):

  1. wasm-split-cli: main module + one chunk per split point (+ chunks of code they share);
  2. wasm-bindgen --target web --keep-lld-exports on the main module (chunks reach into it);
  3. wasm-opt -Oz on every wasm, and esbuild --minify on the JS and CSS (release builds only);
  4. content-hashed names: each chunk by its own bytes, the JS glue, the link module and the
     main wasm by the hash of all wasm bytes (they name each other, so they share one), so one
     page never mixes the modules of two builds;
  5. index.html: Trunk's names replaced, and the demo backend's chunks listed for the boot
     script to preload when no backend is configured; split-files.json: the files each split
     point's loader fetches (read by `make bench`).

Run by Trunk with TRUNK_STAGING_DIR and TRUNK_PROFILE set (see Trunk.toml).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CRATE = "insurance-pay"
# The features rustc 1.95 enables by default for wasm32; wasm-opt must be told.
WASM_FEATURES = [
    "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int",
    "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
    "--enable-multivalue", "--enable-call-indirect-overlong",
]
LINK = "__wasm_split.js"
# The split points whose small shared chunks get a pack of their own, in the order they are
# fetched: the demo's first download. (Packs for the payer's second screen and the demo's later
# calls were tried: the next screen came no sooner in `make bench`.)
PACKED_FIRST = ["demo"]
# Chunks smaller than this (bytes, after wasm-opt) are packed into one file.
PACK_BELOW = 2048
# Fetches a pack once (again after a failure, as the loader retries) and hands each chunk its
# slice; instantiateStreaming needs the wasm content type on it.
PACK_LOADER = """const packs = PACKS;
const packLoads = [];
function fromPack(pack, offset, length) {
    if (packLoads[pack] === undefined) {
        const thisLoad = fetch(new URL("./" + packs[pack], import.meta.url)).then((response) => {
            if (!response.ok) throw new Error(`${packs[pack]}: ${response.status}`);
            return response.arrayBuffer();
        });
        thisLoad.catch(() => {
            if (packLoads[pack] === thisLoad) packLoads[pack] = undefined;
        });
        packLoads[pack] = thisLoad;
    }
    return packLoads[pack].then((bytes) => new Response(bytes.slice(offset, offset + length), { headers: { "content-type": "application/wasm" } }));
}
"""


def run(*args: str) -> None:
    subprocess.run(args, check=True)


def digest(*blobs: bytes) -> str:
    """A content hash for file names: 40 bits tell a deploy's files apart, and the link module,
    fetched before the first screen, lists every chunk's name."""
    h = hashlib.sha256()
    for blob in blobs:
        h.update(blob)
    return h.hexdigest()[:10]


def main() -> int:
    stage = Path(os.environ["TRUNK_STAGING_DIR"])
    profile = os.environ.get("TRUNK_PROFILE", "debug")
    source = Path(os.environ.get("TRUNK_SOURCE_DIR", "."))
    target = Path(os.environ.get("CARGO_TARGET_DIR", source / "target"))
    raw = target / "wasm32-unknown-unknown" / profile / f"{CRATE.replace('-', '_')}.wasm"
    if not raw.exists():
        raw = target / "wasm32-unknown-unknown" / profile / f"{CRATE}.wasm"
    trunk_js = next(p for p in stage.glob(f"{CRATE}-*.js") if not p.name.endswith("_bg.js"))
    trunk_stem = trunk_js.stem
    trunk_wasm = stage / f"{trunk_stem}_bg.wasm"

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        split_dir, bindgen_dir = tmp / "split", tmp / "bindgen"
        run("wasm-split-cli", str(raw), str(split_dir))
        run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-typescript",
            "--out-dir", str(bindgen_dir), "--out-name", "main", str(split_dir / "main.wasm"))
        chunks = sorted(split_dir.glob("*.wasm"))
        chunks = [c for c in chunks if c.name != "main.wasm"]
        main_wasm = bindgen_dir / "main_bg.wasm"
        if profile == "release":
            # binaryen from npm runs under node: two at a time on two cores.
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(lambda wasm: run("wasm-opt", "-Oz", *WASM_FEATURES, str(wasm), "-o", str(wasm)), [main_wasm, *chunks]))

        link = (split_dir / LINK).read_text()
        main_js = (bindgen_dir / "main.js").read_text()
        build = digest(main_wasm.read_bytes(), *(c.read_bytes() for c in chunks))
        # Most shared chunks hold a function or two: fetched one by one, a screen's code took
        # dozens of requests. They travel together in packs instead, each fetched once, in the
        # order they are needed (PACKED_FIRST): those the demo's first download needs (the first
        # screen on the demo path then carries none of the later screens' code), then all the
        # others.
        # (A split point's own file stays its own: it is the screen's code.)
        # (In the link module's order, chunk_2 before chunk_10: it then needs only their lengths.)
        small = [c for c in chunks if c.name.startswith("chunk_") and c.stat().st_size < PACK_BELOW]
        small.sort(key=lambda c: int(c.stem.removeprefix("chunk_")))
        chunks = [c for c in chunks if c not in small]
        packed, placed = [], set()
        for point in PACKED_FIRST:
            needed = first_screen_chunks(link, point)
            packed.append([c for c in small if c.name in needed and c.name not in placed])
            placed |= needed
        packed.append([c for c in small if c.name not in placed])
        packs = [b"".join(c.read_bytes() for c in group) for group in packed]
        pack_names = [f"chunks-{digest(pack)}.pack" for pack in packs]
        where = {}
        for number, group in enumerate(packed):
            offset = 0
            for chunk in group:
                where[chunk.name] = (number, offset, chunk.stat().st_size)
                offset += chunk.stat().st_size
        names = {}
        for chunk in chunks:
            names[chunk.name] = f"{chunk.stem}-{digest(chunk.read_bytes())}.wasm"
            where[chunk.name] = names[chunk.name]
        app_stem = f"{CRATE}-{build}"
        link_name = f"__wasm_split-{build}.js"
        link, files = compact_link(link, where, pack_names)

        link = re.sub(r"from\s+['\"]\./main\.js['\"]", f'from "./{app_stem}.js"', link)
        main_js = re.sub(r"from\s+(['\"])\./__wasm_split\.js\1", f"from './{link_name}'", main_js)
        main_js = main_js.replace("main_bg.wasm", f"{app_stem}_bg.wasm")

        for stale in [trunk_js, trunk_wasm]:
            stale.unlink(missing_ok=True)
        for old in stage.glob("__wasm_split*.js"):
            old.unlink()
        for old in [*stage.glob("split_*.wasm"), *stage.glob("chunk_*.wasm"), *stage.glob("chunks-*.pack")]:
            old.unlink()
        (stage / f"{app_stem}.js").write_text(main_js)
        shutil.copy(main_wasm, stage / f"{app_stem}_bg.wasm")
        (stage / link_name).write_text(link)
        if profile == "release":
            # Both are fetched before the first screen: about 1.5 KB less brotli, minified.
            for js in [stage / f"{app_stem}.js", stage / link_name]:
                run("esbuild", str(js), "--minify", "--log-level=warning", f"--outfile={js}", "--allow-overwrite")
        for chunk in chunks:
            shutil.copy(chunk, stage / names[chunk.name])
        for name, pack in zip(pack_names, packs):
            (stage / name).write_bytes(pack)
        if (bindgen_dir / "snippets").exists():
            shutil.copytree(bindgen_dir / "snippets", stage / "snippets", dirs_exist_ok=True)

    # The demo backend's chunk and the shared chunks it needs: preloaded by the boot script
    # when no backend is configured, so they download beside the main wasm, not after it.
    # What each split point's loader fetches, for `make bench` (the loader itself is minified).
    (stage / "split-files.json").write_text(json.dumps(files, indent=1))
    demo = files.get("demo", [])
    html_path = stage / "index.html"
    html = html_path.read_text().replace(trunk_stem, app_stem)
    html = html.replace('"__DEMO_CHUNKS__"', json.dumps([f"/{n}" for n in demo]))
    if profile == "release":
        html = minify_stylesheets(stage, html)
    html_path.write_text(html)
    print(f"split.py: {len(chunks)} chunks; main {app_stem}; demo preloads {demo}")
    return 0


def minify_stylesheets(stage, html):
    """The stylesheets are fetched before the first screen too: minified (about 1.3 KB less
    brotli), with the integrity Trunk gave each link recomputed for its new bytes."""
    import base64
    for css in stage.glob("*.css"):
        run("esbuild", str(css), "--minify", "--log-level=warning", f"--outfile={css}", "--allow-overwrite")
        sri = "sha384-" + base64.b64encode(hashlib.sha384(css.read_bytes()).digest()).decode()
        html, found = re.subn(rf'(href="/{re.escape(css.name)}"\s+integrity=")[^"]*"', rf'\g<1>{sri}"', html)
        if found != 1:
            sys.exit(f"split.py: no single link with integrity for {css.name}")
    return html


SHARED_CHUNK = re.compile(
    r'(?:/\*[^*]*\*/\n)?const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);'
    r'\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*, \[\]\);\n')
SPLIT_POINT = re.compile(
    r'export const (__wasm_split_load_(\w+)) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);'
    r'\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}\s*, \[([^\]]*)\]\)\);\n?')
# What replaces wasm-split's loaders: one line of data per chunk and split point, where it wrote
# a function for each (the link module is fetched before the first screen).
COMPACT_LOADERS = """function instantiateFrom(src) {
    src.catch(() => {});
    return async (imports) => WebAssembly.instantiateStreaming(src, imports);
}
function fetchFile(name) {
    return fetch(new URL("./" + name, import.meta.url));
}
// Each shared chunk: a file of its own, or its length in its pack times 4 plus the pack's number
// (the chunks of a pack lie one after another).
const packOffsets = packs.map(() => 0);
const sharedChunks = CHUNKS.map((where) => {
    const pack = where % 4;
    const length = (where - pack) / 4;
    const offset = packOffsets[pack];
    if (typeof where === "number") packOffsets[pack] += length;
    return makeLoad(() => instantiateFrom(typeof where === "string" ? fetchFile(where) : fromPack(pack, offset, length)), []);
});
// A split point's own file, and the shared chunks it needs as ranges of their indices ("0-18,65",
// or "" for none).
function splitPoint(file, ranges) {
    const deps = [];
    for (const range of ranges ? ranges.split(",") : []) {
        const [first, last] = range.split("-").map(Number);
        for (let d = first; d <= (last ?? first); d++) deps.push(sharedChunks[d]);
    }
    return wrapAsyncCb(makeLoad(() => instantiateFrom(fetchFile(file)), deps));
}
"""


def ranges(numbers: list) -> str:
    """[0, 1, 2, 5] as "0-2,5"."""
    parts = []
    for n in numbers:
        if parts and parts[-1][1] == n - 1:
            parts[-1][1] = n
        else:
            parts.append([n, n])
    return ",".join(f"{a}-{b}" if a != b else f"{a}" for a, b in parts)


def first_screen_chunks(link: str, point: str) -> set:
    """The files of the shared chunks split point `point` needs, as wasm-split's link module says."""
    files = {m.group(1): m.group(2) for m in SHARED_CHUNK.finditer(link)}
    deps = [m.group(4) for m in SPLIT_POINT.finditer(link) if m.group(2) == point]
    return {files[d.strip()] for listed in deps for d in listed.split(",") if d.strip()}


def compact_link(link: str, where: dict, packs: list) -> tuple:
    """Rewrites wasm-split's link module with the chunks' final places (`where`: a pack's number,
    the offset and length in it, or the hashed file name), and returns it with the files each
    split point fetches (shared chunks and packs first, then its own), for `make bench` and the
    demo's preload."""
    prelude_end = link.index("function makeLoad(")
    body_start = min(m.start() for m in [SHARED_CHUNK.search(link), SPLIT_POINT.search(link)] if m)
    prelude = link[:body_start]
    shared = [(m.group(1), m.group(2)) for m in SHARED_CHUNK.finditer(link)]
    points = [(m.group(1), m.group(2), m.group(3), [d.strip() for d in m.group(4).split(",") if d.strip()]) for m in SPLIT_POINT.finditer(link)]
    rest = SPLIT_POINT.sub("", SHARED_CHUNK.sub("", link[body_start:]))
    assert rest.strip() == "", f"the link module holds what split.py does not know: {rest.strip()[:200]}"
    index = {name: i for i, (name, _) in enumerate(shared)}
    # Packed chunks are listed in pack order, so each one's offset is the sum of the lengths before it.
    for number in range(len(packs)):
        packed = [where[file][1:] for _, file in shared if isinstance(where[file], tuple) and where[file][0] == number]
        assert all(a[0] + a[1] == b[0] for a, b in zip(packed, packed[1:])) and (not packed or packed[0][0] == 0)
    assert len(packs) <= 4, "the loader numbers packs 0 to 3"
    entry = lambda place: place if isinstance(place, str) else place[2] * 4 + place[0]
    table = json.dumps([entry(where[file]) for _, file in shared], separators=(",", ":"))
    out = [prelude[:prelude_end], PACK_LOADER.replace("PACKS", json.dumps(packs)), prelude[prelude_end:]]
    out.append(COMPACT_LOADERS.replace("CHUNKS", table))
    files = {}
    for export, point, own, deps in points:
        out.append(f"export const {export} = splitPoint({json.dumps(where[own])}, {json.dumps(ranges(sorted(index[d] for d in deps)))});\n")
        fetched = [place if isinstance(place := where[shared[index[d]][1]], str) else packs[place[0]] for d in deps]
        files[point] = list(dict.fromkeys(fetched)) + [where[own]]
    return "".join(out), files


if __name__ == "__main__":
    sys.exit(main())
