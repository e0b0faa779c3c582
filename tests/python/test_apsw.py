"""test_apsw.py: load() on an APSW connection (APSW's own method names,
enableloadextension and loadextension): the same numbers as through
sqlite3, bit for bit, SQLite's messages in APSW's exceptions, and
extension loading off again afterwards."""
import apsw
import pytest

import sqlite_crossentropy
from conftest import loaded


@pytest.fixture
def a(sample_path):
    """An APSW connection to the sample with the functions loaded."""
    yield from loaded(apsw.Connection, sample_path)


def test_the_functions_answer_through_apsw(a):
    assert a.execute("select bce(1, 0.9)").fetchall() == [(0.10536051565782628,)]
    assert a.execute("SELECT crossentropy_version()").fetchall() == [(sqlite_crossentropy.__version__,)]


def test_the_same_numbers_as_through_sqlite3(a, con):
    sql = ("SELECT model, split, mean_cross_entropy(label, prob), binary_eval(label, prob) "
           "FROM preds JOIN runs USING (run_id) GROUP BY model, split ORDER BY model, split")
    via_apsw = a.execute(sql).fetchall()
    assert len(via_apsw) == 6
    assert via_apsw == con.execute(sql).fetchall()


def test_an_error_is_apsw_s_exception_with_our_message(a):
    with pytest.raises(apsw.SQLError) as e:
        a.execute("SELECT bce(1, 90.0)").fetchall()
    assert str(e.value) == ("SQLError: bce(): p (2nd argument) must be in [0,1], got 90.0 "
                            "(a percentage? divide by 100)")


def test_extension_loading_is_off_afterwards(a):
    with pytest.raises(apsw.SQLError) as e:
        a.execute("SELECT load_extension('x')").fetchall()
    assert str(e.value) == "SQLError: not authorized"


def test_sqlite_s_own_load_error_is_apsw_s(not_a_library):
    c = apsw.Connection(":memory:")
    with pytest.raises(apsw.ExtensionLoadingError) as e:
        sqlite_crossentropy.load(c)
    assert not_a_library in str(e.value)
