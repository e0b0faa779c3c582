# pg_server.sh — sourced by scripts/postgres_test.sh and bench/postgres.sh:
# PostgreSQL 15 (installed by the make targets: scripts/deps.sh postgres), the extension
# built and installed (PGXS), and a throwaway cluster in $pg_dir on a Unix
# socket, run as the postgres user (the server refuses root). The cluster
# lives in a new directory under /tmp, which the postgres user can reach
# wherever the repository is (a clone under /root is not readable by it).
# After sourcing: pg_start, pg_stop, and $pg_dir, $pg_port for clients;
# pg_start_sharded starts three clusters instead (make test-sharded's), each
# on its own socket directory, named in $CE_SHARDS. No cluster listens on
# TCP: initdb's trust authentication must not reach other users.
pg_dir=
pg_port=${CE_PGPORT:-54329}
pg_clusters=

pg_install() {   # (the make targets have run scripts/deps.sh postgres)
  [ "$(id -u)" = 0 ] || { echo "run as root (installs into PostgreSQL, runuser)" >&2; return 1; }
  make -s -C ext/postgres && make -s -C ext/postgres install >/dev/null
}

# The new directory under /tmp, removed with every cluster in it on exit,
# interrupted or not.
pg_tmpdir() {
  pg_bin=$(pg_config --bindir)
  pg_dir=$(mktemp -d /tmp/crossentropy-pg.XXXXXX)
  chown postgres "$pg_dir"
  trap pg_stop EXIT
  trap 'exit 1' INT TERM HUP
}

pg_start() {
  pg_tmpdir
  pg_init "$pg_dir" && pg_run "$pg_dir" "$pg_port"
}

# A cluster in DIR/data, its socket in DIR on PORT, no TCP.
pg_init() {
  runuser -u postgres -- "$pg_bin/initdb" -D "$1/data" -A trust -U postgres >"$1/initdb.log" 2>&1
}
pg_run() {
  pg_clusters="$pg_clusters $1"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w \
    -o "-k $1 -c listen_addresses= -p $2" start >/dev/null
}

# A coordinator and two shards (make test-sharded, make bench-sharded), in
# $pg_dir/coordinator, shard_a, shard_b; "DIR:PORT ..." of each in
# $CE_SHARDS. A cluster that does not start stops it here.
pg_start_sharded() {
  pg_tmpdir
  CE_SHARDS=
  for name in coordinator shard_a shard_b; do
    mkdir "$pg_dir/$name" && chown postgres "$pg_dir/$name" &&
      pg_init "$pg_dir/$name" && pg_run "$pg_dir/$name" "$pg_port" || return 1
    CE_SHARDS="$CE_SHARDS $pg_dir/$name:$pg_port"
  done
  export CE_SHARDS
}

pg_stop() {
  for d in $pg_clusters; do
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$pg_dir"
}
