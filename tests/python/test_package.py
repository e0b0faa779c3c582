"""test_package.py: the installed package itself: which copy is imported,
its library, its version, load() on sqlite3 connections and its errors
(rules (1)..(5) of sqlite_crossentropy/__init__.py)."""
import json
import os
import re
import sqlite3
import sys

import pytest

import sqlite_crossentropy
from conftest import top_path


def test_the_installed_copy_is_the_one_imported():
    assert sys.prefix != sys.base_prefix                    # inside a venv
    package_dir = os.path.dirname(os.path.abspath(sqlite_crossentropy.__file__))
    assert package_dir.startswith(os.path.abspath(sys.prefix) + os.sep)
    assert package_dir != os.path.abspath(top_path("python", "sqlite_crossentropy"))


def test_loadable_path_is_the_library_in_the_package():
    path = sqlite_crossentropy.loadable_path()
    package_dir = os.path.dirname(os.path.abspath(sqlite_crossentropy.__file__))
    assert os.path.dirname(path) == package_dir
    assert os.path.basename(path) == "crossentropy." + ("dylib" if sys.platform == "darwin" else "so")
    # another host loads it by that path, here sqlite3's own calls
    c = sqlite3.connect(":memory:")
    c.enable_load_extension(True)
    c.load_extension(path)
    assert c.execute("SELECT bce(1, 0.5)").fetchone() == (0.6931471805599453,)


def test_the_issue_example_prints_its_value():
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    assert repr(c.execute("select bce(1, 0.9)").fetchone()) == "(0.10536051565782628,)"


def test_version_is_the_library_s_and_version_h_s():                    # (5)
    with open(top_path("ext", "core", "version.h")) as f:
        header = re.search(r'CROSSENTROPY_VERSION "([^"]+)"', f.read()).group(1)
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    assert sqlite_crossentropy.__version__ == header
    assert c.execute("SELECT crossentropy_version()").fetchone() == (header,)


def test_debug_says_loadable_and_names_the_build():
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    debug = json.loads(c.execute("SELECT crossentropy_debug()").fetchone()[0])
    assert debug["linkage"] == "loadable"
    assert debug["sqlite_running"] == sqlite3.sqlite_version


def test_loading_twice_is_harmless():
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    sqlite_crossentropy.load(c)              # no error: SQLite replaces the functions
    assert c.execute("SELECT bce(0, 0.5)").fetchone() == (0.6931471805599453,)


def test_extension_loading_is_off_afterwards():                         # (2)
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    with pytest.raises(sqlite3.OperationalError, match="^not authorized$"):
        c.execute("SELECT load_extension(?)", (sqlite_crossentropy.loadable_path(),))


def test_sqlite_s_own_error_reaches_the_caller(not_a_library):          # (4)
    c = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as e:
        sqlite_crossentropy.load(c)
    assert not_a_library in str(e.value)                   # dlopen's message, via SQLite
    with pytest.raises(sqlite3.OperationalError, match="^not authorized$"):   # (2)
        c.execute("SELECT load_extension('x')")


@pytest.mark.parametrize("conn, name", [(42, "int"), ("eval.db", "str"),
                                        (sqlite3.connect(":memory:").cursor(), "sqlite3.Cursor")])
def test_anything_else_is_a_type_error(conn, name):                     # (1)
    with pytest.raises(TypeError) as e:
        sqlite_crossentropy.load(conn)
    assert str(e.value) == ("sqlite_crossentropy.load(): conn must be a sqlite3.Connection "
                            "or an apsw.Connection, got " + name)


class WithoutLoading(sqlite3.Connection):
    """A connection as a Python built without extension loading has it."""
    @property
    def enable_load_extension(self):
        raise AttributeError("enable_load_extension")


def test_a_sqlite3_without_extension_loading_is_told_what_to_do():      # (3)
    c = sqlite3.connect(":memory:", factory=WithoutLoading)
    with pytest.raises(sqlite_crossentropy.ExtensionLoadingUnsupported) as e:
        sqlite_crossentropy.load(c)
    assert isinstance(e.value, sqlite3.NotSupportedError)
    lines = str(e.value).split("\n")
    assert lines[0] == ("sqlite_crossentropy.load(): this Python's sqlite3 module cannot load "
                        "extensions: sqlite3.Connection has no enable_load_extension().")
    assert lines[1].startswith("Why: Python %d.%d.%d at %s was built without "
                               "--enable-loadable-sqlite-extensions"
                               % (sys.version_info[:3] + (sys.base_prefix,)))
    assert lines[2] == "What to do, any one of:"
    assert "/usr/bin/python3" in lines[3]
    assert 'sqlite_crossentropy.load(apsw.Connection("eval.db"))' in lines[4]
    assert 'PYTHON_CONFIGURE_OPTS="--enable-loadable-sqlite-extensions"' in lines[5]


def test_a_numpy_scalar_parameter_gets_the_hint(monkeypatch):               # args.h [A7]
    import numpy as np
    for kind in (np.float32, np.int64):     # as in a process that registered no adapter
        monkeypatch.delitem(sqlite3.adapters, (kind, sqlite3.PrepareProtocol), raising=False)
    c = sqlite3.connect(":memory:")
    sqlite_crossentropy.load(c)
    with pytest.raises(sqlite3.OperationalError) as e:
        c.execute("SELECT bce(?, 0.5)", (np.int64(1),))
    assert str(e.value) == ("bce(): y (1st argument) must be a number, got blob "
                            "X'0100000000000000' (a NumPy scalar? pass float(x) or int(x))")
    assert c.execute("SELECT bce(?, 0.5)", (np.float64(1),)).fetchone() == (0.6931471805599453,)
