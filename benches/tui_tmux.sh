#!/bin/sh
# The real TUI in tmux on a store: the time from start to the first frame
# (Today's sections on screen), then the peak RSS of a session that visits
# every tab, filters People, opens a person and quits.
#
#   benches/tui_tmux.sh STORE [CONFIG] [RUNS]
#
# STORE is e.g. target/kith-bench/kith-100000-1000000-….db (made by
# `cargo bench`); CONFIG defaults to target/kith-bench/config.toml (the
# README's example). Needs tmux and GNU time; uses target/release/kith.
set -eu
store=$1
config=${2:-target/kith-bench/config.toml}
runs=${3:-10}
kith=${KITH_BIN:-target/release/kith}
session=kith-bench-$$
out=$(mktemp -d)
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$out"' EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

start() {
    tmux new-session -d -s "$session" -x 120 -y 40 \
        "KITH_DB='$store' KITH_CONFIG='$config' KITH_TODAY=2026-11-22 /usr/bin/time -f %M -o '$out/rss' '$kith'"
}

# Waits until the pane shows $1 (polling every millisecond or so).
wait_for() {
    until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "$1"; do :; done
}

i=0
while [ "$i" -lt "$runs" ]; do
    t0=$(now_ms)
    start
    wait_for 'Overdue ('
    t1=$(now_ms)
    echo "first frame: $((t1 - t0)) ms"
    tmux send-keys -t "$session" q
    while tmux has-session -t "$session" 2>/dev/null; do :; done
    i=$((i + 1))
done

start
wait_for 'Overdue ('
for keys in 2 j j j 3 j 4 1 2 / m a r a t h o n Enter Enter Escape Escape 3 Enter Escape 1 q; do
    tmux send-keys -t "$session" "$keys"
    sleep 0.3
done
n=0
while tmux has-session -t "$session" 2>/dev/null; do
    n=$((n + 1))
    [ "$n" -eq 50 ] && tmux send-keys -t "$session" C-c
    sleep 0.1
done
echo "peak RSS: $(cat "$out/rss") KB"
