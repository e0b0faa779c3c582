"""sqlite_crossentropy: cross-entropy losses inside SQLite queries.

The sqlite-crossentropy extension, compiled into this package, and the one
call that loads it into a connection:

    import sqlite3, sqlite_crossentropy
    con = sqlite3.connect("eval.db")
    sqlite_crossentropy.load(con)
    con.execute("SELECT mean_cross_entropy(label, prob) FROM preds").fetchone()

Rules, cited in the code as (1)..(5):
 (1) load(conn) takes a sqlite3.Connection (or a subclass of it) or an
     apsw.Connection; anything else is a TypeError naming what it got.
 (2) Extension loading is switched on for the load only, and off again
     afterwards, also when the load fails: SQL run later on the connection
     cannot call load_extension().
 (3) A sqlite3 module built without extension loading has no
     enable_load_extension(): load() then raises ExtensionLoadingUnsupported
     (a sqlite3.NotSupportedError) saying what is missing, why, and what to
     do instead.
 (4) SQLite's own error, for a library it cannot load, reaches the caller
     unchanged, as the host's exception (sqlite3.OperationalError,
     apsw.ExtensionLoadingError).
 (5) __version__ is the library's crossentropy_version(): both come from
     ext/core/version.h when the package is built.
"""
import os
import sqlite3
import sys

from ._version import __version__                                      # (5)

__all__ = ["load", "loadable_path", "ExtensionLoadingUnsupported", "__version__"]

ENTRY_POINT = "sqlite3_crossentropy_init"
_LIBRARY_NAME = "crossentropy." + ("dylib" if sys.platform == "darwin" else "so")


class ExtensionLoadingUnsupported(sqlite3.NotSupportedError):
    """This Python's sqlite3 module cannot load extensions (rule 3)."""


def loadable_path():
    """The bundled library's full path, for hosts that load a file by name:
    sqlite-utils' --load-extension, the sqlite3 shell's .load, Datasette."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), _LIBRARY_NAME)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            "sqlite_crossentropy: the compiled library %s is not in the package; "
            "this copy was not installed from a wheel or an sdist build "
            "(make wheel, then pip install dist/sqlite_crossentropy-*.whl)" % path)
    return path


def load(conn):
    """Load the extension's functions into conn: a sqlite3.Connection or an
    apsw.Connection. Returns None; the functions stay for the connection's
    life, and loading twice is harmless."""
    if isinstance(conn, sqlite3.Connection):
        _load_sqlite3(conn)
        return
    apsw = sys.modules.get("apsw")          # only ever imported by the caller
    if apsw is not None and isinstance(conn, apsw.Connection):
        _load_apsw(conn)
        return
    kind = type(conn)
    name = kind.__qualname__ if kind.__module__ == "builtins" else \
        "%s.%s" % (kind.__module__, kind.__qualname__)
    raise TypeError(                                                    # (1)
        "sqlite_crossentropy.load(): conn must be a sqlite3.Connection or an "
        "apsw.Connection, got %s" % name)


def _load_sqlite3(conn):
    enable = getattr(conn, "enable_load_extension", None)
    if enable is None:
        raise ExtensionLoadingUnsupported(_no_loading_message())        # (3)
    path = loadable_path()
    enable(True)                                                        # (2)
    try:
        conn.load_extension(path)                                       # (4)
    finally:
        enable(False)


def _load_apsw(conn):
    # APSW's own names, and the PEP 8 ones its newer releases add.
    enable = getattr(conn, "enable_load_extension", None) or conn.enableloadextension
    load_file = getattr(conn, "load_extension", None) or conn.loadextension
    path = loadable_path()
    enable(True)                                                        # (2)
    try:
        load_file(path, ENTRY_POINT)                                    # (4)
    finally:
        enable(False)


def _no_loading_message():
    version = "%d.%d.%d" % sys.version_info[:3]
    return (
        "sqlite_crossentropy.load(): this Python's sqlite3 module cannot load "
        "extensions: sqlite3.Connection has no enable_load_extension().\n"
        "Why: Python %s at %s was built without --enable-loadable-sqlite-extensions "
        "(pyenv's builds and python.org's macOS installers are, by default).\n"
        "What to do, any one of:\n"
        "  - use a Python built with it: Debian's and Ubuntu's /usr/bin/python3 "
        "(and the venvs made from it), or Homebrew's python3;\n"
        "  - use APSW instead of sqlite3 (pip install apsw; its wheels load "
        "extensions): sqlite_crossentropy.load(apsw.Connection(\"eval.db\"));\n"
        "  - rebuild this Python with the option, e.g. with pyenv: "
        "PYTHON_CONFIGURE_OPTS=\"--enable-loadable-sqlite-extensions\" pyenv install %s"
        % (version, sys.base_prefix, version))
