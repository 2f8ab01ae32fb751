#!/usr/bin/env python3
"""check_layers.py: the layers of sim/ point one way; fail when one reaches up.

    python3 scripts/check_layers.py [ROOT]

ROOT is the source tree (default: the one this script is in). Every C file
and header under sim/, viz/ and include/sgf/ is read for its #include lines
and checked against these rules (sim/*/README.md says the same in words):

    layer    may include                               never
    base     base                                      libconfig, SDL, zlib, file writing
    model    base, model                               libconfig, SDL, zlib, file writing
    io       base, model (public), io                  SDL, zlib
    explore  base, model (public), io, explore         SDL, zlib
    viz      any public header, its own                the private headers of sim/
    cli      everything (the command)                  SDL outside sgf-viewer's files

"model (public)": sgf/sgf_world.h. The model's own headers (model/*.h) are
private to the model: the layers above read a world through its public API.
A public header in include/sgf/ belongs to the layer of the table PUBLIC and
may include only public headers of its layer or below.

Prints each violation as FILE:LINE: message and exits 1 if there is one,
0 otherwise. Exits 2 on a usage error or an unknown public header.
"""
import os
import re
import sys

LEVEL = {"base": 0, "model": 1, "io": 2, "explore": 3, "viz": 4, "cli": 5}

# The layer each public header belongs to.
PUBLIC = {
    "sgf_def.h": "base",
    "sgf_rng.h": "base",
    "sgf_status.h": "base",
    "sgf_world.h": "model",
    "sgf_scenario.h": "io",
    "sgf_output.h": "io",
    "sgf_batch.h": "explore",
    "sgf_regress.h": "explore",
    "sgf_claims.h": "explore",
    "sgf_survey.h": "explore",
    "sgf_sweep.h": "explore",
    "sgf_validate.h": "explore",
    "sgf_explore.h": "explore",
    "sgf.h": "explore",  # the umbrella of everything
}

# Headers of the system a low layer must not use.
FORBIDDEN = [
    (re.compile(r"^libconfig\.h$"), ("base", "model"), "libconfig belongs to io and explore"),
    (re.compile(r"^SDL"), ("base", "model", "io", "explore", "cli"),
     "SDL belongs to viz/ (sgf-viewer), never to sim/"),
    (re.compile(r"^zlib\.h$"), ("base", "model", "io", "explore"), "zlib is linked to the command only"),
    (re.compile(r"^(dirent|fcntl|sys/stat)\.h$"), ("base", "model"),
     "the model does not touch the file system"),
]
# Calls that write files: not in base or model.
FILE_CALL = re.compile(r"\b(fopen|fdopen|freopen|fwrite|fprintf|fputs|fputc|open|rename|unlink)\s*\(")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel):
    """The layer of a file given by its path relative to the root, or None."""
    parts = rel.split("/")
    if parts[0] == "sim" and len(parts) > 2 and parts[1] in LEVEL:
        return parts[1]
    if parts[0] == "viz":
        return "viz"
    if parts[0] == "include" and parts[1] == "sgf":
        name = parts[-1]
        if name not in PUBLIC:
            return "unknown-public"
        return PUBLIC[name]
    return None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', text)


def check_file(root, rel, out):
    layer = layer_of(rel)
    if layer is None:
        return
    if layer == "unknown-public":
        out.append(f"{rel}:1: public header not in scripts/check_layers.py's PUBLIC table")
        return
    lvl = LEVEL[layer]
    is_public = rel.startswith("include/")
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        quote, target = m.group(1), m.group(2)
        if quote == "<":
            for pat, layers, why in FORBIDDEN:
                if pat.search(target) and layer in layers:
                    out.append(f"{rel}:{n}: {layer} includes <{target}>: {why}")
            continue
        head = target.split("/")[0]
        if target.startswith("sgf/") or (is_public and "/" not in target):
            name = target.split("/")[-1]
            if name not in PUBLIC:
                out.append(f"{rel}:{n}: unknown public header '{target}'")
                continue
            tl = PUBLIC[name]
            if LEVEL[tl] > lvl:
                out.append(f"{rel}:{n}: {layer} reaches up to {tl} through '{target}'")
            continue
        if is_public:
            out.append(f"{rel}:{n}: a public header includes the private '{target}'")
            continue
        if head in ("base", "model", "io", "explore"):
            if layer == "viz":
                out.append(f"{rel}:{n}: viz includes sim's private '{target}': use the public API")
            elif LEVEL[head] > lvl:
                out.append(f"{rel}:{n}: {layer} reaches up to {head} through '{target}'")
            elif head == "model" and layer != "model":
                out.append(f"{rel}:{n}: {layer} includes the model's private '{target}': "
                           "read the world through sgf/sgf_world.h")
            continue
        # a header beside the file ("cli.h", "viz.h"): its own layer, or a
        # viz header from the command
        here = os.path.dirname(rel)
        if os.path.exists(os.path.join(root, here, target)):
            continue
        if layer == "cli" and os.path.exists(os.path.join(root, "viz", target)):
            continue
        out.append(f"{rel}:{n}: '{target}' is neither beside the file nor a layer's header")
    if layer in ("base", "model") and not is_public:
        code = strip_comments("\n".join(lines)).split("\n")
        for n, line in enumerate(code, 1):
            m = FILE_CALL.search(line)
            if m:
                out.append(f"{rel}:{n}: {layer} calls {m.group(1)}(): the model writes no files")


def main(argv):
    if len(argv) > 2:
        print("usage: check_layers.py [ROOT]", file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if not os.path.isdir(os.path.join(root, "sim")):
        print(f"check_layers: {root}: no sim/ folder", file=sys.stderr)
        return 2
    out = []
    files = 0
    for top in ("sim", "viz", "include/sgf"):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith((".c", ".h")):
                    rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                    if top == "sim" and rel.count("/") == 1:
                        out.append(f"{rel}:1: a source file in sim/ itself: put it in its layer's folder")
                        continue
                    check_file(root, rel, out)
                    files += 1
    for line in sorted(out):
        print(line)
    print(f"check_layers: {files} files, {len(out)} violation{'s' if len(out) != 1 else ''}")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
