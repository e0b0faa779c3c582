"""loss_query.py — run a query that uses the extension from Python.

    /usr/bin/python3 examples/loss_query.py DATABASE "SELECT ..." [EXTENSION]

Python's sqlite3 module loads extensions only where it was built with
enable_load_extension (Debian's /usr/bin/python3 is; pyenv's and some macOS
builds are not). connect_with_extension() uses it when present; otherwise
query() falls back to the sqlite3 shell, which loads the extension and
returns the rows as JSON (sqlite3 -json, SQLite 3.33 or later). Set
CE_FORCE_SHELL=1 to take the fallback on purpose.
"""
import json
import os
import sqlite3
import subprocess
import sys

DEFAULT_EXTENSION = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "..", "dist", "crossentropy")


def connect_with_extension(database, extension=DEFAULT_EXTENSION):
    """A connection with the functions loaded, or None where this Python
    cannot load extensions."""
    if os.environ.get("CE_FORCE_SHELL") or not hasattr(
            sqlite3.Connection, "enable_load_extension"):
        return None
    con = sqlite3.connect(database)
    con.enable_load_extension(True)
    con.load_extension(extension)
    con.enable_load_extension(False)
    return con


def query(database, sql, extension=DEFAULT_EXTENSION):
    """The rows of sql as a list of tuples, by whichever route works."""
    con = connect_with_extension(database, extension)
    if con is not None:
        with con:
            return [tuple(row) for row in con.execute(sql)]
    out = subprocess.run(["sqlite3", "-json", database, ".load " + extension,
                          sql], check=True, capture_output=True, text=True)
    return [tuple(row.values()) for row in json.loads(out.stdout or "[]")]


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    for row in query(*sys.argv[1:]):
        print("|".join("" if v is None else repr(v) for v in row))
