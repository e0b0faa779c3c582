# pg_server.sh — sourced by scripts/postgres_test.sh and bench/postgres.sh:
# PostgreSQL 15 (installed by the make targets: scripts/deps.sh postgres), the extension
# built and installed (PGXS), and a throwaway cluster in $pg_dir on a Unix
# socket, run as the postgres user (the server refuses root). The cluster
# lives in a new directory under /tmp, which the postgres user can reach
# wherever the repository is (a clone under /root is not readable by it).
# After sourcing: pg_start, pg_stop, and $pg_dir, $pg_port for clients.
pg_dir=
pg_port=${CE_PGPORT:-54329}

pg_install() {   # (the make targets have run scripts/deps.sh postgres)
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
