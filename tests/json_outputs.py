#!/usr/bin/env python3
"""json_outputs.py: every JSON file sgf writes for the fuzz corpus parses.

    SGF_BIN=build/sgf python3 tests/json_outputs.py [SOURCE_DIR]

For each scenario of tests/fuzz/corpus/scenario/ and tests/fuzz/regress/scenario/
that sgf accepts, `sgf run FILE --ticks 12` writes manifest.json and
network.jsonl; for each sweep of tests/fuzz/corpus/sweep/, `sgf sweep` writes
sweep.json. So do variants whose names hold what JSON must escape: quotes,
backslashes, control characters, invalid UTF-8 bytes (when the loader
accepts them; when it rejects them with exit 2, nothing is written, and that
is checked too). Each file is read as bytes, decoded as strict UTF-8 and
parsed by python's json module in its strict form: no control character in
a string, no NaN or Infinity, no duplicate key, nothing after the value.
Exit 0 when every file parses; the last line is "json: N passed, N failed".
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), ".."))
BIN = os.environ.get("SGF_BIN")
if BIN:
    BIN = os.path.abspath(BIN)
if not BIN:
    sys.exit("SGF_BIN is not set")

passed = 0
failed = 0


def no_constants(name):
    raise ValueError("non-JSON constant " + name)


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def strict_parse(data):
    text = data.decode("utf-8", errors="strict")
    return json.loads(text, parse_constant=no_constants, object_pairs_hook=no_duplicates)


def check_file(path, lines=False):
    global passed, failed
    try:
        with open(path, "rb") as f:
            data = f.read()
        if lines:
            for k, line in enumerate(data.split(b"\n")):
                if line:
                    strict_parse(line)
        else:
            strict_parse(data)
        passed += 1
    except (ValueError, UnicodeDecodeError) as e:
        failed += 1
        print(f"FAIL {path}: {e}")


def run(args, cwd):
    return subprocess.run([BIN] + args, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)


# Names that must be escaped; the bytes are written raw into the file.
NASTY = [b'quote " and backslash \\\\ end', b"ctl \x01\x1f tab\tend", b"bad \xff\xfe utf8",
         b"overlong \xc0\x80 surrogate \xed\xa0\x80", b"cut \xe2\x82", b"fine caf\xc3\xa9"]


def main():
    global failed
    tmp = tempfile.mkdtemp(prefix="sgf-json-")
    try:
        scen = sorted(glob.glob(os.path.join(SRC, "tests/fuzz/corpus/scenario/*.cfg")) +
                      glob.glob(os.path.join(SRC, "tests/fuzz/regress/scenario/*")))
        # the fuzz data directory holds the includes and extends targets
        data = os.path.join(tmp, "data")
        shutil.copytree(os.path.join(SRC, "tests/fuzz/data"), data)
        ran = 0
        nasty_ran = 0
        sweeps_ran = 0
        for k, path in enumerate(scen):
            with open(path, "rb") as f:
                body = f.read()
            variants = [[]]
            if os.path.basename(path) in ("default.cfg", "everything.cfg"):
                for n in NASTY:
                    variants.append(["--set", b"name=" + n])
                    variants.append(["--set", b"firm.name=" + n])
            cfg = os.path.join(data, f"case_{k}.cfg")
            with open(cfg, "wb") as f:
                f.write(body)
            for v, extra in enumerate(variants):
                out = os.path.join(tmp, f"run_{k}_{v}")
                r = run(["run", cfg, "--ticks", "12", "--out", out, "--quiet"] + extra, data)
                if r.returncode == 0:
                    ran += 1
                    nasty_ran += 1 if extra else 0
                    check_file(os.path.join(out, "manifest.json"))
                    if os.path.exists(os.path.join(out, "network.jsonl")):
                        check_file(os.path.join(out, "network.jsonl"), lines=True)
                elif r.returncode == 2:
                    if os.path.exists(out):
                        failed += 1
                        print(f"FAIL {cfg}: exit 2 but {out} exists")
                else:
                    failed += 1
                    print(f"FAIL {cfg} {extra}: exit {r.returncode}: "
                          f"{r.stderr.decode(errors='replace')}")
        sweeps = sorted(glob.glob(os.path.join(SRC, "tests/fuzz/corpus/sweep/*.cfg")))
        for k, path in enumerate(sweeps):
            with open(path, "rb") as f:
                body = f.read()
            variants = [body]
            for n in NASTY:
                lit = b'name = "' + n.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'";'
                named = re.sub(rb"(?m)^name\s*=.*;[ \t]*$", lambda m: lit, body, count=1)
                variants.append(named if named != body else lit + b"\n" + body)
            for v, text in enumerate(variants):
                cfg = os.path.join(data, f"sweep_{k}_{v}.cfg")  # its base is in data/
                with open(cfg, "wb") as f:
                    f.write(text)
                out = os.path.join(tmp, f"sweep_{k}_{v}")
                r = run(["sweep", cfg, "--ticks", "4", "--out", out, "--quiet", "-j", "2"], data)
                if r.returncode == 0:
                    ran += 1
                    sweeps_ran += 1
                    check_file(os.path.join(out, "sweep.json"))
                elif r.returncode != 2:
                    failed += 1
                    print(f"FAIL {cfg}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
        print(f"{ran} runs and sweeps wrote JSON ({nasty_ran} runs with escaped names, "
              f"{sweeps_ran} sweeps)")
        if sweeps_ran < 2:
            failed += 1
            print(f"FAIL only {sweeps_ran} sweeps ran")
        if ran < 5:
            failed += 1
            print(f"FAIL only {ran} inputs ran: the corpus is not where it should be")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"json: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
