#!/usr/bin/env python3
"""The model's numbers in the documents, from the model.

Every figure about model results in docs/scenarios.md, in the headers of
scenarios/*.cfg and in docs/VALIDATION.md's full run comes from a command
this script runs (`sgf compare ... --csv`, `sgf validate`). The script writes
them into the text between marker comments:

    <!-- docs_numbers:ID -->          (Markdown)        # docs_numbers:ID   (cfg)
    ... generated, do not edit ...                      # ...
    <!-- /docs_numbers:ID -->                           # /docs_numbers:ID

and keeps the raw numbers in docs/numbers.json.

    python3 scripts/docs_numbers.py [--sgf BIN]            rerun, rewrite (20 replications)
    python3 scripts/docs_numbers.py --validate [--sgf BIN] also the `sgf validate` run
                                                           (several minutes)
    python3 scripts/docs_numbers.py --check [--reps N]     the CTest check (docs_numbers)

--check changes nothing. It fails (exit 1) when a marked block is not what
docs/numbers.json renders to (someone edited a generated table, or the json
and the text disagree), when numbers.json was made by other commands than
this script's, or when a documented figure (its mean and 95 % interval) lies
wholly outside the 95 % interval of a fresh run of the same command at N
replications (default 4: the first N of the documented runs, under common
random numbers, so the check is deterministic). The documented mean alone
would fall outside a 4-run interval for a few of the ~150 figures by chance;
whole intervals apart do not happen by chance here. A model change that moves
a result past its noise therefore fails the check until the documents are
regenerated. `sgf validate`'s block is checked against numbers.json only (it
takes minutes); rerun it with --validate.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JSON = os.path.join(ROOT, "docs", "numbers.json")


def set_root(root):
    """Work on another copy of the tree (the test's perturbed copies)."""
    global ROOT, JSON
    ROOT = os.path.abspath(root)
    JSON = os.path.join(ROOT, "docs", "numbers.json")
REPS = 20

# ---- the experiments ------------------------------------------------------------------

# Each: the scenarios (the first is the base of the differences) and the
# summary metrics, run as `sgf compare S... --reps N --metrics M,...`.
EXPERIMENTS = {
    "cases": {
        "scenarios": ["delta.cfg", "alpha.cfg", "beta.cfg", "gamma.cfg", "solvtech.cfg",
                      "firm_a_poi.cfg", "amc_survey.cfg"],
        "metrics": ["revenue_total_eur", "profit_total_eur", "international_share_last_year",
                    "partners_final", "markets_entered", "failed"],
        "caption": "The cases, each over its own length of run (firm_a_poi.cfg: 2001-2008); "
                   "differences against delta.cfg",
    },
    "beta": {
        "scenarios": ["beta.cfg", "beta_managed.cfg"],
        "metrics": ["revenue_total_eur", "final_cash_eur", "partners_final", "mean_commitment",
                    "mean_trust", "failed"],
        "caption": "Beta with and without managing its net",
    },
    "shocks": {
        "scenarios": ["delta.cfg", "delta_supplier_defects.cfg", "delta_key_person_leaves.cfg",
                      "delta_technology_shift.cfg", "delta_cn_labour_cost.cfg",
                      "delta_demand_collapse.cfg", "delta_new_md.cfg", "delta_neglect.cfg"],
        "metrics": ["revenue_total_eur", "profit_total_eur", "mean_fill_rate", "partners_final",
                    "mean_commitment", "mean_trust", "markets_entered", "failed"],
        "caption": "Shocks and policies, each against delta.cfg",
    },
    "governance": {
        "scenarios": ["delta.cfg", "delta_integrated.cfg", "delta_micromultinational.cfg"],
        "metrics": ["revenue_total_eur", "profit_total_eur", "partners_final", "failed",
                    "failed_tick"],
        "caption": "Governance forms against delta.cfg",
    },
    "epg": {
        "scenarios": ["epg_market.cfg", "epg_customer.cfg", "epg_system.cfg"],
        "metrics": ["epg_deals", "weeks_to_first_epg_deal", "revenue_total_eur", "failed"],
        "caption": "Export partner groups by focus, against the market focus",
    },
    "beer": {
        "scenarios": ["beer_game.cfg", "beer_game.cfg"],
        "metrics": ["bullwhip", "bullwhip_2", "bullwhip_3", "bullwhip_4"],
        "caption": "Beer Game docking: the bullwhip ratio of each echelon",
        "single": True,
    },
}

# Where each block goes: (file, block id, renderer, experiment, options).
BLOCKS = [
    ("docs/scenarios.md", "cases", "md_table", "cases", {}),
    ("docs/scenarios.md", "beta", "md_table", "beta", {}),
    ("docs/scenarios.md", "shocks", "md_table", "shocks", {}),
    ("docs/scenarios.md", "governance", "md_table", "governance", {}),
    ("docs/scenarios.md", "epg", "md_table", "epg", {}),
    ("docs/scenarios.md", "beer", "md_table", "beer", {}),
    ("scenarios/default.cfg", "default", "cfg_lines", "shocks", {"row": "delta.cfg"}),
    ("scenarios/delta.cfg", "delta", "cfg_lines", "shocks", {"row": "delta.cfg"}),
    ("scenarios/solvtech.cfg", "solvtech", "cfg_lines", "cases", {"row": "solvtech.cfg"}),
    ("scenarios/beta.cfg", "beta", "cfg_lines", "beta", {"row": "beta.cfg"}),
    ("scenarios/beta_managed.cfg", "beta_managed", "cfg_lines", "beta",
     {"row": "beta_managed.cfg"}),
    ("scenarios/delta_technology_shift.cfg", "delta_technology_shift", "cfg_lines", "shocks",
     {"row": "delta_technology_shift.cfg"}),
    ("scenarios/delta_neglect.cfg", "delta_neglect", "cfg_lines", "shocks",
     {"row": "delta_neglect.cfg"}),
    ("scenarios/delta_integrated.cfg", "delta_integrated", "cfg_lines", "governance",
     {"row": "delta_integrated.cfg"}),
    ("scenarios/epg_market.cfg", "epg_market", "cfg_lines", "epg", {"row": "epg_market.cfg"}),
]

NEVER = {"failed_tick", "weeks_to_first_foreign_sale", "weeks_to_first_epg_deal"}


# ---- running --------------------------------------------------------------------------

def run_compare(sgf, exp, reps):
    with tempfile.TemporaryDirectory(prefix="sgf-docs-numbers-") as tmp:
        out = os.path.join(tmp, "c.csv")
        cmd = [sgf, "compare"] + [os.path.join(ROOT, "scenarios", s) for s in exp["scenarios"]]
        cmd += ["--reps", str(reps), "--metrics", ",".join(exp["metrics"]), "--csv", out,
                "--quiet"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("docs_numbers: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    table = {}
    order = []
    for i, row in enumerate(rows):
        scen = os.path.basename(row["scenario"])
        # a scenario listed twice (beer) keeps its first row
        key = (row["metric"], scen)
        if key in table:
            continue
        def num(k):
            v = row.get(k, "")
            return float(v) if v not in ("", None) else None
        table[key] = {"n": int(row["n"]), "runs": int(row["runs"]), "mean": num("mean"),
                      "lo": num("ci_low"), "hi": num("ci_high"), "diff": num("diff_mean"),
                      "diff_lo": num("diff_ci_low"), "diff_hi": num("diff_ci_high")}
        if scen not in order:
            order.append(scen)
    return {"scenarios": order, "metrics": exp["metrics"], "reps": reps,
            "values": {"%s|%s" % k: v for k, v in table.items()}}


def command_line(name):
    exp = EXPERIMENTS[name]
    scen = " ".join("scenarios/" + s for s in dict.fromkeys(exp["scenarios"]))
    if exp.get("single"):
        scen = "scenarios/%s scenarios/%s" % (exp["scenarios"][0], exp["scenarios"][0])
    return "sgf compare %s --reps %d --metrics %s" % (scen, REPS, ",".join(exp["metrics"]))


# ---- formatting -----------------------------------------------------------------------

def unit_of(metric):
    if metric.endswith("_eur"):
        return "EUR"
    if metric == "failed":
        return "0/1"
    return ""


def digits(x, sig=3):
    if x == 0 or x is None:
        return 1
    return max(0, min(3, sig - 1 - int(math.floor(math.log10(abs(x))))))


def fmt(metric, v, sign=False, dec=None):
    if v is None:
        return "n/a"
    if unit_of(metric) == "EUR":
        s = "%+.1f" % (v / 1e6) if sign else "%.1f" % (v / 1e6)
    else:
        d = dec if dec is not None else digits(v)
        s = ("%+." if sign else "%.") + str(d) + "f"
        s = s % v
    if sign and re.fullmatch(r"[+-]0\.?0*", s):
        s = s[1:]
    return s.replace("-", "\u2212")


def cell(metric, v, base=False):
    """One scenario's value of a metric, with its difference against the base."""
    if v is None:
        return "n/a"
    n, runs = v["n"], v["runs"]
    if metric == "failed":
        k = int(round(v["mean"] * n)) if v["mean"] is not None else 0
        txt = "%d of %d [%.0f, %.0f] %%" % (k, n, 100 * v["lo"], 100 * v["hi"])
    elif metric in NEVER:
        if n == 0:
            return "never (0 of %d)" % runs
        dec = 1
        txt = "%s [%s, %s], %d of %d" % (fmt(metric, v["mean"], dec=dec),
                                         fmt(metric, v["lo"], dec=dec),
                                         fmt(metric, v["hi"], dec=dec), n, runs)
    else:
        dec = digits(v["mean"]) if unit_of(metric) != "EUR" else None
        txt = "%s [%s, %s]" % (fmt(metric, v["mean"], dec=dec), fmt(metric, v["lo"], dec=dec),
                               fmt(metric, v["hi"], dec=dec))
    if not base and v.get("diff") is not None:
        dec = digits(v["mean"]) if unit_of(metric) != "EUR" else None
        if metric == "failed":
            d = "%+.0f [%+.0f, %+.0f] pp" % (100 * v["diff"], 100 * v["diff_lo"], 100 * v["diff_hi"])
            d = d.replace("-", "\u2212")
        else:
            d = "%s [%s, %s]" % (fmt(metric, v["diff"], True, dec), fmt(metric, v["diff_lo"], True, dec),
                                 fmt(metric, v["diff_hi"], True, dec))
        star = v["diff_lo"] is not None and (v["diff_lo"] > 0 or v["diff_hi"] < 0)
        txt += "<br>\u0394 " + d + ("" if star else " n.s.")
    return txt


def header_of(metric):
    return {"revenue_total_eur": "revenue (EUR M)", "profit_total_eur": "profit (EUR M)",
            "final_cash_eur": "cash at the end (EUR M)"}.get(metric, metric)


def md_table(name, data, opts):
    exp = EXPERIMENTS[name]
    metrics = data["metrics"]
    lines = ["%s. `%s`; commit of the run: see docs/numbers.json." % (exp["caption"], command_line(name)),
             "", "| scenario | " + " | ".join(header_of(m) for m in metrics) + " |",
             "|---|" + "---|" * len(metrics)]
    for i, scen in enumerate(data["scenarios"]):
        cells = [cell(m, data["values"].get("%s|%s" % (m, scen)), base=(i == 0 or exp.get("single")))
                 for m in metrics]
        lines.append("| `%s` | %s |" % (scen, " | ".join(cells)))
    return "\n".join(lines)


def cfg_lines(name, data, opts):
    exp = EXPERIMENTS[name]
    scen = opts["row"]
    base = data["scenarios"][0]
    out = ["Results of %s over %d replications of the master seed of %s, from"
           % (scen, data["reps"], base),
           "scripts/docs_numbers.py (experiment '%s'; docs/scenarios.md has its table):" % name,
           "mean [95 %% interval]%s:" % (", and the difference against %s" % base
                                         if scen != base else "")]
    for m in data["metrics"]:
        v = data["values"].get("%s|%s" % (m, scen))
        out.append("  %s: %s" % (header_of(m), cell(m, v, base=(scen == base)).replace("<br>", "; ")))
    return "\n".join(out)


def wrap_cfg(text):
    lines = []
    for line in text.split("\n"):
        while len(line) > 76:
            cut = line.rfind(" ", 0, 76)
            if cut <= 8:  # no space after the indent: leave the long word
                break
            lines.append(line[:cut])
            line = "      " + line[cut + 1:]
        lines.append(line)
    return "\n".join("# " + l if l else "#" for l in lines)


RENDER = {"md_table": md_table, "cfg_lines": cfg_lines}


# ---- blocks in files ------------------------------------------------------------------

def markers(path, bid):
    if path.endswith(".md"):
        return "<!-- docs_numbers:%s -->" % bid, "<!-- /docs_numbers:%s -->" % bid
    return "# docs_numbers:%s (generated; do not edit)" % bid, "# /docs_numbers:%s" % bid


def block_re(path, bid):
    a, b = markers(path, bid)
    return re.compile(re.escape(a) + r"\n(.*?)\n?" + re.escape(b), re.S)


def rendered(path, bid, renderer, exp, opts, numbers):
    body = RENDER[renderer](exp, numbers["experiments"][exp], opts)
    return wrap_cfg(body) if not path.endswith(".md") else body


def validate_block(numbers):
    v = numbers.get("validate")
    if not v:
        return None
    return "Command: `%s` (%s).\n\n```\n%s```" % (v["command"], v["note"], v["output"])


def all_blocks(numbers):
    for path, bid, renderer, exp, opts in BLOCKS:
        yield path, bid, rendered(path, bid, renderer, exp, opts, numbers)
    vb = validate_block(numbers)
    if vb is not None:
        yield "docs/VALIDATION.md", "validate", vb


def rewrite(numbers):
    texts = {}
    for path, bid, body in all_blocks(numbers):
        full = os.path.join(ROOT, path)
        text = texts.get(path) or open(full, encoding="utf-8").read()
        rx = block_re(path, bid)
        if not rx.search(text):
            sys.exit("docs_numbers: %s has no block %s (add the two marker lines: %s)"
                     % (path, bid, " / ".join(markers(path, bid))))
        a, b = markers(path, bid)
        text = rx.sub(lambda m: a + "\n" + body + "\n" + b, text, count=1)
        texts[path] = text
    for path, text in texts.items():
        with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
            f.write(text)


def git_commit():
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                       text=True)
    return r.stdout.strip() or "unknown"


# ---- check ----------------------------------------------------------------------------

def check(sgf, reps):
    with open(JSON, encoding="utf-8") as f:
        numbers = json.load(f)
    problems = []
    for name, exp in EXPERIMENTS.items():
        doc = numbers["experiments"].get(name)
        if not doc or doc["metrics"] != exp["metrics"] or doc["reps"] != REPS:
            problems.append("numbers.json: experiment %s is not this script's (rerun "
                            "scripts/docs_numbers.py)" % name)
    for path, bid, body in all_blocks(numbers):
        text = open(os.path.join(ROOT, path), encoding="utf-8").read()
        m = block_re(path, bid).search(text)
        if not m:
            problems.append("%s: block %s is missing" % (path, bid))
        elif m.group(1).rstrip("\n") != body.rstrip("\n"):
            problems.append("%s: block %s differs from what docs/numbers.json gives "
                            "(edited by hand? rerun scripts/docs_numbers.py)" % (path, bid))
    checked = 0
    for name, exp in EXPERIMENTS.items():
        doc = numbers["experiments"].get(name)
        if not doc:
            continue
        fresh = run_compare(sgf, exp, reps)
        for key, v in doc["values"].items():
            f = fresh["values"].get(key)
            if v["mean"] is None:
                continue
            if f is None or f["lo"] is None or f["hi"] is None:
                if f is not None and f["n"] == 0 and v["n"] <= v["runs"] // 4:
                    continue  # rare in the documented runs, absent in the first few
                problems.append("%s %s: documented %g, the fresh run (%d reps) has no interval"
                                % (name, key, v["mean"], reps))
                continue
            checked += 1
            lo, hi = f["lo"], f["hi"]
            dlo = v["lo"] if v["lo"] is not None else v["mean"]
            dhi = v["hi"] if v["hi"] is not None else v["mean"]
            slack = 1e-9 * max(1.0, abs(v["mean"]))
            # the documented figure (its mean and 95 % interval) against the
            # fresh interval: apart means the model has moved
            if dhi < lo - slack or dlo > hi + slack:
                problems.append("%s %s: documented %.6g [%.6g, %.6g] lies outside the fresh "
                                "%d-replication interval [%.6g, %.6g]"
                                % (name, key.replace("|", " of "), v["mean"], dlo, dhi, reps, lo,
                                   hi))
    for p in problems:
        print("FAIL " + p)
    print("docs_numbers --check: %d documented figures against fresh runs at %d replications, "
          "%d problems" % (checked, reps, len(problems)))
    if problems:
        print("To bring the documents up to date: python3 scripts/docs_numbers.py --sgf BUILD/sgf")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sgf", default=os.path.join(ROOT, "build", "sgf"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--root", help="the tree to read and write (default: this script's)")
    a = ap.parse_args()
    if a.root:
        set_root(a.root)
    if a.check:
        return check(a.sgf, a.reps)
    old = {}
    if os.path.exists(JSON):
        with open(JSON, encoding="utf-8") as f:
            old = json.load(f)
    numbers = {"generated_by": "scripts/docs_numbers.py", "commit": git_commit(),
               "replications": REPS, "experiments": {}}
    for name, exp in EXPERIMENTS.items():
        numbers["experiments"][name] = run_compare(a.sgf, exp, REPS)
        numbers["experiments"][name]["command"] = command_line(name)
    if a.validate:
        cmd = [a.sgf, "validate", "-j", "2"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("docs_numbers: sgf validate: exit %d\n%s" % (r.returncode, r.stderr))
        numbers["validate"] = {"command": "sgf validate -j 2",
                               "note": "run by scripts/docs_numbers.py --validate at commit %s"
                                       % numbers["commit"],
                               "output": r.stdout}
    elif old.get("validate"):
        numbers["validate"] = old["validate"]
    with open(JSON, "w", encoding="utf-8") as f:
        json.dump(numbers, f, indent=1, sort_keys=True)
        f.write("\n")
    rewrite(numbers)
    print("docs_numbers: wrote docs/numbers.json and %d blocks" % sum(1 for _ in all_blocks(numbers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
