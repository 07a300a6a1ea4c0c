#!/usr/bin/env bash
# Stops the Neo4j launcher started by scripts/neo4j/start.sh: SIGTERM, so Neo4j checkpoints and
# closes its stores, then SIGKILL if it has not exited within NEO4J_STOP_TIMEOUT_S (default 60).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
bolt_port="${NEO4J_BOLT_PORT:-7687}"
# Same naming as start.sh: a launcher on another port keeps its own pid file.
instance=neo4j
[[ "$bolt_port" == 7687 ]] || instance="neo4j-$bolt_port"
pid_file="$repo_root/.neo4j/$instance.pid"
stop_timeout_s="${NEO4J_STOP_TIMEOUT_S:-60}"

# Only a pid that still names this launcher is ours to signal; a pid may have been reused.
is_launcher() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'dev.warmpath.neo4j.Launcher'
}

main() {
  local pid deadline

  if [[ ! -f "$pid_file" ]]; then
    echo "neo4j: not running (no $pid_file)"
    return 0
  fi

  pid="$(<"$pid_file")"
  if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! is_launcher "$pid"; then
    echo "neo4j: not running (stale pid file removed)"
    rm -f "$pid_file"
    return 0
  fi

  kill -TERM "$pid"
  deadline=$((SECONDS + stop_timeout_s))
  while is_launcher "$pid" && ((SECONDS < deadline)); do
    sleep 0.5
  done

  if is_launcher "$pid"; then
    echo "neo4j: launcher $pid still running after ${stop_timeout_s}s; sending SIGKILL" >&2
    echo "neo4j: the next start recovers the store from its transaction log" >&2
    kill -KILL "$pid" 2>/dev/null || true
  else
    echo "neo4j: stopped (pid $pid)"
  fi
  rm -f "$pid_file"
}

main "$@"
