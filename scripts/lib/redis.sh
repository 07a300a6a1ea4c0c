# Sourced by scripts that need Redis. Starts a redis-server on the port of REDIS_URL when nothing
# answers there; sets WARMPATH_STARTED_REDIS to the pid file when it did.
WARMPATH_REDIS_PORT="$(printf '%s' "${REDIS_URL:-redis://127.0.0.1:6379/0}" | sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#')"
WARMPATH_REDIS_PORT="${WARMPATH_REDIS_PORT:-6379}"

if ! redis-cli -p "$WARMPATH_REDIS_PORT" ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null; then
    echo "no Redis answers on port $WARMPATH_REDIS_PORT and redis-server is not installed" >&2
    return 1 2>/dev/null || exit 1
  fi
  mkdir -p "$WARMPATH_ROOT/.warmpath"
  WARMPATH_STARTED_REDIS="$WARMPATH_ROOT/.warmpath/redis.pid"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$WARMPATH_REDIS_PORT" --save '' --appendonly no \
    --pidfile "$WARMPATH_STARTED_REDIS" --logfile "$WARMPATH_ROOT/.warmpath/redis.log" >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$WARMPATH_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "started redis-server on 127.0.0.1:$WARMPATH_REDIS_PORT"
fi
