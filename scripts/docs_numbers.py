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
    python3 scripts/docs_numbers.py --validate [--sgf BIN] also the `sgf validate` and
                                                           `sgf survey` runs of
                                                           docs/VALIDATION.md (minutes)
    python3 scripts/docs_numbers.py --claims [--sgf BIN]   also `sgf validate --claims`
                                                           for docs/CLAIMS.md
    python3 scripts/docs_numbers.py --explore [--sgf BIN]  also the sensitivity analysis of the
                                                           default scenario (about a minute)
    python3 scripts/docs_numbers.py --check [--reps N]     the CTest check (docs_numbers)
                                    [--rerun compare,validate,claims,sensitivity|none]

docs/VALIDATION.md's results (the suite's table, the figures its sections
quote, the surveys' output) come from VALIDATE_RUNS and SURVEYS: each run's
--csv file (validate) or paths.csv (survey) is kept in numbers.json, and the
blocks are rendered from it.

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
regenerated. The validation runs are checked the same way at reduced size
(each run's `check` arguments: fewer replications, firms and resamples, the
first of the documented ones under common random numbers): a documented
check or path whose interval lies wholly outside the fresh one fails.

docs/exploration.md's tables come from `sgf sensitivity` runs (SENSITIVITY
below): the Ishigami known answer is rerun by every call, --check included
(--rerun sensitivity), and must give the documented indices exactly (the
analysis is a pure function of its file); the default scenario's Morris
screening is rerun with --explore and checked against numbers.json only.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import resource
import shutil
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

# `sgf sensitivity` runs whose indices docs/exploration.md shows: the file,
# whether every call reruns it (cheap) or only --explore, and its renderer.
SENSITIVITY = {
    "ishigami": {"file": "scenarios/sensitivity/ishigami.cfg", "always": True,
                 "render": "ishigami_table"},
    "default_morris": {"file": "scenarios/sensitivity/default_morris.cfg", "always": False,
                       "render": "morris_tables",
                       "metrics": ["revenue_total_eur", "mean_commitment"], "top": 10},
}


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


def sensitivity_command(name):
    return "sgf sensitivity %s -j 2" % SENSITIVITY[name]["file"]


def run_sensitivity(sgf, name):
    """Runs one analysis; its indices.csv rows and the runs it made."""
    with tempfile.TemporaryDirectory(prefix="sgf-docs-numbers-") as tmp:
        out = os.path.join(tmp, "o")
        cmd = [sgf, "sensitivity", os.path.join(ROOT, SENSITIVITY[name]["file"]), "-j", "2",
               "--out", out, "--quiet"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("docs_numbers: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        with open(os.path.join(out, "indices.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        with open(os.path.join(out, "runs.csv"), newline="") as f:
            runs = sum(1 for _ in f) - 1
    def num(v):
        return None if v in ("", "NaN", None) else float(v)
    return {"command": sensitivity_command(name), "runs": runs,
            "rows": [{"factor": x["factor"], "metric": x["metric"], "statistic": x["statistic"],
                      "value": num(x["value"]), "lo": num(x["lo"]), "hi": num(x["hi"])}
                     for x in rows]}


def ishigami_analytic(a=7.0, b=0.1):
    """Ishigami's S1 and ST (Ishigami and Homma 1990), from the formulas."""
    pi4, pi8 = math.pi ** 4, math.pi ** 8
    v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * pi8 * (1 / 18 - 1 / 50)
    return {"x1": (v1 / v, (v1 + v13) / v), "x2": (v2 / v, v2 / v), "x3": (0.0, v13 / v)}


def index_row(data, factor, metric, stat):
    for r in data["rows"]:
        if r["factor"] == factor and r["metric"] == metric and r["statistic"] == stat:
            return r
    return None


def dec3(x, d=3):
    """x with d decimals and a true minus sign."""
    return ("%." + str(d) + "f") % x if x >= 0 else "\u2212" + ("%." + str(d) + "f") % -x


def ishigami_table(name, data):
    exact = ishigami_analytic()
    lines = ["`%s`: %d runs; estimates with 95 %% bootstrap intervals, the analytic value "
             "in parentheses." % (data["command"], data["runs"]), "",
             "| factor | S1 | ST | analytic inside both intervals |", "|---|---|---|---|"]
    for f in ("x1", "x2", "x3"):
        s1, st = index_row(data, f, "y", "S1"), index_row(data, f, "y", "ST")
        inside = all(r["lo"] <= e <= r["hi"] for r, e in ((s1, exact[f][0]), (st, exact[f][1])))
        lines.append("| %s | %s [%s, %s] (%s) | %s [%s, %s] (%s) | %s |"
                     % (f, dec3(s1["value"]), dec3(s1["lo"]), dec3(s1["hi"]), dec3(exact[f][0]),
                        dec3(st["value"]), dec3(st["lo"]), dec3(st["hi"]), dec3(exact[f][1]),
                        "yes" if inside else "no"))
    tot = index_row(data, "(all)", "y", "sum_S1")
    lines.append("")
    lines.append("Sum of the first-order indices: %s [%s, %s] (analytic %s)."
                 % (dec3(tot["value"]), dec3(tot["lo"]), dec3(tot["hi"]),
                    dec3(exact["x1"][0] + exact["x2"][0])))
    return "\n".join(lines)


def morris_tables(name, data):
    spec = SENSITIVITY[name]
    out = ["`%s`: %d runs. For each metric the %d settings with the largest mu* (the mean "
           "absolute elementary effect of moving the setting across its whole range), with "
           "its 95 %% bootstrap interval, mu (the signed mean: which way) and sigma (the "
           "spread of the effects: non-linearity or interactions)."
           % (data["command"], data["runs"], spec["top"])]
    for metric in spec["metrics"]:
        rows = [r for r in data["rows"] if r["metric"] == metric and r["statistic"] == "mu_star"]
        rows.sort(key=lambda r: -r["value"])
        scale, unit = (1e6, " (EUR M)") if metric.endswith("_eur") else (1.0, "")
        out += ["", "**%s**%s" % (metric, unit), "",
                "| rank | setting | mu* [95 % interval] | mu | sigma |", "|---|---|---|---|---|"]
        for i, r in enumerate(rows[:spec["top"]]):
            mu = index_row(data, r["factor"], metric, "mu")
            sd = index_row(data, r["factor"], metric, "sigma")
            d = 2 if scale > 1 else 4
            f = lambda x: dec3(x / scale, d)
            out.append("| %d | `%s` | %s [%s, %s] | %s | %s |"
                       % (i + 1, r["factor"], f(r["value"]), f(r["lo"]), f(r["hi"]),
                          f(mu["value"]), f(sd["value"])))
    return "\n".join(out)


SENS_RENDER = {"ishigami_table": ishigami_table, "morris_tables": morris_tables}


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


# ---- docs/VALIDATION.md: sgf validate and sgf survey ------------------------------------

# Each: the arguments of the documented run and of the check's reduced run.
VALIDATE_RUNS = {
    "full": {"args": [], "check": ["--reps", "6", "--firms", "600", "--bootstrap", "100"]},
    "p6_777": {"args": ["--pattern", "6", "--reps", "30", "--seed", "777"],
               "check": ["--pattern", "6", "--reps", "3", "--seed", "777"]},
    "p6_5": {"args": ["--pattern", "6", "--reps", "30", "--seed", "5"],
             "check": ["--pattern", "6", "--reps", "3", "--seed", "5"]},
    "p6_11": {"args": ["--pattern", "6", "--reps", "30", "--seed", "11"],
              "check": ["--pattern", "6", "--reps", "3", "--seed", "11"]},
}
SURVEYS = {
    "default": {"args": ["--out", "out/survey"], "check": ["--firms", "278", "--out", "out/s"]},
    "amc": {"args": ["scenarios/amc_survey.cfg", "--firms", "5000", "--out", "out/survey-amc"],
            "check": ["scenarios/amc_survey.cfg", "--firms", "500", "--out", "out/s"]},
}


def csv_float(v):
    return float(v) if v not in ("", None, "nan", "NaN") else None


def run_validate(sgf, args):
    """`sgf validate -j 2 ARGS --csv FILE`: its table and its checks by id."""
    with tempfile.TemporaryDirectory(prefix="sgf-docs-numbers-") as tmp:
        out = os.path.join(tmp, "v.csv")
        cmd = [sgf, "validate", "-j", "2"] + args + ["--csv", out]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run(cmd, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode not in (0, 1) or not os.path.exists(out):
            sys.exit("docs_numbers: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    checks = {row["id"]: {"verdict": row["verdict"], "estimate": csv_float(row["estimate"]),
                          "lo": csv_float(row["ci_low"]), "hi": csv_float(row["ci_high"]),
                          "n": int(row["n"]), "note": row["note"]} for row in rows}
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"command": " ".join(["sgf validate -j 2"] + args), "output": r.stdout,
            "checks": checks, "cpu_seconds": round(cpu)}


def run_survey(sgf, args):
    """`sgf survey ARGS` in a scratch directory (scenarios/ linked in): its
    output and its paths.csv."""
    with tempfile.TemporaryDirectory(prefix="sgf-docs-numbers-") as tmp:
        os.symlink(os.path.join(ROOT, "scenarios"), os.path.join(tmp, "scenarios"))
        cmd = [sgf, "survey"] + args + ["-j", "2"]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp)
        out = args[args.index("--out") + 1]
        if r.returncode != 0:
            sys.exit("docs_numbers: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        with open(os.path.join(tmp, out, "paths.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
    paths = {}
    for row in rows:
        # a mediation row's name holds its verdict, which a smaller run may not share
        name = re.sub(r"; verdict \w+", "", row["path"])
        paths["%s|%s|%s" % (row["kind"], name, row["group"])] = {
            "n": int(row["n"]), "estimate": csv_float(row["beta"]),
            "lo": csv_float(row["ci_low"]), "hi": csv_float(row["ci_high"])}
    return {"command": " ".join(["sgf survey"] + args), "output": r.stdout, "paths": paths}


def note_num(check, label):
    """The number after `label` in a check's note ("managerial low 0.323")."""
    m = re.search(re.escape(label) + r"\s*(-?[0-9.]+(?:e-?[0-9]+)?)", check["note"])
    if not m:
        sys.exit("docs_numbers: no '%s' in the note '%s' (sgf validate's notes changed: "
                 "update scripts/docs_numbers.py)" % (label, check["note"]))
    return float(m.group(1))


def g(x, d=2):
    """A figure for prose: d decimals, a real minus sign."""
    return ("%.*f" % (d, x)).replace("-", "\u2212")


def ci_text(c, d=2):
    return "%s [%s, %s]" % (g(c["estimate"], d), g(c["lo"], d), g(c["hi"], d))


def vchecks(numbers, run="full"):
    return numbers["validate"]["runs"][run]["checks"]


def v_table(numbers):
    v = numbers["validate"]
    run = v["runs"]["full"]
    return ("Command: `%s` (run by scripts/docs_numbers.py --validate at commit %s).\n\n"
            "```\n%s```" % (run["command"], v["commit"], run["output"]))


def v_cost(numbers):
    run = numbers["validate"]["runs"]["full"]
    return ("- **Cost.** The full run (`%s`) took %d s of CPU in a Release build at "
            "commit %s (measured by scripts/docs_numbers.py --validate); `--quick` runs "
            "half the replications and fewer survey firms. Pattern 4's survey and 6b's "
            "25 N runs per arm are most of it." % (run["command"], run["cpu_seconds"],
                                                    numbers["validate"]["commit"]))


def v_p2(numbers):
    k = vchecks(numbers)
    dc0, dco = note_num(k["2a"], "DC default"), note_num(k["2a"], "organisational low")
    r0, ro = note_num(k["2b"], "default"), note_num(k["2b"], "organisational low")
    tight = re.search(r"tightest level: (\w+)", k["2c"]["note"]).group(1)
    loss = note_num(k["2c"], tight)
    third = note_num(k["2c"], "(third")
    return ("From the full run (section 2): with the organisational level at 0.1, revenue "
            "over ten years changes by %s %% (2b's note: EUR %s M vs %s M) while DC falls "
            "from %s to %s (2a's note); 2c's margin is %s for the %s level, the tightest "
            "(its DC loss %s against a third of the joint loss, %s)."
            % (g(100 * (ro - r0) / r0, 1), g(ro, 1), g(r0, 1), g(dc0), g(dco),
               g(k["2c"]["estimate"], 3), tight, g(loss), g(third)))


def v_p5(numbers):
    k = vchecks(numbers)
    m = re.search(r"after week 156 in (\d+) of (\d+)", k["5f"]["note"])
    after, runs = int(m.group(1)), int(m.group(2))
    return ("From the full run: the mean first deal is at week %s (5f), before the project "
            "ends in %d of %d runs." % (g(k["5f"]["estimate"], 0), runs - after, runs))


def v_p6(numbers):
    k = vchecks(numbers)
    b = k["6b"]
    sd_trust, sd_equal = note_num(b, "inventory"), note_num(b, "vs")
    # the paired differences' sd from the interval: half-width = 1.96 sd / sqrt(n)
    spread = (b["hi"] - b["lo"]) / 2 / 1.96 * math.sqrt(b["n"])
    lines = ["From the full run: the effect (6b) is %s units on an sd of about %s in the "
             "equal arm (%s %%), against a run-to-run spread of the paired difference of "
             "about %s units; in years 2-5 (6c) trust allocation changes the sd by %s units."
             % (ci_text(b, 1), g(sd_equal, 0), g(100 * abs(b["estimate"]) / sd_equal, 0),
                g(spread, 0), ci_text(k["6c"], 1)),
             "", "Over ten years, by master seed (`sgf validate --pattern 6 --reps 30 --seed S`):",
             "", "| S | 6b: sd(inventory), trust - equal | 6c: years 2-5 |", "|---|---|---|"]
    for run in ("p6_777", "p6_5", "p6_11"):
        c = vchecks(numbers, run)
        lines.append("| %s | %s | %s |" % (run.split("_")[1], ci_text(c["6b"], 1),
                                          ci_text(c["6c"], 1)))
    return "\n".join(lines)


def survey_path(numbers, name, path, group="all", kind="path"):
    return numbers["validate"]["surveys"][name]["paths"]["%s|%s|%s" % (kind, path, group)]


def v_survey(name):
    def render(numbers):
        s = numbers["validate"]["surveys"][name]
        return "```\n%s\n```\n\n```\n%s```" % (s["command"], s["output"])
    return render


def v_survey_default_text(numbers):
    lo = survey_path(numbers, "default", "AMC -> incremental", "low D")["estimate"]
    hi = survey_path(numbers, "default", "AMC -> incremental", "high D")["estimate"]
    return ("In this run the diversity contrast of AMC -> incremental is %s at low D vs %s "
            "at high D (004: .80 vs .46)." % (g(lo), g(hi)))


def v_survey_amc_text(numbers):
    s = numbers["validate"]["surveys"]["amc"]
    m = re.search(r"(\d+) firms drawn \((\d+) failed", s["output"])
    drawn, failed = int(m.group(1)), int(m.group(2))
    sq_r = survey_path(numbers, "amc", "AMC^2 -> radical")["estimate"]
    sq_i = survey_path(numbers, "amc", "AMC^2 -> incremental")["estimate"]
    inc = survey_path(numbers, "amc", "incremental -> success")["estimate"]
    return ("In this run %d of %d firms fail (%s %%), the squared terms are %s and %s, and "
            "incremental -> success is %s." % (failed, drawn, g(100 * failed / drawn, 0),
                                                 g(sq_r), g(sq_i), g(inc)))


def v_match004(numbers):
    k = vchecks(numbers)

    def size(c, rep):
        e = c["estimate"]
        if (e > 0) != (rep > 0):
            return "sign differs"
        return "sign matches; %s %% of 004's size" % g(100 * e / rep, 0)

    inc, rad = note_num(k["4e"], "incremental -> success"), note_num(k["4e"], "radical -> speed")
    f_lo, f_hi, f_z = note_num(k["4f"], "low D"), note_num(k["4f"], "high D"), \
        note_num(k["4f"], "slopes z")
    g_hi, g_lo = note_num(k["4g"], "high D"), note_num(k["4g"], "low D")
    med_r = re.search(r"model: (\w+)", k["4h"]["note"]).group(1)
    med_i = re.search(r"model: (\w+)", k["4i"]["note"]).group(1)
    rows = [
        ("AMC -> radical positive (.75)", "%s (4a)" % ci_text(k["4a"]), size(k["4a"], 0.75)),
        ("AMC² -> radical positive (.65): convex", "%s (4b)" % ci_text(k["4b"]),
         size(k["4b"], 0.65)),
        ("AMC -> incremental positive (.73)", "%s (4c)" % ci_text(k["4c"]), size(k["4c"], 0.73)),
        ("AMC² -> incremental positive (.55)", "%s (4d)" % ci_text(k["4d"]),
         size(k["4d"], 0.55)),
        ("incremental -> success .61 ≫ radical -> speed .15", "%s vs %s (4e)" % (g(inc), g(rad)),
         "order matches" if inc > rad else "order differs"),
        ("AMC -> incremental low D .80 > high D .46",
         "%s vs %s, slopes z = %s (4f)" % (g(f_lo), g(f_hi), g(f_z, 0)),
         "matches; the gap is %s %% of 004's" % g(100 * (f_lo - f_hi) / 0.34, 0)
         if f_lo > f_hi else "differs"),
        ("AMC -> radical high D .76 ≥ low D .72", "%s vs %s (4g)" % (g(g_hi), g(g_lo)),
         "matches in direction; the gap is %s (004: .04)" % g(g_hi - g_lo)
         if g_hi >= g_lo else "differs"),
        ("radical fully mediates AMC -> speed", "%s (4h)" % med_r,
         "matches" if med_r == "full" else "differs"),
        ("incremental partially mediates AMC -> success", "%s (4i)" % med_i,
         "matches" if med_i == "partial" else "differs"),
    ]
    n = k["4a"]["n"]
    out = ["Suite values (default base, n = %d, section 2):" % n, "",
           "| 004 finding | model | verdict |", "|---|---|---|"]
    out += ["| %s | %s | %s |" % r for r in rows]
    return "\n".join(out)


def v_moderation(numbers):
    return ("The moderation gap (4f) is now %s, against 004's .34." %
            g(vchecks(numbers)["4f"]["estimate"]))


# Blocks of docs/VALIDATION.md: (block id, renderer over numbers.json).
VALIDATION_BLOCKS = [
    ("cost", v_cost), ("validate", v_table), ("p2", v_p2), ("p5", v_p5), ("p6", v_p6),
    ("survey_default", v_survey("default")), ("survey_default_text", v_survey_default_text),
    ("survey_amc", v_survey("amc")), ("survey_amc_text", v_survey_amc_text),
    ("match004", v_match004), ("moderation", v_moderation),
]


def run_validation(sgf, check=False):
    """Every validation run, documented (check False) or reduced (True)."""
    key = "check" if check else "args"
    return {"runs": {n: run_validate(sgf, r[key]) for n, r in VALIDATE_RUNS.items()},
            "surveys": {n: run_survey(sgf, r[key]) for n, r in SURVEYS.items()}}


def check_validation(sgf, numbers, problems):
    """The documented checks and paths against reduced fresh runs; returns the count."""
    doc = numbers.get("validate")
    if not doc or set(doc.get("runs", {})) != set(VALIDATE_RUNS) or \
            set(doc.get("surveys", {})) != set(SURVEYS):
        problems.append("numbers.json: the validation runs are not this script's (rerun "
                        "scripts/docs_numbers.py --validate)")
        return 0
    for name, r in VALIDATE_RUNS.items():
        if doc["runs"][name]["command"] != " ".join(["sgf validate -j 2"] + r["args"]):
            problems.append("numbers.json: validate run %s was made by another command" % name)
    fresh = run_validation(sgf, check=True)
    checked = 0
    pairs = []
    for name in VALIDATE_RUNS:
        for cid, v in doc["runs"][name]["checks"].items():
            pairs.append(("validate %s check %s" % (name, cid), v,
                          fresh["runs"][name]["checks"].get(cid)))
    for name in SURVEYS:
        for pid, v in doc["surveys"][name]["paths"].items():
            pairs.append(("survey %s %s" % (name, pid.replace("|", " ")), v,
                          fresh["surveys"][name]["paths"].get(pid)))
    for what, v, f in pairs:
        if f is None:
            problems.append("%s: documented, missing in the fresh run" % what)
            continue
        if v["estimate"] is None or v["lo"] is None or f["lo"] is None or f["hi"] is None:
            continue  # a statistic without an interval (Sobel z): the table check covers it
        checked += 1
        slack = 1e-9 * max(1.0, abs(v["estimate"]))
        if v["hi"] < f["lo"] - slack or v["lo"] > f["hi"] + slack:
            problems.append("%s: documented %.6g [%.6g, %.6g] lies outside the fresh "
                            "interval [%.6g, %.6g] (n %d)" % (what, v["estimate"], v["lo"],
                                                               v["hi"], f["lo"], f["hi"], f["n"]))
    return checked


# ---- docs/CLAIMS.md: the register's claims as sgf validate --claims measures them ----

CLAIMS_RUN = {"args": [], "check": ["--quick"]}


def run_claims(sgf, args):
    """`sgf validate --claims -j 2 ARGS --csv FILE`: each claim's measured effect by id."""
    with tempfile.TemporaryDirectory(prefix="sgf-docs-numbers-") as tmp:
        out = os.path.join(tmp, "c.csv")
        cmd = [sgf, "validate", "--claims", "-j", "2"] + args + ["--csv", out]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode not in (0, 1) or not os.path.exists(out):
            sys.exit("docs_numbers: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
    claims = {row["id"]: {"claim": row["claim"], "metric": row["metric"],
                          "status": row["status"], "a": csv_float(row["a_mean"]),
                          "b": csv_float(row["b_mean"]), "estimate": csv_float(row["effect"]),
                          "lo": csv_float(row["ci_low"]), "hi": csv_float(row["ci_high"]),
                          "n": int(row["n"]), "holds": row["holds"] == "1",
                          "known_failure": row["known_failure"]} for row in rows}
    return {"command": " ".join(["sgf validate --claims -j 2"] + args), "claims": claims}


def sig4(x):
    return "" if x is None else "%.4g" % x


def c_table(numbers):
    doc = numbers["claims"]
    lines = ["Measured by `%s` (commit %s): arm A is the built-in default, arm B A with the "
             "cause; the effect is B - A over paired runs, with its 95 %% interval."
             % (doc["command"], doc.get("commit", "?")), "",
             "| id | claim | metric | A -> B | effect B - A [95 % CI] | pairs | verdict |",
             "|---|---|---|---|---|---|---|"]
    for cid in sorted(doc["claims"]):
        c = doc["claims"][cid]
        verdict = "holds" if c["holds"] else (
            "fails, as the register says: " + c["known_failure"] if c["known_failure"]
            else "FAILS")
        lines.append("| %s | %s | %s | %s -> %s | %s [%s, %s] | %d | %s |" % (
            cid, c["claim"], c["metric"], sig4(c["a"]), sig4(c["b"]),
            sig4(c["estimate"]), sig4(c["lo"]), sig4(c["hi"]), c["n"], verdict))
    return "\n".join(lines)


def check_claims(sgf, numbers, problems):
    """The documented claims against a fresh quick run; returns the count checked."""
    doc = numbers.get("claims")
    if not doc:
        problems.append("numbers.json: no claims (rerun scripts/docs_numbers.py --claims)")
        return 0
    if doc["command"] != " ".join(["sgf validate --claims -j 2"] + CLAIMS_RUN["args"]):
        problems.append("numbers.json: the claims were measured by another command")
    fresh = run_claims(sgf, CLAIMS_RUN["check"])["claims"]
    checked = 0
    for cid, v in doc["claims"].items():
        f = fresh.get(cid)
        if f is None:
            problems.append("claim %s: documented, not in sgf validate --claims" % cid)
            continue
        checked += 1
        slack = 1e-9 * max(1.0, abs(v["estimate"]))
        if v["hi"] < f["lo"] - slack or v["lo"] > f["hi"] + slack:
            problems.append("claim %s: documented %.6g [%.6g, %.6g] lies outside the fresh "
                            "interval [%.6g, %.6g]" % (cid, v["estimate"], v["lo"], v["hi"],
                                                       f["lo"], f["hi"]))
    for cid in fresh:
        if cid not in doc["claims"]:
            problems.append("claim %s: run by sgf validate --claims, not documented" % cid)
    return checked


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


def all_blocks(numbers):
    for path, bid, renderer, exp, opts in BLOCKS:
        yield path, bid, rendered(path, bid, renderer, exp, opts, numbers)
    if numbers.get("validate", {}).get("runs"):
        for bid, render in VALIDATION_BLOCKS:
            yield "docs/VALIDATION.md", bid, render(numbers)
    if numbers.get("claims", {}).get("claims"):
        yield "docs/CLAIMS.md", "claims", c_table(numbers)
    for name, spec in SENSITIVITY.items():
        data = numbers.get("sensitivity", {}).get(name)
        if data is not None:
            yield "docs/exploration.md", name, SENS_RENDER[spec["render"]](name, data)


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

def check(sgf, reps, rerun=("compare", "validate", "claims", "sensitivity")):
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
        if not doc or "compare" not in rerun:
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
    vchecked = check_validation(sgf, numbers, problems) if "validate" in rerun else 0
    vchecked += check_claims(sgf, numbers, problems) if "claims" in rerun else 0
    for name, spec in SENSITIVITY.items():
        doc = numbers.get("sensitivity", {}).get(name)
        if doc is None:
            problems.append("numbers.json: no sensitivity analysis %s (rerun scripts/docs_numbers.py"
                            "%s)" % (name, "" if spec["always"] else " --explore"))
            continue
        if doc["command"] != sensitivity_command(name):
            problems.append("numbers.json: sensitivity %s was made by another command" % name)
        if spec["always"] and "sensitivity" in rerun:
            fresh = run_sensitivity(sgf, name)
            if fresh["rows"] != doc["rows"] or fresh["runs"] != doc["runs"]:
                problems.append("sensitivity %s: a fresh `%s` gives other indices than "
                                "docs/numbers.json" % (name, doc["command"]))
            checked += len(doc["rows"])
    for p in problems:
        print("FAIL " + p)
    print("docs_numbers --check: %d documented figures against fresh runs at %d replications, "
          "%d validation checks, survey paths and claims against reduced runs, %d problems"
          % (checked, reps, vchecked, len(problems)))
    if problems:
        print("To bring the documents up to date: python3 scripts/docs_numbers.py --sgf BUILD/sgf")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sgf", default=os.path.join(ROOT, "build", "sgf"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--reps", type=int, default=4)
    ap.add_argument("--validate", action="store_true")
    ap.add_argument("--claims", action="store_true",
                    help="also measure the claims of docs/CLAIMS.md (sgf validate --claims)")
    ap.add_argument("--explore", action="store_true",
                    help="also rerun the default scenario's sensitivity analysis")
    ap.add_argument("--rerun", default="compare,validate,claims,sensitivity",
                    help="with --check: which fresh runs to compare with (compare, validate, "
                         "claims, sensitivity, a comma-separated list, or none: the blocks only)")
    ap.add_argument("--root", help="the tree to read and write (default: this script's)")
    a = ap.parse_args()
    a.sgf = os.path.abspath(a.sgf)  # the surveys run in a scratch directory
    if a.root:
        set_root(a.root)
    if a.check:
        return check(a.sgf, a.reps, [r for r in a.rerun.split(",") if r != "none"])
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
        numbers["validate"] = run_validation(a.sgf)
        numbers["validate"]["commit"] = numbers["commit"]
    elif old.get("validate", {}).get("runs"):
        numbers["validate"] = old["validate"]
    if a.claims:
        numbers["claims"] = run_claims(a.sgf, CLAIMS_RUN["args"])
        numbers["claims"]["commit"] = numbers["commit"]
    elif old.get("claims", {}).get("claims"):
        numbers["claims"] = old["claims"]
    numbers["sensitivity"] = {}
    for name, spec in SENSITIVITY.items():
        if spec["always"] or a.explore:
            numbers["sensitivity"][name] = run_sensitivity(a.sgf, name)
            numbers["sensitivity"][name]["commit"] = numbers["commit"]
        elif old.get("sensitivity", {}).get(name):
            numbers["sensitivity"][name] = old["sensitivity"][name]
    with open(JSON, "w", encoding="utf-8") as f:
        json.dump(numbers, f, indent=1, sort_keys=True)
        f.write("\n")
    rewrite(numbers)
    print("docs_numbers: wrote docs/numbers.json and %d blocks" % sum(1 for _ in all_blocks(numbers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
