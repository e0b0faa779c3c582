#!/bin/sh
# build_wheel.sh — `make wheel`: the Python package's sdist and wheel in
# dist/, built offline with this Python's setuptools, wheel and pip
# (PYTHON, default Debian's /usr/bin/python3; docs/python.md).
#
#   1. build/python/tree: python/'s files, docs/python.md as README.md, and
#      the library's sources (ext/flags.mk and its LIBRARY_DIRS, which the
#      Makefile passes): the sdist's contents, since an sdist holds nothing
#      from outside its own folder.
#   2. The sdist, by setuptools' own PEP 517 hook.
#   3. The wheel, by pip from the unpacked sdist (so the sdist is proven to
#      build), without build isolation or an index: nothing is downloaded.
#   4. Both replace any earlier sqlite_crossentropy files in dist/.
set -eu
py=${PYTHON:-/usr/bin/python3}
dirs=${LIBRARY_DIRS:?make wheel passes the LIBRARY_DIRS of ext/flags.mk}
top=$(pwd)
stage=build/python
rm -rf "$stage/tree" "$stage/sdist" "$stage/unpacked" "$stage/wheel"
mkdir -p "$stage/tree/sqlite_crossentropy" "$stage/tree/ext" "$stage/sdist" \
         "$stage/unpacked" "$stage/wheel" dist

cp python/pyproject.toml python/setup.py python/wheel_tag.py python/MANIFEST.in "$stage/tree/"
cp python/sqlite_crossentropy/*.py "$stage/tree/sqlite_crossentropy/"
rm -f "$stage/tree/sqlite_crossentropy/_version.py"
cp docs/python.md "$stage/tree/README.md"
cp ext/flags.mk "$stage/tree/ext/"
for d in $dirs; do
  mkdir -p "$stage/tree/$d"
  cp "$d"/*.c "$d"/*.h "$stage/tree/$d/"
done

(cd "$stage/tree" && "$py" -c 'import sys
from setuptools import build_meta
build_meta.build_sdist(sys.argv[1])' "$top/$stage/sdist") > "$stage/sdist.log" 2>&1 ||
  { cat "$stage/sdist.log" >&2; echo "make wheel: the sdist failed (above)" >&2; exit 1; }
sdist=$(ls "$stage"/sdist/*.tar.gz)
tar -xzf "$sdist" -C "$stage/unpacked"

"$py" -m pip wheel --quiet --no-build-isolation --no-index --no-deps \
  --wheel-dir "$stage/wheel" "$stage"/unpacked/*/ > "$stage/wheel.log" 2>&1 ||
  { cat "$stage/wheel.log" >&2; echo "make wheel: the wheel failed (above)" >&2; exit 1; }

rm -f dist/sqlite_crossentropy-* dist/sqlite-crossentropy-*
mv "$sdist" "$stage"/wheel/*.whl dist/
for f in dist/sqlite_crossentropy-*.whl dist/sqlite*crossentropy-*.tar.gz; do
  echo "$f ($(wc -c < "$f" | tr -d ' ') bytes)"
done
