# shellcheck shell=bash
# Node.js for the interop suite (tests/Interop/server runs the real better-auth). Source it; it defines
# functions only. Each prints one line saying why when it cannot deliver: the suite is never skipped.

INTEROP_SERVER_DIR="tests/Interop/server"

# Installs Node.js and npm with apt when node is missing (Debian), then insists on Node.js 20+ (kysely, a
# better-auth dependency, needs it).
node_ensure_installed() {
  if ! command -v node >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "Interop suite: Node.js 20+ and npm are required and not installed (install them, or run as root on Debian so apt-get can)." >&2
      return 1
    fi
    echo "Installing Node.js and npm with apt..."
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }; then
      echo "Interop suite: apt-get install nodejs npm failed; Node.js 20+ and npm are required." >&2
      return 1
    fi
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "Interop suite: node is installed but npm is not; install npm (it must match this Node.js)." >&2
    return 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Interop suite: Node.js $(node --version) is too old; better-auth 1.3.32 needs Node.js 20+." >&2
    return 1
  fi
}

# Installs the interop server's packages exactly as locked, when missing or older than the lockfile.
interop_packages_ensure() {
  local dir="$INTEROP_SERVER_DIR"
  if [ -d "$dir/node_modules/better-auth" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    return 0
  fi
  echo "Installing the interop server's packages (npm ci)..."
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    echo "Interop suite: npm ci failed in $dir; the npm registry must be reachable." >&2
    return 1
  fi
}
