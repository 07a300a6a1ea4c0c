#!/usr/bin/env bash
# npm run demo: from a fresh clone to a running API with the demo town loaded. Installs what is
# missing, starts Neo4j and Redis when none answers (Docker Compose when a container engine runs,
# otherwise the Neo4j launcher and a local redis-server), migrates, seeds and serves.
set -euo pipefail
WARMPATH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$WARMPATH_ROOT"

source scripts/lib/node24.sh
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund

export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:7687}"
export NEO4J_USER="${NEO4J_USER:-neo4j}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-warmpath-dev}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export PORT="${PORT:-4000}"
export GRAPHIQL="${GRAPHIQL:-true}"

# The demo keeps its token secret beside the store, so path tokens survive a restart.
mkdir -p .warmpath
[ -s .warmpath/token-secret ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" > .warmpath/token-secret
export TOKEN_SECRET="${TOKEN_SECRET:-$(cat .warmpath/token-secret)}"

export NEO4J_BOLT_PORT="$(printf '%s' "$NEO4J_URI" | sed -E 's#^[a-z+]+://[^:/]+:?([0-9]*).*#\1#')"
NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
if ! (exec 3<>"/dev/tcp/127.0.0.1/$NEO4J_BOLT_PORT") 2>/dev/null; then
  if docker info >/dev/null 2>&1; then
    docker compose up -d --wait neo4j redis
  else
    npm run --silent neo4j:start
  fi
fi
source scripts/lib/redis.sh

npm run --silent migrate
npm run --silent seed -- --network demo
# A fresh internal admin key for this run, printed with the sample query.
WARMPATH_DEMO_KEY="$(node --import tsx scripts/admin.ts keys create --name demo --scopes admin --internal | tail -n 1)"
export WARMPATH_DEMO_KEY
node --import tsx scripts/demo-sample.ts

exec node --import tsx services/api/src/server.ts
