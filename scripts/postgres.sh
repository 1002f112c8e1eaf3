# shellcheck shell=bash
# PostgreSQL helpers shared by run.sh and .ci/run. Source it; it defines functions only.
# initdb/postgres refuse to run as root, so as root every server command runs as the postgres OS user.

pg_bindir() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null)
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  return 1
}

# Installs the PostgreSQL server with apt when no initdb can be found (CI and fresh machines).
pg_ensure_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries (initdb) not found; install PostgreSQL 15+ or set ConnectionStrings__Default." >&2
    return 1
  fi
  echo "Installing PostgreSQL with apt..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
  # The Debian package creates and starts a default cluster; this project runs its own, so stop that one.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    for c in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster "$c" main stop >/dev/null 2>&1 || true; done
  fi
  pg_bindir >/dev/null
}

# Runs a server command as the right OS user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Prints a data folder the server's OS user can reach: the preferred one when possible, else one under /var/tmp.
pg_usable_datadir() {
  local preferred=$1
  mkdir -p "$(dirname "$preferred")"
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$(dirname "$preferred")" 2>/dev/null; then
    echo "$preferred"
  else
    echo "/var/tmp/app-dev-postgres-$(echo "$preferred" | sha1sum | cut -c1-10)"
  fi
}

# pg_start DATADIR PORT LOGFILE: initialises the cluster on first use, then starts it on 127.0.0.1:PORT.
pg_start() {
  local datadir=$1 port=$2 logfile=$3 bindir
  bindir=$(pg_bindir) || return 1
  if [ ! -f "$datadir/PG_VERSION" ]; then
    mkdir -p "$datadir"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$datadir"
    chmod 700 "$datadir"
    pg_as_owner "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --no-locale >/dev/null || return 1
  fi
  touch "$logfile"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$logfile"
  pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $datadir -c max_connections=200" start >/dev/null
}

pg_stop() {
  local datadir=$1 bindir
  bindir=$(pg_bindir) || return 0
  pg_as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}

pg_is_running() {
  local datadir=$1 bindir
  bindir=$(pg_bindir) || return 1
  pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1
}
