# read_outputs.R: a run's files read in R as an analyst would, with no cleaning step.
#
#     Rscript scripts/read_outputs.R RUN_DIR [--full]
#
# Base R only: read.csv with its defaults, merge, table, tapply. Computes
# exits per year (events.csv joined to timeseries.csv's year by tick) and
# revenue per market (markets.csv), prints them as scripts/read_outputs.py
# prints its reads, and checks them against timeseries.csv (exits per week,
# weekly revenue) and summary.csv (partners_left, revenue_total_eur).
# --full adds every year and every market, revenue to the cent, one per line
# ("exits YEAR N", "revenue MARKET EUR"): tests/check_outputs.sh compares
# these lines with read_outputs.py --full. Exit status 0 when everything
# agrees, 1 when not, 2 on a usage error.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1 || length(args) > 2 || (length(args) == 2 && args[2] != "--full")) {
  cat("usage: Rscript scripts/read_outputs.R RUN_DIR [--full]\n", file = stderr())
  quit(status = 2)
}
run <- args[1]
full <- length(args) == 2

ts <- read.csv(file.path(run, "timeseries.csv"))
ev <- read.csv(file.path(run, "events.csv"))
mk <- read.csv(file.path(run, "markets.csv"))
sm <- read.csv(file.path(run, "summary.csv"))

# exits per year: one partner_exit row per exit, the year from timeseries.csv
exits <- merge(ev[ev$kind == "partner_exit", ], ts[, c("tick", "year")], by = "tick")
per_year <- table(exits$year)
# revenue per market
revenue <- tapply(mk$revenue_eur, mk$market, sum)

euros <- function(x) formatC(x, format = "f", digits = 0, big.mark = ",")
cat("R: exits per year ",
    paste(names(per_year), as.integer(per_year), sep = ": ", collapse = ", "), "\n", sep = "")
top <- head(revenue[order(-revenue)], 5)
cat("R: revenue per market (top 5, EUR) ",
    paste(names(top), euros(top), sep = ": ", collapse = ", "), "\n", sep = "")
if (full) {
  cat(sprintf("exits %s %d\n", names(per_year), as.integer(per_year)), sep = "")
  cat(sprintf("revenue %s %.2f\n", names(revenue), revenue), sep = "")
}

ok <- TRUE
fail <- function(...) {
  cat("R:", ..., "\n", file = stderr())
  ok <<- FALSE
}
# what the other files say
ts_exits <- tapply(ts$exits, ts$year, sum)
ts_exits <- ts_exits[ts_exits > 0]
if (!identical(as.character(names(ts_exits)), as.character(names(per_year))) ||
    !identical(as.integer(ts_exits), as.integer(per_year)))
  fail("exits per year differ from timeseries.csv's exits column")
if (sum(per_year) != sm$partners_left)
  fail(sum(per_year), "exits, summary.csv partners_left", sm$partners_left)
close <- function(a, b) abs(a - b) <= 1e-6 * max(abs(a), abs(b))
if (!close(sum(revenue), sum(ts$revenue_eur)))
  fail("markets.csv revenue", sum(revenue), "!= timeseries.csv", sum(ts$revenue_eur))
if (!close(sum(revenue), sm$revenue_total_eur))
  fail("markets.csv revenue", sum(revenue), "!= summary.csv", sm$revenue_total_eur)
quit(status = if (ok) 0 else 1)
