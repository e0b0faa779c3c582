# pg_server.sh — sourced by scripts/postgres_test.sh and bench/postgres.sh:
# PostgreSQL 15 installed if missing (as root, from Debian), the extension
# built and installed (PGXS), and a throwaway cluster in $pg_dir on a Unix
# socket, run as the postgres user (the server refuses root). The cluster
# lives in a new directory under /tmp, which the postgres user can reach
# wherever the repository is (a clone under /root is not readable by it).
# After sourcing: pg_start, pg_stop, and $pg_dir, $pg_port for clients.
pg_dir=
pg_port=${CE_PGPORT:-54329}

pg_install() {
  if ! command -v pg_config >/dev/null 2>&1 || [ ! -x "$(pg_config --bindir 2>/dev/null)/initdb" ] ||
     [ ! -f "$(pg_config --pgxs 2>/dev/null)" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing postgresql-15 postgresql-server-dev-15" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq postgresql-15 postgresql-server-dev-15 >/dev/null
    else
      echo "needs PostgreSQL 15 and its headers:" >&2
      echo "    sudo apt-get install -y postgresql-15 postgresql-server-dev-15" >&2
      return 1
    fi
  fi
  [ "$(id -u)" = 0 ] || { echo "run as root (installs into PostgreSQL, runuser)" >&2; return 1; }
  make -s -C ext/postgres && make -s -C ext/postgres install >/dev/null
}

pg_start() {
  pg_bin=$(pg_config --bindir)
  pg_dir=$(mktemp -d /tmp/crossentropy-pg.XXXXXX)
  chown postgres "$pg_dir"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres \
    >"$pg_dir/initdb.log" 2>&1
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-k $pg_dir -c listen_addresses= -p $pg_port" start >/dev/null
  trap pg_stop EXIT
}

pg_stop() {
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
