#!/usr/bin/env python3
"""Every code block marked ```cfg in README.md and docs/*.md is a whole
scenario: load each with `sgf check` and fail when one does not load or
draws a warning.

Usage: check_doc_blocks.py SGF_BINARY SOURCE_DIR

A block is written to a temporary file; an `extends = "PATH"` in it is
resolved against the directory of the document (as if the block were a file
beside it), so `extends = "../scenarios/default.cfg"` in docs/ works.
Prints one line per block and exits 1 if any failed.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"^```cfg[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
EXTENDS = re.compile(r'^(\s*extends\s*=\s*")([^"]+)(")', re.M)


def blocks(source_dir):
    docs = [os.path.join(source_dir, "README.md")]
    docs += sorted(glob.glob(os.path.join(source_dir, "docs", "*.md")))
    for doc in docs:
        with open(doc, encoding="utf-8") as f:
            text = f.read()
        for m in BLOCK.finditer(text):
            line = text.count("\n", 0, m.start()) + 2
            yield doc, line, m.group(1)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    sgf, source_dir = sys.argv[1], sys.argv[2]
    failed = count = 0
    with tempfile.TemporaryDirectory(prefix="sgf-doc-blocks-") as tmp:
        for doc, line, body in blocks(source_dir):
            count += 1
            here = os.path.dirname(os.path.abspath(doc))
            body = EXTENDS.sub(
                lambda m: m.group(1) + os.path.normpath(os.path.join(here, m.group(2))) + m.group(3),
                body)
            path = os.path.join(tmp, "block%d.cfg" % count)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            r = subprocess.run([sgf, "check", path], capture_output=True, text=True)
            where = "%s:%d" % (os.path.relpath(doc, source_dir), line)
            if r.returncode != 0 or r.stderr.strip():
                failed += 1
                print("FAIL %s: sgf check exit %d\n%s" % (where, r.returncode,
                                                         r.stderr.replace(path, where)))
            else:
                print("ok   %s" % where)
    if count == 0:
        print("FAIL: no ```cfg block found (the test would check nothing)")
        return 1
    print("%d blocks, %d failed" % (count, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
