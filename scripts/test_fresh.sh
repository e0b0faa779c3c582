#!/bin/sh
# test_fresh.sh — `make test-fresh`: the README's two commands on a brand-new
# Debian 12 root, where nothing was installed by hand.
#
#  (1) The root is Debian 12's minimal base (mmdebstrap --variant=minbase)
#      plus what this machine kind ships before anyone touches it:
#      BASE_PACKAGES below. Its packages come from the mirror of the host's
#      own apt sources, read at run time (no host name is written here),
#      with the host's Acquire:: options (a snapshot mirror may need
#      Check-Valid-Until off). A root that is not Debian 12 is refused.
#  (2) The root is cached as build/fresh/root-KEY.tar, KEY a hash of all
#      that makes it (this script, the sources, the apt options, the
#      mmdebstrap version) and of the month, so that a cached base is never
#      older than a month. The tarball is only ever the pristine base:
#      every run unpacks a new copy, so nothing a run installs survives it,
#      and the install steps (scripts/deps.sh, the Makefile) always run from
#      scratch. FRESH_NO_CACHE=1 builds the root anew.
#  (3) The committed HEAD is cloned into it: uncommitted changes are not
#      tested (a warning says so).
#  (4) In a chroot, /proc mounted (and unmounted on exit, failures too), as
#      root with a clean environment (CI passed through for -Werror), it
#      runs exactly the commands of the README's "Two commands" block, in
#      order, stopping at the first that fails.
#  (5) It prints each command's last lines and the time it took, and the
#      time of each stage; it exits non-zero if a command fails, and then
#      keeps the root for a look (build/fresh/root); a passing run removes it.
#  (6) Interrupted (INT, TERM), it stops the command running in the chroot
#      (its whole process group), unmounts /proc and exits 130 or 143.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
self=$top/scripts/test_fresh.sh
BASE_PACKAGES="build-essential,make,git,ca-certificates,tcl,sqlite3,libsqlite3-dev"
SUITE=bookworm
VARIANT=minbase
work=$top/build/fresh
root=$work/root
[ "$(id -u)" = 0 ] || { echo "test-fresh: needs root (mmdebstrap and chroot)" >&2; exit 1; }
# The checkout may belong to another user than root (sudo make test-fresh).
git_() { git -c safe.directory="$top" "$@"; }

now() { date +%s; }
stage() { printf '== %-34s %4d s\n' "$1" $(( $(now) - $2 )); }

# The README's commands (4): the `make ...` lines of the sh block that
# follows the "## Two commands" heading, comments stripped.
commands=$(awk '/^## Two commands/ {h=1; next}
                h && /^```sh/ {b=1; next}
                b && /^```/ {exit}
                b {sub(/[ \t]*#.*/, ""); if ($0 != "") print}' README.md)
[ -n "$commands" ] || { echo "test-fresh: no commands found under '## Two commands' in README.md" >&2; exit 1; }

# (6) the command running in the chroot, as its own process group.
child=
mounted() { grep -qs " $1 " /proc/mounts; }
cleanup() {
  if mounted "$root/proc"; then umount "$root/proc" || umount -l "$root/proc"; fi
}
interrupted() {
  [ -z "$child" ] || { kill -TERM "-$child" 2>/dev/null; wait "$child" 2>/dev/null; }
  exit "$1"
}
trap cleanup EXIT
trap 'interrupted 130' INT
trap 'interrupted 143' TERM

# Never delete through a mount point that a run left behind.
remove_root() {
  cleanup
  if grep -qs " $root/" /proc/mounts; then
    echo "test-fresh: something is still mounted under $root; not removing it" >&2
    exit 1
  fi
  rm -rf --one-file-system "$root"
}

mkdir -p "$work"

# (1) the sources and apt options, from the host.
sources=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -qv '^[[:space:]]*\(#\|$\)' "$f" && sources="$sources $f"
done
[ -n "$sources" ] || { echo "test-fresh: the host has no apt sources to take the mirror from" >&2; exit 1; }
aptopts=$work/apt-options.conf
apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|https?::Proxy|Retries) ' > "$aptopts" || true

# (2) the cache key: everything the root is made from, and the month.
# shellcheck disable=SC2086  # $sources is a list of file names
key=$( { date -u +%Y-%m; mmdebstrap --version; cat "$self" $sources "$aptopts"; } |
       sha256sum | cut -c1-16)
tarball=$work/root-$key.tar

t=$(now)
if [ -f "$tarball" ] && [ -z "${FRESH_NO_CACHE:-}" ]; then
  stage "root: cached ($(basename "$tarball"))" "$t"
else
  rm -rf --one-file-system "$work"/root-*.tar "$work/partial.tar"
  # shellcheck disable=SC2086
  if ! mmdebstrap --variant=$VARIANT --include=$BASE_PACKAGES --aptopt="$aptopts" \
         "$SUITE" "$work/partial.tar" $sources > "$work/mmdebstrap.log" 2>&1; then
    tail -20 "$work/mmdebstrap.log" >&2
    echo "test-fresh: mmdebstrap failed (log: $work/mmdebstrap.log)" >&2
    exit 1
  fi
  mv "$work/partial.tar" "$tarball"   # (mmdebstrap reads the format from .tar)
  stage "root: built by mmdebstrap" "$t"
fi

t=$(now)
remove_root
mkdir -p "$root"
tar -C "$root" -xf "$tarball"
grep -qx 'VERSION_ID="12"' "$root/etc/os-release" || {
  echo "test-fresh: the root is not Debian 12 (the host's apt sources name another release):" >&2
  grep PRETTY_NAME "$root/etc/os-release" >&2
  exit 1
}
rm -f "$root/etc/resolv.conf"
cp /etc/resolv.conf "$root/etc/resolv.conf"
stage "root: unpacked" "$t"

# (3) the committed HEAD.
t=$(now)
head=$(git_ rev-parse HEAD)
[ -z "$(git_ status --porcelain)" ] ||
  echo "test-fresh: warning: uncommitted changes are not part of this test" >&2
git -c safe.directory='*' clone -q --no-checkout --no-hardlinks \
  --upload-pack="git -c safe.directory='*' upload-pack" "file://$top" "$root/root/sqlite-crossentropy"
git -C "$root/root/sqlite-crossentropy" checkout -q "$head"
stage "clone of HEAD $(git_ rev-parse --short HEAD)" "$t"

mount -t proc proc "$root/proc"
status=0
while IFS= read -r cmd; do
  t=$(now)
  log=$work/$(printf '%s' "$cmd" | tr -c 'A-Za-z0-9' '-').log
  rc=0
  setsid chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${CI:+CI="$CI"} /bin/sh -c "cd /root/sqlite-crossentropy && $cmd" > "$log" 2>&1 &
  child=$!
  wait "$child" || rc=$?
  child=
  echo "-- $cmd: last lines (whole log: $log)"
  tail -5 "$log" | sed 's/^/   /'
  stage "$cmd (exit $rc)" "$t"
  [ "$rc" = 0 ] || { status=1; break; }
done <<END_OF_COMMANDS
$commands
END_OF_COMMANDS

if [ "$status" = 0 ]; then
  remove_root
  echo "test-fresh: the README's commands passed on a fresh Debian 12 root"
else
  cleanup
  echo "test-fresh: FAILED on a fresh Debian 12 root (kept for a look: $root)" >&2
fi
exit $status
