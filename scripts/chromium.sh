# Sourced by test.sh: Debian's chromium for tests/Browser.Tests (Swagger UI in a real headless browser).
# Installed with apt when missing and allowed; otherwise the browser tests fail with one line saying so.

chromium_ensure_installed() {
  local path="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$path" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium not found at $path (needed by tests/Browser.Tests): apt-get install -y chromium, or set CHROMIUM_PATH." >&2
    return 0
  fi
  echo "Installing chromium with apt (for the Swagger UI browser test)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
}
