#!/usr/bin/env bash
# Starts Neo4j 5.26 Community (embedded, with Bolt) in the background for machines without a
# container engine, and returns once Bolt answers on 127.0.0.1. Builds the launcher first when
# its sources changed. Needs Java 17 or 21 and Maven; not node.
#
# Environment, all optional:
#   NEO4J_BOLT_PORT        Bolt port on 127.0.0.1 (default 7687); other ports get their own
#                          .neo4j/neo4j-<port>.pid and .log
#   NEO4J_DATA_DIR         store, system database and Neo4j's own logs (default <repo>/.neo4j/data)
#   NEO4J_PASSWORD         password of user neo4j, applied at every start (default warmpath-dev)
#   NEO4J_HEAP             JVM heap, -Xms and -Xmx (default 2g)
#   NEO4J_PAGECACHE        page cache (default 1g)
#   NEO4J_TX_MEMORY        cap on memory of all running transactions; 0 lifts it (default 70% heap)
#   NEO4J_GDS=1            also load Graph Data Science 2.13 (gds.* procedures)
#   NEO4J_START_TIMEOUT_S  how long to wait for Bolt (default 180)
#   JAVA_HOME              a Java 17 or 21 runtime (default: java on PATH)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
state_dir="$repo_root/.neo4j"
bolt_port="${NEO4J_BOLT_PORT:-7687}"
# A launcher on another port (a second store, say) keeps its own pid file and log.
instance=neo4j
[[ "$bolt_port" == 7687 ]] || instance="neo4j-$bolt_port"
pid_file="$state_dir/$instance.pid"
log_file="$state_dir/$instance.log"
build_log="$state_dir/build.log"

heap="${NEO4J_HEAP:-2g}"
start_timeout_s="${NEO4J_START_TIMEOUT_S:-180}"
export NEO4J_BOLT_PORT="$bolt_port"
export NEO4J_DATA_DIR="${NEO4J_DATA_DIR:-$state_dir/data}"
# The launcher runs from .neo4j, so a relative folder is anchored to the caller's directory now.
[[ "$NEO4J_DATA_DIR" == /* ]] || NEO4J_DATA_DIR="$PWD/$NEO4J_DATA_DIR"

gds_plugin_dir="$script_dir/target/gds-plugins"
if [[ "${NEO4J_GDS:-0}" == 1 ]]; then
  lib_dir="$script_dir/target/lib-gds"
  maven_profile=(-Pgds)
  export NEO4J_GDS_PLUGIN_DIR="$gds_plugin_dir"
else
  lib_dir="$script_dir/target/lib"
  maven_profile=()
  unset NEO4J_GDS_PLUGIN_DIR
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

fail() {
  echo "neo4j: $*" >&2
  exit 1
}

# Sends a Bolt handshake (magic 0x6060B017, then versions 5.8 down to 5.0, and 4.4) and succeeds
# when the server picks one. Plain bash, so the check needs neither node nor a driver.
bolt_answers() {
  # shellcheck disable=SC2016 # the inner script expands its own "$1"
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf "\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00" >&3
    reply="$(head -c 4 <&3 | od -An -tx1 | tr -d " \n")"
    [[ ${#reply} == 8 && $reply != 00000000 ]]
  ' _ "$bolt_port" 2>/dev/null
}

# The pid file may outlive its process, and a pid may be reused: trust it only while it names
# this launcher.
launcher_pid() {
  local pid

  [[ -f "$pid_file" ]] || return 1
  pid="$(<"$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'dev.warmpath.neo4j.Launcher' || return 1
  echo "$pid"
}

needs_build() {
  local stamp="$lib_dir/.built"

  [[ -f "$stamp" && -f "$script_dir/target/classes/dev/warmpath/neo4j/Launcher.class" ]] || return 0
  [[ -n "$(find "$script_dir/pom.xml" "$script_dir/src" -newer "$stamp" -print -quit)" ]]
}

build() {
  command -v mvn >/dev/null || fail "mvn not found; install Maven 3.8+ to build the launcher"
  echo "neo4j: building the launcher (a first build downloads about 170 MB from Maven Central)"
  # A fresh folder, so no jar of an older version stays on the classpath.
  rm -rf "$lib_dir" "$gds_plugin_dir"
  if ! mvn -B -q -f "$script_dir/pom.xml" "${maven_profile[@]}" package >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    fail "build failed; full output in $build_log"
  fi
  touch "$lib_dir/.built"
}

check_java() {
  local version major

  command -v "$java_bin" >/dev/null || fail "java not found; install Java 17 or 21 or set JAVA_HOME"
  version="$("$java_bin" -XshowSettings:properties -version 2>&1 |
    awk -F' = ' '/java.specification.version/ {print $2}')"
  major="${version%%.*}"
  if ! [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]]; then
    fail "Neo4j 5.26 needs Java 17 or 21; $java_bin is '$version'"
  fi
}

launch() {
  # The three --add-opens are the java.base packages Neo4j's own start script opens: without them
  # the page cache falls back to slower buffers and transaction-log file hints fail.
  local jvm_options=(
    "-Xms$heap" "-Xmx$heap"
    -XX:+UseG1GC
    -XX:-OmitStackTraceInFastThrow
    -XX:+ExitOnOutOfMemoryError
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true
    -Dfile.encoding=UTF-8
  )

  [[ -f "$log_file" ]] && mv -f "$log_file" "$log_file.1"
  cd "$state_dir"
  # setsid: the launcher must outlive the shell (and terminal) that started it.
  # 9>&-: the start lock must not pass to the JVM, or it would be held until Neo4j stops.
  nohup setsid "$java_bin" "${jvm_options[@]}" \
    -cp "$script_dir/target/classes:$lib_dir/*" dev.warmpath.neo4j.Launcher \
    >"$log_file" 2>&1 </dev/null 9>&- &
  echo $! >"$pid_file"
}

wait_until_ready() {
  local pid="$1"
  local deadline=$((SECONDS + start_timeout_s))

  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log_file" >&2
      rm -f "$pid_file"
      fail "launcher exited during start-up; log: $log_file," \
        "Neo4j's own log: $NEO4J_DATA_DIR/logs/debug.log"
    fi
    if grep -q '^neo4j ready ' "$log_file" 2>/dev/null && bolt_answers; then
      return 0
    fi
    sleep 0.25
  done

  tail -n 40 "$log_file" >&2
  fail "Bolt not answering on 127.0.0.1:$bolt_port after ${start_timeout_s}s; launcher $pid left" \
    "running (stop it with scripts/neo4j/stop.sh); log: $log_file"
}

main() {
  local started=$SECONDS pid

  mkdir -p "$state_dir"
  # Two starts at once (parallel test runs, say) would build together and launch two JVMs on one
  # store; the second waits here and then finds Bolt answering.
  exec 9>"$state_dir/$instance.lock"
  flock 9
  if bolt_answers; then
    echo "neo4j: already answering on bolt://127.0.0.1:$bolt_port"
    return 0
  fi

  if pid="$(launcher_pid)"; then
    echo "neo4j: launcher $pid is starting; waiting for Bolt"
  else
    check_java
    if needs_build; then
      build
    fi
    launch
    pid="$(<"$pid_file")"
  fi
  wait_until_ready "$pid"
  echo "neo4j: ready on bolt://127.0.0.1:$bolt_port" \
    "(pid $pid, $((SECONDS - started)) s, log $log_file)"
}

main "$@"
