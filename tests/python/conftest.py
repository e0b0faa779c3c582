"""conftest.py: fixtures of the Python package's tests.

tests/python.test runs these with pytest from a fresh venv into which the
wheel was installed (pip install --no-index dist/*.whl), so every import of
sqlite_crossentropy here is the installed copy, never python/ in the
checkout (test_package.py checks that). CE_TOP names the checkout, for the
sample data and the files the tests compare with.
"""
import os
import sqlite3

import pytest

import sqlite_crossentropy

TOP = os.environ.get("CE_TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))


def top_path(*parts):
    return os.path.join(TOP, *parts)


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory):
    """The bundled sample (sql/sample.sql) in a database file, written by
    plain sqlite3 without the extension."""
    path = str(tmp_path_factory.mktemp("sample") / "eval.db")
    with open(top_path("sql", "sample.sql")) as f:
        script = f.read()
    con = sqlite3.connect(path)
    con.executescript(script)
    con.close()
    return path


def loaded(connect, path):
    """A connection to path made by connect, with the functions loaded, and
    closed after the test: the fixtures of both hosts."""
    c = connect(path)
    sqlite_crossentropy.load(c)
    yield c
    c.close()


@pytest.fixture
def con(sample_path):
    """A sqlite3 connection to the sample with the functions loaded."""
    yield from loaded(sqlite3.connect, sample_path)


@pytest.fixture
def not_a_library(tmp_path, monkeypatch):
    """loadable_path() pointed at a file that is not a shared library, as a
    broken install would have it: SQLite's load fails with dlopen's
    message, which names the file."""
    path = tmp_path / "crossentropy.so"
    path.write_text("not a shared object\n")
    monkeypatch.setattr(sqlite_crossentropy, "loadable_path", lambda: str(path))
    return str(path)


def ulps(a, b):
    """How many units in the last place a and b are apart (0 when equal)."""
    import math
    if a == b:
        return 0
    return abs(a - b) / math.ulp(max(abs(a), abs(b)))
