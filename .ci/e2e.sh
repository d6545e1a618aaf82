#!/usr/bin/env bash
# End-to-end test of the terminal reader: build the real binary, run
# `verso demo` in tmux at 120x40 (the list's status line shows the article
# and unread counts), search "lavrov", open a result, open its versions side
# by side, jump to a change, shrink the window to 20x5 (the diff stays on
# screen under a one-line header) and grow it back, go back and quit. Every step
# checks the screen text with capture-pane and the run fails loudly, with the
# screen printed, on the first step that does not show what it should.
#
# VERSO_E2E_CMD replaces the command run in tmux (default: "<built verso> demo"),
# for trying the script against another build.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  printf '\nE2E FAILED: %s\n' "$*" >&2
  if [ -n "${session:-}" ] && tmux has-session -t "$session" 2>/dev/null; then
    printf -- '--- screen ---\n' >&2
    tmux capture-pane -p -t "$session" >&2 || true
    printf -- '--------------\n' >&2
  fi
  exit 1
}

if ! command -v tmux >/dev/null 2>&1; then
  echo "installing tmux"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq tmux >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq tmux >/dev/null
  fi
  command -v tmux >/dev/null 2>&1 || fail "tmux could not be installed"
fi

work=$(mktemp -d)
session="verso-e2e-$$"
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cmd="${VERSO_E2E_CMD:-}"
if [ -z "$cmd" ]; then
  echo "building ./cmd/verso"
  go build -o "$work/verso" ./cmd/verso || fail "go build ./cmd/verso"
  cmd="$work/verso demo"
fi

# A clean environment: no user config or index, a known terminal.
mkdir -p "$work/config" "$work/data"
tmux new-session -d -s "$session" -x 120 -y 40 \
  "env -u NO_COLOR TERM=xterm-256color XDG_CONFIG_HOME='$work/config' XDG_DATA_HOME='$work/data' $cmd; echo \$? > '$work/status'" \
  || fail "could not start tmux"

screen() { tmux capture-pane -p -t "$session" 2>/dev/null || true; }

# expect TEXT [SECONDS]: wait until the screen shows TEXT.
expect() {
  local want=$1 secs=${2:-10} i
  for ((i = 0; i < secs * 10; i++)); do
    if screen | grep -qF -- "$want"; then
      return 0
    fi
    if [ -f "$work/status" ]; then
      fail "verso exited (status $(cat "$work/status")) while waiting for: $want"
    fi
    sleep 0.1
  done
  fail "timed out after ${secs}s waiting for: $want"
}

# reject TEXT: the screen must not show TEXT now.
reject() {
  if screen | grep -qF -- "$1"; then
    fail "screen unexpectedly shows: $1"
  fi
}

keys() { tmux send-keys -t "$session" "$@"; }

step() { printf '  %s\n' "$*"; }

echo "running: $cmd"
step "list opens with the demo corpus"
expect "verso" 30
expect "2 versions"
expect " articles · "
expect " unread"
reject "Your index is empty"

step "search for lavrov"
keys /
expect "Search"
keys -l lavrov
expect "results for lavrov"
expect "Lavrov"

step "open the first result"
keys Enter
# either version may rank first; both are Lavrov's story with one sibling
expect "1 other version"
expect "Lavrov"
expect "Afghanistan"
reject "results for lavrov"

step "open its versions side by side"
keys v
expect "versions 1 ↔ 2 of 2"
expect "older "
expect "newer "
expect "│"
expect "headline changed"

step "jump to the first change"
keys n
expect "change 1/"

step "shrink to 20x5: one header line and some of the diff; grow back"
tmux resize-window -t "$session" -x 20 -y 5
expect "v1 ↔ v2 of 2"
expect "change 1/"
tmux resize-window -t "$session" -x 120 -y 40
expect "versions 1 ↔ 2 of 2"
expect "older "

step "unified layout on u, back to split"
keys u
expect "~ "
keys u
expect "│"

step "back to the reader, the search, the list"
keys Escape
expect "1 other version"
keys Escape
expect "results for lavrov"
keys Escape
expect "All articles"

step "quit"
keys q
for ((i = 0; i < 100; i++)); do
  [ -f "$work/status" ] && break
  sleep 0.1
done
[ -f "$work/status" ] || fail "verso did not exit after q"
status=$(cat "$work/status")
[ "$status" = 0 ] || fail "verso exited with status $status"
for ((i = 0; i < 50; i++)); do
  tmux has-session -t "$session" 2>/dev/null || break
  sleep 0.1
done
if tmux has-session -t "$session" 2>/dev/null; then
  fail "tmux session still running after quit"
fi
echo "e2e passed"
