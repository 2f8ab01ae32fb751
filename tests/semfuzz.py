#!/usr/bin/env python3
"""semfuzz.py: semantic fuzzing of sgf: random valid-looking scenarios over
every setting of the schema, each run for a bounded time under --check.

    python3 tests/semfuzz.py --bin build-asan/sgf [--seed S] [--count N]
                             [--weeks W] [--jobs J] [--timeout T] [--keep DIR]
    python3 tests/semfuzz.py --bin build-asan/sgf --seed S --replay I

The settings come from `sgf help settings`, which is generated from the
schema table (sim/io/scenario_schema.c), so a setting added there is fuzzed
without touching this file. Each case extends scenarios/default.cfg and
changes a random share of all settings (from a few to every one) to values
at the ends of their ranges, just inside them, at random within them, at
typical values and in mixes; it adds markets, partners, populations and
events (every kind, overlapping, nested, back to back, at random or fixed
ticks) in lists of random length. Case I of seed S is a pure function of
(S, I): `--replay I` writes it again and prints the command.

Each case runs `sgf run CASE.cfg --check --ticks W` (default 104 weeks) with
a timeout. Outcomes:
  ok        exit 0, every file written
  rejected  exit 2 with a message (the loader or validator said no)
  stopped   exit 1 with the documented runtime stop: --check's broken
            invariant or the NaN guard (docs/robustness.md, Known limits)
  FAILED    anything else: a crash, a sanitizer report, a hang (timeout),
            exit 2 or 1 without a message, another exit status
Known open classes (KNOWN below, each with the issue it belongs to) are
reported as "known" and do not fail the batch; everything else does.

The seed is printed first; without --seed it comes from /dev/urandom (it is
a test input, not a model seed). Every failure prints its reproducer and
the case file is kept in --keep (default: semfuzz-failures/ in the working
directory). The last line is "semfuzz: N passed, N failed".
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)

# Open classes owned elsewhere: (name, regex on the outcome, regex on the case
# file, where it is tracked). A failure matching both is reported as "known",
# not failed. Keep this list short; remove an entry when its fix is on main.
KNOWN = []


# ---- the schema, from `sgf help settings` -----------------------------------------


class Setting:
    def __init__(self, path, kind, default, lo, hi, choices, size):
        self.path, self.kind, self.default = path, kind, default
        self.lo, self.hi, self.choices, self.size = lo, hi, choices, size

    def __repr__(self):
        return f"Setting({self.path}, {self.kind})"


def parse_range(text):
    """(lo, hi, choices) from the text after 'range '."""
    text = text.strip()
    m = re.match(r"\[(\S+), (\S+)\]", text)
    if m:
        def num(s):
            if s == "2^64-1":
                return 2**64 - 1
            return float(s)
        return num(m.group(1)), num(m.group(2)), None
    m = re.match(r">= (\S+)", text)
    if m:
        return float(m.group(1)), math.inf, None
    m = re.match(r"<= (\S+)", text)
    if m:
        return -math.inf, float(m.group(1)), None
    if text.startswith("any value"):
        return -math.inf, math.inf, None
    return None, None, [c.strip() for c in text.split(",") if c.strip()]


def load_schema(binary):
    out = subprocess.run([binary, "help", "settings"], stdout=subprocess.PIPE, check=True,
                         timeout=60).stdout.decode()
    settings = []
    for line in out.splitlines():
        m = re.match(r"^  ([a-z_][^:\s]*): (.*)$", line)
        if not m:
            continue
        path, rest = m.group(1), m.group(2)
        if rest.startswith("group") or rest.startswith("list of groups"):
            continue
        parts = re.split(r", (?=default |range |unit )", rest)
        head = parts[0]
        fields = {p.split(" ", 1)[0]: p.split(" ", 1)[1] if " " in p else "" for p in parts[1:]}
        default = fields.get("default", "")
        lo, hi, choices = parse_range(fields["range"]) if "range" in fields else (None, None, None)
        size = None
        if head.startswith("string"):
            kind = "string"
            m2 = re.search(r"up to (\d+)", head)
            size = int(m2.group(1)) if m2 else 47
        elif head.startswith("integer (64-bit"):
            kind = "u64"
        elif head.startswith("integer"):
            kind = "int"
        elif head.startswith("number"):
            kind = "number"
        elif head.startswith("boolean"):
            kind = "bool"
        elif head.startswith("distribution"):
            kind = "dist"
        elif head.startswith("list of up to"):
            kind = "strlist"
            m2 = re.search(r"up to (\d+)", head)
            size = int(m2.group(1)) if m2 else 8
        elif head.endswith(" name"):
            kind = "enum"
        else:
            raise SystemExit(f"semfuzz: cannot read the type of {path}: '{head}'")
        settings.append(Setting(path, kind, default, lo, hi, choices, size))
    if len(settings) < 100:
        raise SystemExit(f"semfuzz: only {len(settings)} settings in `sgf help settings`")
    return settings


def default_def(binary, work):
    """The resolved default scenario (the manifest's parameters)."""
    out = os.path.join(work, "default-run")
    subprocess.run([binary, "run", "--ticks", "1", "--out", out, "--quiet", "--force"],
                   check=True, timeout=120, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        d = json.load(f)["parameters"]
    shutil.rmtree(out, ignore_errors=True)
    return d


# ---- values ---------------------------------------------------------------------------

LIMIT = 1e12  # the most a scenario number may be in magnitude


def pick_number(r, s, integer=False):
    lo, hi = s.lo, s.hi
    try:
        dflt = float(s.default)
    except ValueError:
        dflt = 0.0
    lo_f = max(lo, -LIMIT) if lo is not None else -LIMIT
    hi_f = min(hi, LIMIT) if hi is not None else LIMIT
    style = r.random()
    if style < 0.3:  # typical: around the default
        x = dflt * r.choice([0, 0.5, 0.9, 1, 1.1, 2, 3]) + r.choice([0, 0, 0.01, -0.01])
    elif style < 0.5:  # the ends
        x = r.choice([lo_f, hi_f])
    elif style < 0.6:  # just inside the ends
        span = hi_f - lo_f
        x = r.choice([lo_f + span * 1e-9, hi_f - span * 1e-9])
    elif style < 0.8:  # uniform inside (log-uniform for open ranges)
        if hi_f - lo_f <= 1e4:
            x = r.uniform(lo_f, hi_f)
        else:
            mag = 10 ** r.uniform(-6, 12)
            x = lo_f + mag if lo_f > -LIMIT else r.choice([-1, 1]) * mag
    else:  # small and odd numbers
        x = r.choice([0, 1e-300, 5e-324, 1e-9, 0.5, 1, 2, 7, 1e6, -1, -0.0])
    x = min(max(x, lo_f), hi_f)
    if integer:
        x = int(round(x))
    return x


def fmt_float(x):
    t = repr(float(x))
    if t in ("inf", "-inf", "nan"):
        t = "0.0"
    if "e" not in t and "." not in t:
        t += ".0"
    return t


def pick_int(r, s, weeks):
    lo = int(s.lo) if s.lo is not None and s.lo > -math.inf else -1000
    hi = int(s.hi) if s.hi is not None and s.hi < math.inf else 10**6
    name = s.path.rsplit(".", 1)[-1]
    # Sizes and times scaled to a bounded run: counts of partners and ticks
    # near the run's length, with the range's top now and then.
    if name in ("count", "members"):
        return r.choice([lo, lo, min(hi, lo + 1), r.randint(lo, min(hi, 300)),
                         r.randint(lo, min(hi, 3000))])
    if name == "ticks":
        return weeks
    if hi - lo > 2 * weeks and any(k in name for k in ("tick", "week", "window", "duration",
                                                       "every", "delay", "age", "horizon")):
        return r.choice([lo, lo, min(hi, lo + 1), r.randint(lo, min(hi, weeks + 5)),
                         r.randint(max(lo, 0), min(hi, weeks // 2 + 1)),
                         hi if r.random() < 0.1 else lo])
    style = r.random()
    if style < 0.35:
        return r.choice([lo, hi])
    if style < 0.5:
        return r.choice([min(hi, lo + 1), max(lo, hi - 1)])
    if hi - lo > 10**5:
        return r.choice([r.randint(lo, lo + 100), r.randint(lo, hi)])
    return r.randint(lo, hi)


def pick_dist(r, s):
    lo = s.lo if s.lo is not None and s.lo > -math.inf else -100.0
    hi = s.hi if s.hi is not None and s.hi < math.inf else lo + 1000.0
    a, b = sorted([r.uniform(lo, hi), r.uniform(lo, hi)])
    kind = r.choice(["number", "const", "uniform", "normal", "lognormal", "beta", "triangular"])
    if kind == "number":
        return fmt_float(r.choice([lo, hi, a]))
    if kind == "const":
        return f'"const({a:.6g})"'
    if kind == "uniform":
        return f'"uniform({a:.6g},{b:.6g})"'
    if kind == "normal":
        return f'"normal({a:.6g},{r.choice([0.0, 0.01, (hi - lo) / 6, (hi - lo)]):.6g})"'
    if kind == "lognormal":  # median exp(mu) inside the range
        mu = math.log(r.uniform(max(lo, 1e-6), max(hi, 2e-6))) if hi > 0 else 0.0
        return f'"lognormal({mu:.6g},{r.uniform(0, 1.5):.6g})"'
    if kind == "beta" and lo <= 0 and hi >= 1:
        return f'"beta({r.choice([0.01, 0.5, 1, 2, 50, 1000]):.6g},' \
               f'{r.choice([0.01, 0.5, 1, 2, 50, 1000]):.6g})"'
    if kind == "beta":
        return fmt_float(a)
    c = r.uniform(a, b) if b > a else a
    return f'"triangular({a:.6g},{b:.6g},{c:.6g})"'


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pick_name(r, size):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_."
    n = r.choice([1, 3, 8, 20, size])
    return "".join(r.choice(alphabet) for _ in range(n)).strip() or "x"


class Ctx:
    """What a case knows while it is being drawn: names to refer to."""

    def __init__(self, base, weeks):
        self.weeks = weeks
        self.isos = [m["iso"] for m in base["markets"]]
        self.home = base["firm"]["home_iso"]
        self.partners = [p["name"] for p in base["partners"]]
        self.populations = [p["name"] for p in base["populations"]]
        self.events = [e["name"] for e in base["events"]]
        self.roles = []
        self.incentives = []
        self.management = []


def value_for(r, s, ctx, element=None):
    """A libconfig value text for setting s."""
    leaf = s.path.rsplit(".", 1)[-1]
    if s.kind == "number":
        x = pick_number(r, s)
        # whole numbers written as integers too: the loader must read both
        if float(x).is_integer() and abs(x) < 2**31 and r.random() < 0.3:
            return str(int(x))
        return fmt_float(x)
    if s.kind == "int":
        return str(pick_int(r, s, ctx.weeks))
    if s.kind == "u64":
        return quote(str(r.choice([0, 1, 2**31 - 1, 2**32, 2**63 - 1, 2**64 - 1,
                                   r.getrandbits(64)])))
    if s.kind == "bool":
        return r.choice(["true", "false"])
    if s.kind == "enum":
        return quote(r.choice(s.choices))
    if s.kind == "dist":
        return pick_dist(r, s)
    if s.kind == "strlist":
        k = r.choice([0, 1, 2, 5, min(len(ctx.isos), s.size)])
        return "[" + ", ".join(quote(i) for i in r.sample(ctx.isos, min(k, len(ctx.isos)))) + "]"
    if s.kind == "string":
        if leaf == "home_iso":  # the home market is fixed by the base; now and then another
            return quote(r.choice(ctx.isos) if r.random() < 0.2 else ctx.home)
        if leaf == "market_iso" or leaf.endswith("_iso"):
            return quote(r.choice(ctx.isos))
        if leaf == "target_name" and element is not None:
            target = element.get("target", '"firm"').strip('"')
            pool = {"partner": ctx.partners, "role": ctx.roles, "market": ctx.isos}.get(target, [""])
            if r.random() < 0.9 and pool:
                return quote(r.choice(pool))
        if leaf == "setting" and element is not None:
            kind = element.get("kind", "").strip('"')
            pool = ctx.incentives if kind == '"incentive_change"'.strip('"') else ctx.management
            if r.random() < 0.9 and pool:
                return quote(r.choice(pool))
        return quote(pick_name(r, s.size))
    raise AssertionError(s.kind)


# ---- a case ----------------------------------------------------------------------------

# Targets each event kind takes (sim/io/scenario.c checks them); a tenth of
# the events draw any target, to be refused.
SENSIBLE_TARGETS = {
    "md_change": ["firm"], "labour_cost_change": ["market"], "tariff_change": ["market"],
    "market_opening": ["market"], "partner_exit": ["partner", "role", "market"],
    "key_person_change": ["partner", "role", "market"],
    "capacity_loss": ["partner", "role", "market"],
}

MODES = ["influencing", "monitoring", "coordinating", "integrating", "attention_hours_per_week"]

LISTS = {"markets": "iso", "partners": "name", "populations": "name", "events": "name"}


def split_path(path):
    """('markets', 'demand_units_per_week') for markets.<iso>.demand_units_per_week;
    (None, 'firm.capabilities.x') for a group setting."""
    parts = path.split(".")
    if parts[0] in LISTS and len(parts) >= 3 and parts[1].startswith("<"):
        return parts[0], ".".join(parts[2:])
    return None, path


def put(tree, dotted, value):
    keys = dotted.split(".")
    for k in keys[:-1]:
        tree = tree.setdefault(k, {})
    tree[keys[-1]] = value


def render(tree, indent=0):
    pad = "  " * indent
    out = []
    for k, v in tree.items():
        if isinstance(v, dict):
            out.append(f"{pad}{k} = {{\n{render(v, indent + 1)}{pad}}};\n")
        elif isinstance(v, list):
            items = ",\n".join(f"{pad}  {{ " + " ".join(render_inline(e)) + " }" for e in v)
            out.append(f"{pad}{k} = (\n{items}\n{pad});\n")
        else:
            out.append(f"{pad}{k} = {v};\n")
    return "".join(out)


def render_inline(element):
    for k, v in element.items():
        if isinstance(v, dict):
            yield f"{k} = {{ " + " ".join(render_inline(v)) + " };"
        else:
            yield f"{k} = {v};"


def make_case(seed, index, settings, base, weeks, default_cfg):
    r = random.Random(f"sgf-semfuzz {seed} {index}")
    ctx = Ctx(base, weeks)
    by_list = {name: [] for name in LISTS}
    scalars = []
    for s in settings:
        lst, rest = split_path(s.path)
        (by_list[lst] if lst else scalars).append((rest, s))
        if s.path == "partners.<name>.role":
            ctx.roles = list(s.choices)
        if s.path.startswith("firm.incentives."):
            ctx.incentives.append(s.path.split(".", 2)[2])
        if s.path.startswith("firm.management.") and s.path.count(".") == 2:
            ctx.management.append(s.path.split(".", 2)[2])
    # How much of the schema to change: a few settings, a share, or all.
    share = r.choice([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 1.0])
    tree = {}
    for rest, s in scalars:
        if rest in ("ticks", "check", "extends"):
            continue
        if r.random() < share:
            put(tree, rest, value_for(r, s, ctx))
    lists = {}

    # markets: change existing ones, add new ones
    elems = []
    for iso in r.sample(ctx.isos, r.choice([0, 1, 3, 10])):
        e = {"iso": quote(iso)}
        for rest, s in by_list["markets"]:
            if rest == "home" and r.random() < 0.9:
                continue  # one home market, as the base has it; now and then another
            if rest != "iso" and r.random() < max(share, 0.1):
                put(e, rest, value_for(r, s, ctx, e))
        elems.append(e)
    for k in range(r.choice([0, 0, 1, 3])):
        iso = f"Q{chr(65 + k)}{r.randint(0, 9)}"
        e = {"iso": quote(iso), "name": quote(f"Fuzzland {k}"),
             "lat": fmt_float(r.uniform(-90, 90)), "lon": fmt_float(r.uniform(-180, 180))}
        for rest, s in by_list["markets"]:
            if rest == "home" and r.random() < 0.9:
                continue
            if rest not in e and r.random() < share:
                put(e, rest, value_for(r, s, ctx, e))
        elems.append(e)
        ctx.isos.append(iso)
    if elems:
        lists["markets"] = elems

    # partners and populations: new ones, and changes to existing ones
    for lst, existing, fresh in (("partners", ctx.partners, "fuzz partner"),
                                 ("populations", ctx.populations, "fuzz population")):
        elems = []
        for name in r.sample(existing, r.choice([0, 1, len(existing)])):
            e = {"name": quote(name)}
            for rest, s in by_list[lst]:
                if rest != "name" and r.random() < max(share, 0.1):
                    put(e, rest, value_for(r, s, ctx, e))
            elems.append(e)
        for k in range(r.choice([0, 1, 2, 5, 12])):
            name = f"{fresh} {k}"
            e = {"name": quote(name), "market_iso": quote(r.choice(ctx.isos))} \
                if lst == "partners" else {"name": quote(name)}
            for rest, s in by_list[lst]:
                if rest not in e and r.random() < max(share, 0.15):
                    put(e, rest, value_for(r, s, ctx, e))
            if lst == "populations" and "count" not in e:
                e["count"] = str(r.randint(0, 50))
            elems.append(e)
            (ctx.partners if lst == "partners" else ctx.populations).append(name)
        for e in elems:  # mostly a size mix that adds up, now and then one that does not
            if ("share_small" in e or "share_large" in e) and r.random() < 0.9:
                small = float(e.get("share_small", 0.8))
                if small + float(e.get("share_large", 0.2)) > 1:
                    e["share_small"] = fmt_float(small)
                    e["share_large"] = fmt_float(max(0.0, 1 - small))
        if elems:
            lists[lst] = elems

    # events: every kind, overlapping, nested and back to back
    kinds = next(s.choices for s in settings if s.path == "events.<name>.kind")
    targets = next(s.choices for s in settings if s.path == "events.<name>.target")
    elems = []
    n_events = r.choice([0, 1, 3, 8, 20])
    anchor = r.randint(0, weeks)
    for k in range(n_events):
        kind = r.choice(kinds)
        e = {"name": quote(f"fuzz event {k}"), "kind": quote(kind)}
        # overlapping: many events near one anchor; nested and back to back
        # through durations that end where others start
        pattern = r.random()
        if pattern < 0.4:
            at = max(-1, min(weeks, anchor + r.randint(-3, 3)))
        elif pattern < 0.6:
            at = -1
        else:
            at = r.randint(-1, weeks + 5)
        e["at_tick"] = str(at)
        e["target"] = quote(r.choice(targets) if r.random() < 0.03 else
                            r.choice(SENSIBLE_TARGETS.get(kind, targets)))
        target = e["target"].strip('"')
        pool = {"partner": ctx.partners, "role": ctx.roles, "market": ctx.isos}.get(target)
        if pool and r.random() < 0.98:
            e["target_name"] = quote(r.choice(pool))
        if kind == "incentive_change" and r.random() < 0.98:
            e["setting"] = quote(r.choice(ctx.incentives))
        if kind == "mode_change" and r.random() < 0.98:
            e["setting"] = quote(r.choice(MODES))
        if r.random() < 0.7:
            e["duration_weeks"] = str(r.choice([0, 1, 2, 5, weeks, anchor + 4 - max(at, 0)]
                                               if anchor + 4 - max(at, 0) >= 0 else [0, 1, 5]))
        for rest, s in by_list["events"]:
            if rest not in e and r.random() < max(share, 0.3):
                put(e, rest, value_for(r, s, ctx, e))
        elems.append(e)
    if elems:
        lists["events"] = elems

    text = [f"# semfuzz case {index} of seed {seed}: python3 tests/semfuzz.py --seed {seed} "
            f"--replay {index}\n",
            f"extends = {quote(default_cfg)};\n", render(tree)]
    for name in ("markets", "partners", "populations", "events"):
        if name in lists:
            text.append(render({name: lists[name]}))
    return "".join(text)


# ---- running ----------------------------------------------------------------------------

SANITIZER = re.compile(r"runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer")
STOPPED = re.compile(r"(invariant|is NaN: the scenario drives the model out of its valid range|"
                     r"out of memory)")


def run_case(binary, cfg, weeks, timeout, work):
    out = cfg[:-4] + ".out"
    cmd = [binary, "run", cfg, "--check", "--ticks", str(weeks), "--out", out, "--quiet"]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:abort_on_error=1")
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                           env=env, cwd=work)
        rc, err = p.returncode, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        rc, err = None, (e.stderr or b"").decode(errors="replace")
    shutil.rmtree(out, ignore_errors=True)
    if rc is None:
        return "FAILED", f"hang: no exit within {timeout} s"
    if SANITIZER.search(err):
        return "FAILED", f"sanitizer report (exit {rc}): " + err.strip()[-600:]
    first = err.strip().splitlines()[0] if err.strip() else ""
    if rc == 0:
        return "ok", ""
    if rc == 2:
        if first.startswith("sgf"):
            return "rejected", first
        return "FAILED", "exit 2 without a message"
    if rc == 1 and STOPPED.search(err):
        return "stopped", first
    if rc < 0:
        return "FAILED", f"killed by signal {-rc}: " + err.strip()[-600:]
    return "FAILED", f"exit {rc}: " + err.strip()[-600:]


def known_class(detail, case_text):
    for name, outcome, case, where in KNOWN:
        if re.search(outcome, detail) and re.search(case, case_text):
            return f"{name} ({where})"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.environ.get("SGF_BIN", os.path.join(SRC, "build-asan/sgf")))
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--first", type=int, default=0, help="index of the first case")
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--keep", default="semfuzz-failures")
    ap.add_argument("--budget", type=float, default=0,
                    help="seconds: start no case after this long (0: no limit); for CI")
    ap.add_argument("--replay", type=int, help="write case I of --seed and print its command")
    ap.add_argument("--summary", help="also write the counts and findings as JSON here")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        print(f"semfuzz: no sgf binary at {binary}")
        print("semfuzz: 0 passed, 1 failed")
        return 1
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(6), "little")
    print(f"semfuzz: seed {seed} (from {'--seed' if a.seed is not None else '/dev/urandom'}), "
          f"{a.count} cases from {a.first}, {a.weeks} weeks each, -j {a.jobs}, "
          f"timeout {a.timeout:g} s, {binary}", flush=True)
    work = tempfile.mkdtemp(prefix="sgf-semfuzz-")
    default_cfg = os.path.join(SRC, "scenarios", "default.cfg")
    try:
        settings = load_schema(binary)
        base = default_def(binary, work)
        if a.replay is not None:
            text = make_case(seed, a.replay, settings, base, a.weeks, default_cfg)
            os.makedirs(a.keep, exist_ok=True)
            path = os.path.abspath(os.path.join(a.keep, f"case-{seed}-{a.replay}.cfg"))
            with open(path, "w") as f:
                f.write(text)
            print(f"semfuzz: wrote {path}\n  {shlex.quote(binary)} run {shlex.quote(path)} "
                  f"--check --ticks {a.weeks} --out /tmp/semfuzz-replay --force")
            return 0
        print(f"semfuzz: {len(settings)} settings from `sgf help settings`", flush=True)
        counts = {"ok": 0, "rejected": 0, "stopped": 0, "known": 0, "FAILED": 0, "skipped": 0}
        deadline = time.monotonic() + a.budget if a.budget > 0 else None
        findings = []
        messages = {}

        def one(i):
            if deadline is not None and time.monotonic() > deadline:
                return i, None, None, "skipped", ""
            text = make_case(seed, i, settings, base, a.weeks, default_cfg)
            cfg = os.path.join(work, f"case-{i}.cfg")
            with open(cfg, "w") as f:
                f.write(text)
            outcome, detail = run_case(binary, cfg, a.weeks, a.timeout, work)
            return i, cfg, text, outcome, detail

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            for i, cfg, text, outcome, detail in pool.map(one, range(a.first,
                                                                     a.first + a.count)):
                if outcome in ("FAILED", "stopped", "rejected"):
                    key = re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "N",
                                 re.sub(r"^sgf: [^:]*:\d+: ", "", detail))[:140]
                    messages.setdefault((outcome, key), []).append(i)
                if outcome == "FAILED":
                    k = known_class(detail, text)
                    if k:
                        outcome = "known"
                        detail = f"[known: {k}] {detail}"
                    else:
                        os.makedirs(a.keep, exist_ok=True)
                        kept = os.path.abspath(os.path.join(a.keep, f"case-{seed}-{i}.cfg"))
                        with open(kept, "w") as f:
                            f.write(text)
                        print(f"FAIL case {i}: {detail}\n  reproduce: {shlex.quote(binary)} run "
                              f"{shlex.quote(kept)} --check --ticks {a.weeks} --out "
                              f"/tmp/semfuzz-repro --force\n  or: python3 tests/semfuzz.py "
                              f"--seed {seed} --replay {i}", flush=True)
                    findings.append({"case": i, "outcome": outcome, "detail": detail})
                counts[outcome] += 1
        print("semfuzz: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        for (outcome, key), cases in sorted(messages.items(), key=lambda kv: -len(kv[1]))[:15]:
            print(f"  {len(cases):5d} {outcome:8s} {key}  (e.g. case {cases[0]})")
        if a.summary:
            with open(a.summary, "w") as f:
                json.dump({"seed": seed, "count": a.count, "first": a.first, "weeks": a.weeks,
                           "counts": counts, "findings": findings,
                           "messages": [{"outcome": o, "message": k, "cases": c}
                                        for (o, k), c in messages.items()]}, f, indent=1)
        failed = counts["FAILED"]
        ran = a.count - counts["skipped"]
        if counts["skipped"]:
            print(f"semfuzz: the {a.budget:g} s budget ran out: {counts['skipped']} cases not run")
        if ran == 0:
            print("semfuzz: no case ran")
            failed += 1
        print(f"semfuzz: {ran - counts['FAILED']} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
