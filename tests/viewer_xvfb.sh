#!/usr/bin/env bash
# viewer_xvfb.sh: `sgf view` in a real window, driven like a user would.
#
#   SGF_BIN=build/sgf bash tests/viewer_xvfb.sh
#
# Starts Xvfb on a free display (Xvfb picks it: -displayfd), opens the viewer,
# and with xdotool pauses it, steps a week, selects the largest partner (Tab),
# makes it defect (d), steps again, takes a screenshot (s) and quits (q).
# Then checks: the viewer exited 0; the screenshot is a PNG of the window's
# size with real content (not a blank frame); the defection is in events.csv
# and injected.cfg; and a headless replay of injected.cfg writes the same
# timeseries.csv and events.csv as the live session did.
#
# Needs the Debian packages xvfb and xdotool (scripts/setup.sh installs
# them); exits 77 (CTest: skipped) when they are missing.
set -euo pipefail

bin=${SGF_BIN:-${1:-}}
if [[ -z $bin || ! -x $bin ]]; then
  echo "viewer_xvfb: set SGF_BIN to the sgf command" >&2
  exit 1
fi
bin=$(realpath "$bin")
for tool in Xvfb xdotool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "viewer_xvfb: $tool not found (install the Debian packages xvfb and xdotool): skipped"
    exit 77
  fi
done
if ! "$bin" help view >/dev/null 2>&1; then
  echo "viewer_xvfb: sgf was built without the viewer: skipped"
  exit 77
fi

tmp=$(mktemp -d /tmp/sgf-viewer-xvfb-XXXXXX)
xvfb_pid=""
view_pid=""
cleanup() {
  [[ -n $view_pid ]] && kill "$view_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "viewer_xvfb: FAIL: $*" >&2
  [[ -f $tmp/view.err ]] && sed 's/^/  sgf stderr: /' "$tmp/view.err" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# ---- a display ------------------------------------------------------------------
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do
  [[ -s $tmp/display ]] && break
  sleep 0.1
done
[[ -s $tmp/display ]] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
export DISPLAY=":$(head -n1 "$tmp/display")"
unset WAYLAND_DISPLAY SDL_VIDEODRIVER
export SDL_RENDER_DRIVER=software # the renderer the issue measures; no GL driver needed
# In sanitizer builds the window's run does not check leaks: SDL 2.26 with
# X11 leaks 1,144 bytes at exit even in a five-line program that opens and
# closes a window (a libdbus connection and two blocks of an unloaded X11
# module, which no suppression can name). The viewer's own allocations are
# leak-checked by test_viewer (headless, the same code but the window) and
# by the replay below.
window_asan="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# ---- the viewer -----------------------------------------------------------------
cd "$tmp"
ASAN_OPTIONS=$window_asan "$bin" view --out live --size 1100x700 >"$tmp/view.out" \
  2>"$tmp/view.err" &
view_pid=$!
win=$(timeout 20 xdotool search --sync --name '^sgf view$' | head -n1) ||
  fail "no viewer window appeared"
[[ -n $win ]] || fail "no viewer window appeared"

key() {
  xdotool key --window "$win" "$@"
  sleep 0.4
}
sleep 1         # let it run a few weeks
key space       # pause
key period      # step one week
key Tab         # select the largest partner
key d           # it defects (partner_exit, injected)
key period      # step again
key s           # screenshot
sleep 0.5
key q           # quit

status=0
for _ in $(seq 100); do
  kill -0 "$view_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$view_pid" 2>/dev/null && fail "the viewer did not quit on q"
wait "$view_pid" || status=$?
view_pid=""
[[ $status -eq 0 ]] || fail "sgf view exited $status"

# ---- the screenshot -------------------------------------------------------------
shot=live/screenshot_001.png
[[ -f $shot ]] || fail "no screenshot $shot (stdout: $(cat "$tmp/view.out"))"
[[ $(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
  fail "$shot is not a PNG"
read -r w h < <(od -An -tu1 -j16 -N8 "$shot" |
  awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
[[ $w -eq 1100 && $h -eq 700 ]] || fail "$shot is ${w}x${h}, not 1100x700"
# A blank 1100x700 frame compresses to a few kilobytes; the net, panels and
# text take far more.
size=$(stat -c %s "$shot")
((size > 40000)) || fail "$shot is only $size bytes: blank?"

# ---- the what-if and its replay -------------------------------------------------
grep -q 'kind = "partner_exit"' live/injected.cfg || fail "the defection is not in injected.cfg"
grep -q ',partner_exit,.*,injected,.*,view 1: defect$' live/events.csv ||
  fail "the defection is not in events.csv"
weeks=$(sed -n 's/.*"ticks_run": \([0-9]*\).*/\1/p' live/manifest.json)
[[ -n $weeks && $weeks -ge 2 ]] || fail "manifest.json has no ticks_run"
"$bin" view --replay live/injected.cfg --headless --frames 2 --every "$weeks" --out replay \
  --quiet 2>"$tmp/replay.err" || fail "the replay failed: $(cat "$tmp/replay.err")"
for f in timeseries.csv events.csv network.jsonl summary.csv; do
  cmp -s "live/$f" "replay/$f" || fail "the replay's $f differs from the live session's"
done

# ---- Ctrl-C: the files keep the weeks run, exit status 1 (docs/viewer.md) ------
ASAN_OPTIONS=$window_asan "$bin" view --out live2 --size 900x600 >"$tmp/view2.out" \
  2>"$tmp/view2.err" &
view_pid=$!
win2=$(timeout 20 xdotool search --sync --name '^sgf view$' | head -n1) ||
  fail "no second viewer window appeared"
sleep 1
kill -INT "$view_pid"
status=0
for _ in $(seq 100); do
  kill -0 "$view_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$view_pid" 2>/dev/null && fail "the viewer did not stop on Ctrl-C (SIGINT)"
wait "$view_pid" || status=$?
view_pid=""
[[ $status -eq 1 ]] || fail "Ctrl-C: sgf view exited $status, not 1"
grep -q 'interrupted after week' "$tmp/view2.err" || fail "Ctrl-C: no 'interrupted' message"
[[ -f live2/manifest.json && -f live2/summary.csv ]] ||
  fail "Ctrl-C: the files of the weeks run were not kept"
: "$win2"

echo "viewer_xvfb: window ${w}x${h}, screenshot $size bytes, $weeks weeks, replay identical"
echo "1 passed, 0 failed"
