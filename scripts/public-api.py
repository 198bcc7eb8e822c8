#!/usr/bin/env python3
"""Counts the public top-level types `import Strata` exposes, and lists the undocumented ones.

Reads the symbol graphs of `swift package dump-symbol-graph --minimum-access-level public`:
module Strata and every module it re-exports with `@_exported` (StrataCore, StrataTransfer). Exits 1 when
there are more than the limit (first argument, default 60) or any is undocumented.
"""
import glob, json, os, subprocess, sys

limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60
# Where `swift package dump-symbol-graph` wrote them: beside the build's bin path.
graphs = os.environ.get("SYMBOL_GRAPHS") or os.path.join(
    subprocess.run(["swift", "build", "--show-bin-path"], capture_output=True, text=True, check=True).stdout.strip(), "..", "symbolgraph")
if not os.path.exists(os.path.join(graphs, "Strata.symbols.json")):
    sys.exit(f"public-api: no symbol graph of Strata in {graphs}; run swift package dump-symbol-graph first")
kinds = {"swift.struct", "swift.class", "swift.enum", "swift.protocol", "swift.typealias", "swift.actor"}
types = {}
for module in ("Strata", "StrataCore", "StrataTransfer"):
    for path in glob.glob(os.path.join(graphs, f"{module}.symbols.json")):
        for symbol in json.load(open(path))["symbols"]:
            if symbol["kind"]["identifier"] in kinds and len(symbol["pathComponents"]) == 1:
                name = symbol["pathComponents"][0]
                types[name] = bool(symbol.get("docComment", {}).get("lines"))
undocumented = sorted(name for name, documented in types.items() if not documented)
print(f"{len(types)} public top-level types through `import Strata` (limit {limit})")
for name in sorted(types):
    print(f"  {name}{'' if types[name] else '  (undocumented)'}")
if len(types) > limit or undocumented:
    print(f"public-api: {len(types)} types (limit {limit}); undocumented: {', '.join(undocumented) or 'none'}", file=sys.stderr)
    sys.exit(1)
