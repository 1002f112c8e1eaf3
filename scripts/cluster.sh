# shellcheck shell=bash
# HAProxy and PgBouncer helpers for ./run.sh --instances N [--pgbouncer] and .ci/run. Source it; it defines
# functions only. Both come from Debian (HAProxy 2.6, PgBouncer 1.18) and are installed with apt when missing.

# apt_ensure NAME: installs Debian package NAME when its binary is missing; stops the service the package may start.
apt_ensure() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1 || [ -x "/usr/sbin/$name" ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "$name not found; install it (Debian: apt install $name)." >&2
    return 1
  fi
  echo "Installing $name with apt..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "$name" >/dev/null
  # The package's own service (default config) is not ours: this project starts its own with its own config.
  if [ -x "/etc/init.d/$name" ]; then "/etc/init.d/$name" stop >/dev/null 2>&1 || true; fi
}

haproxy_ensure_installed() { apt_ensure haproxy; }
pgbouncer_ensure_installed() { apt_ensure pgbouncer; }

cluster_bin() { command -v "$1" 2>/dev/null || echo "/usr/sbin/$1"; }

# haproxy_servers_cfg LB_PORT INSTANCE_PORT...: the frontend and one server per instance, after deploy/haproxy/defaults.cfg.
haproxy_servers_cfg() {
  local lb_port=$1 i=0 port
  shift
  printf 'frontend api\n    bind 127.0.0.1:%s\n    default_backend api\n\nbackend api\n    balance roundrobin\n' "$lb_port"
  for port in "$@"; do
    i=$((i + 1))
    printf '    server api%s 127.0.0.1:%s check\n' "$i" "$port"
  done
}

# pgbouncer_start DIR PORT PG_HOST PG_PORT PG_USER: PgBouncer in transaction mode in the background (pidfile in DIR).
# It refuses to run as root, so as root it runs as the postgres OS user, which must be able to write DIR.
pgbouncer_start() {
  local dir=$1 port=$2 pg_host=$3 pg_port=$4 pg_user=$5
  mkdir -p "$dir"
  cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$pg_host port=$pg_port user=$pg_user

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
; Loopback only, for development: clients do not authenticate to the pooler.
auth_type = any
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
    runuser -u postgres -- "$(cluster_bin pgbouncer)" -d -q "$dir/pgbouncer.ini"
  else
    "$(cluster_bin pgbouncer)" -d -q "$dir/pgbouncer.ini"
  fi
}

pgbouncer_stop() {
  local dir=$1
  if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
}
