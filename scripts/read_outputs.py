#!/usr/bin/env python3
"""read_outputs.py: a run's files read as an analyst would, with no cleaning step.

    python3 scripts/read_outputs.py RUN_DIR [--with pandas|csv|both] [--full]

Computes exits per year (events.csv joined to timeseries.csv's year by
tick) and revenue per market (markets.csv), once with pandas and once with
the standard library's csv module, prints both and checks that they agree
with each other and with timeseries.csv and summary.csv. Exit status 0 when
everything agrees, 1 otherwise. --full adds every year and every market,
revenue to the cent, one per line ("exits YEAR N", "revenue MARKET EUR"),
from the csv read (pandas with --with pandas): tests/check_outputs.sh
compares these lines with scripts/read_outputs.R's (base R's read.csv).
tests/check_outputs.sh runs it.
"""
import csv
import math
import os
import sys


def with_csv(run):
    """Exits per year and revenue per market with the csv module."""
    year_of = {}
    with open(os.path.join(run, "timeseries.csv"), newline="") as f:
        for row in csv.DictReader(f):
            year_of[row["tick"]] = int(float(row["year"]))
    exits = {}
    with open(os.path.join(run, "events.csv"), newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "partner_exit":
                y = year_of[row["tick"]]
                exits[y] = exits.get(y, 0) + 1
    revenue = {}
    with open(os.path.join(run, "markets.csv"), newline="") as f:
        for row in csv.DictReader(f):
            revenue[row["market"]] = revenue.get(row["market"], 0.0) + float(row["revenue_eur"])
    return exits, revenue


def with_pandas(run):
    """The same with pandas: a merge, a groupby, a sum."""
    import pandas as pd

    ts = pd.read_csv(os.path.join(run, "timeseries.csv"))
    ev = pd.read_csv(os.path.join(run, "events.csv"))
    mk = pd.read_csv(os.path.join(run, "markets.csv"))
    exits = (ev[ev["kind"] == "partner_exit"].merge(ts[["tick", "year"]], on="tick")
             .groupby("year").size())
    revenue = mk.groupby("market")["revenue_eur"].sum()
    return ({int(y): int(n) for y, n in exits.items()},
            {m: float(r) for m, r in revenue.items()})


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    run = argv[1]
    rest = argv[2:]
    full = "--full" in rest
    if full:
        rest.remove("--full")
    mode = rest[1] if len(rest) == 2 and rest[0] == "--with" else "both"
    if rest and (len(rest) != 2 or rest[0] != "--with" or mode not in ("pandas", "csv", "both")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results = {}
    if mode in ("csv", "both"):
        results["csv"] = with_csv(run)
    if mode in ("pandas", "both"):
        results["pandas"] = with_pandas(run)
    ok = True
    # what the other files say
    with open(os.path.join(run, "timeseries.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ts_exits = {}
    for r in rows:
        ts_exits[int(float(r["year"]))] = ts_exits.get(int(float(r["year"])), 0) + int(float(r["exits"]))
    ts_revenue = sum(float(r["revenue_eur"]) for r in rows)
    with open(os.path.join(run, "summary.csv"), newline="") as f:
        summary = next(csv.DictReader(f))
    for name, (exits, revenue) in results.items():
        print(f"{name}: exits per year", ", ".join(f"{y}: {n}" for y, n in sorted(exits.items())))
        top = sorted(revenue.items(), key=lambda kv: -kv[1])[:5]
        print(f"{name}: revenue per market (top 5, EUR)",
              ", ".join(f"{m}: {r:,.0f}" for m, r in top))
    if full:
        exits, revenue = next(iter(results.values()))
        for y, n in sorted(exits.items()):
            print(f"exits {y} {n}")
        for m, r in sorted(revenue.items()):
            print(f"revenue {m} {r:.2f}")
    for name, (exits, revenue) in results.items():
        want = {y: n for y, n in ts_exits.items() if n}
        if exits != want:
            print(f"{name}: exits per year {exits} != timeseries.csv exits {want}", file=sys.stderr)
            ok = False
        if sum(exits.values()) != int(summary["partners_left"]):
            print(f"{name}: {sum(exits.values())} exits, summary.csv partners_left "
                  f"{summary['partners_left']}", file=sys.stderr)
            ok = False
        total = sum(revenue.values())
        if not math.isclose(total, ts_revenue, rel_tol=1e-6):
            print(f"{name}: markets.csv revenue {total} != timeseries.csv {ts_revenue}",
                  file=sys.stderr)
            ok = False
        if not math.isclose(total, float(summary["revenue_total_eur"]), rel_tol=1e-6):
            print(f"{name}: markets.csv revenue {total} != summary.csv "
                  f"{summary['revenue_total_eur']}", file=sys.stderr)
            ok = False
    if len(results) == 2 and (results["csv"][0] != results["pandas"][0] or any(
            not math.isclose(results["csv"][1][m], results["pandas"][1][m], rel_tol=1e-9)
            for m in results["csv"][1])):
        print("pandas and csv disagree", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
