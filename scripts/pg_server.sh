# pg_server.sh — sourced by scripts/postgres_test.sh and bench/postgres.sh:
# PostgreSQL 15 (installed by the make targets: scripts/deps.sh postgres), the extension
# built and installed (PGXS), and a throwaway cluster in $pg_dir on a Unix
# socket, run as the postgres user (the server refuses root). The cluster
# lives in a new directory under /tmp, which the postgres user can reach
# wherever the repository is (a clone under /root is not readable by it).
# After sourcing: pg_start, pg_stop, and $pg_dir, $pg_port for clients;
# pg_cluster NAME PORT starts one more cluster (make test-sharded's three),
# listening on 127.0.0.1:PORT as well as on its socket in $pg_dir/NAME.
pg_dir=
pg_port=${CE_PGPORT:-54329}
pg_clusters=

pg_install() {   # (the make targets have run scripts/deps.sh postgres)
  [ "$(id -u)" = 0 ] || { echo "run as root (installs into PostgreSQL, runuser)" >&2; return 1; }
  make -s -C ext/postgres && make -s -C ext/postgres install >/dev/null
}

pg_start() {
  pg_bin=$(pg_config --bindir)
  pg_dir=$(mktemp -d /tmp/crossentropy-pg.XXXXXX)
  chown postgres "$pg_dir"
  trap pg_stop EXIT
  pg_init "$pg_dir" && pg_run "$pg_dir" "-c listen_addresses= -p $pg_port"
}

# A cluster in DIR/data, its socket in DIR; started with server OPTIONS.
pg_init() {
  runuser -u postgres -- "$pg_bin/initdb" -D "$1/data" -A trust -U postgres >"$1/initdb.log" 2>&1
}
pg_run() {
  pg_clusters="$pg_clusters $1"
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w \
    -o "-k $1 $2" start >/dev/null
}

pg_cluster() {
  mkdir "$pg_dir/$1" && chown postgres "$pg_dir/$1"
  pg_init "$pg_dir/$1" && pg_run "$pg_dir/$1" "-c listen_addresses=127.0.0.1 -p $2"
}

# A coordinator and two shards on ports BASE, BASE+1, BASE+2 (make
# test-sharded, make bench-sharded); their ports in $CE_SHARD_PORTS.
pg_start_sharded() {
  pg_start
  pg_cluster coordinator "$1" && pg_cluster shard_a $(($1 + 1)) && pg_cluster shard_b $(($1 + 2))
  CE_SHARD_PORTS="$1 $(($1 + 1)) $(($1 + 2))"
  export CE_SHARD_PORTS
}

pg_stop() {
  for d in $pg_clusters; do
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$d/data" -m fast -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$pg_dir"
}
