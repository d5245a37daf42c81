#!/usr/bin/env python3
"""Prints each asset of a release build with its raw, gzip and brotli size, and the total the
browser must fetch before the first screen works (index.html, the JS glue, the wasm, the CSS).

Usage: sizes.py DIST [--budget-kb N]   (exits non-zero if the first-screen brotli total is over N KB)
"""
import gzip
import sys
from pathlib import Path

try:
    import brotli  # type: ignore
except ImportError:  # installed by `make bench` when missing
    brotli = None


def brotli_size(data: bytes) -> int:
    if brotli is None:
        return -1
    return len(brotli.compress(data, quality=11))


def main() -> int:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    budget_kb = None
    if "--budget-kb" in sys.argv:
        budget_kb = float(sys.argv[sys.argv.index("--budget-kb") + 1])
    files = sorted(p for p in dist.rglob("*") if p.is_file())
    if not files:
        print(f"no files in {dist}: run a release build first", file=sys.stderr)
        return 2
    # What the first screen needs: the HTML and everything it links with rel=stylesheet,
    # modulepreload / script and the wasm. Copied public files (icons, config) are listed apart.
    first_screen = [p for p in files if p.suffix in {".html", ".js", ".wasm", ".css"}]
    rows = []
    for p in files:
        data = p.read_bytes()
        rows.append((str(p.relative_to(dist)), len(data), len(gzip.compress(data, 9)), brotli_size(data), p in first_screen))
    width = max(len(r[0]) for r in rows)
    print(f"{'asset':<{width}} {'raw':>10} {'gzip':>10} {'brotli':>10}  first screen")
    for name, raw, gz, br, first in rows:
        print(f"{name:<{width}} {raw:>10,} {gz:>10,} {br:>10,}  {'yes' if first else ''}")
    totals = [sum(r[i] for r in rows if r[4]) for i in (1, 2, 3)]
    print(f"{'first screen total':<{width}} {totals[0]:>10,} {totals[1]:>10,} {totals[2]:>10,}")
    print(f"first screen: {totals[0] / 1024:.1f} KB raw, {totals[1] / 1024:.1f} KB gzip, {totals[2] / 1024:.1f} KB brotli")
    if budget_kb is not None and totals[2] / 1024 > budget_kb:
        print(f"OVER BUDGET: {totals[2] / 1024:.1f} KB brotli > {budget_kb} KB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
