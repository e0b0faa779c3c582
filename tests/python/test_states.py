"""test_states.py: the mergeable states as Python sees them: bytes, stored
in a table and read back unchanged, merged to the one-scan value (within
1 ulp, docs/states.md), and the same bytes across hosts (a state made
through sqlite3 merged through APSW)."""
import json
import math
import sqlite3

import apsw
import pytest

import sqlite_crossentropy
from conftest import ulps


def test_a_state_is_bytes_and_round_trips_through_a_table(con):
    con.execute("CREATE TEMP TABLE daily(day TEXT PRIMARY KEY, state BLOB)")
    con.execute("INSERT INTO daily SELECT day, mean_cross_entropy_state(label, prob) "
                "FROM preds JOIN runs USING (run_id) GROUP BY day")
    made = con.execute("SELECT day, mean_cross_entropy_state(label, prob) FROM preds "
                       "JOIN runs USING (run_id) GROUP BY day ORDER BY day").fetchall()
    stored = con.execute("SELECT day, state FROM daily ORDER BY day").fetchall()
    assert len(made) == 5
    assert all(type(s) is bytes and len(s) == 84 for _, s in made)
    assert stored == made
    # written back from Python as a parameter: the same BLOB, byte for byte
    con.execute("CREATE TEMP TABLE copy(state BLOB)")
    con.executemany("INSERT INTO copy VALUES (?)", [(s,) for _, s in made])
    assert [r[0] for r in con.execute("SELECT state FROM copy")] == [s for _, s in made]
    assert con.execute("SELECT count(*) FROM copy WHERE typeof(state) = 'blob'").fetchone() == (5,)


def test_merged_states_are_the_one_scan_mean(con):
    states = [r[0] for r in con.execute("SELECT mean_cross_entropy_state(label, prob) "
                                        "FROM preds JOIN runs USING (run_id) GROUP BY day")]
    con.execute("CREATE TEMP TABLE s(state BLOB)")
    con.executemany("INSERT INTO s VALUES (?)", [(s,) for s in states])
    (merged,), = con.execute("SELECT mean_cross_entropy_value(mean_cross_entropy_merge(state)) "
                             "FROM s").fetchall()
    (scan,), = con.execute("SELECT mean_cross_entropy(label, prob) FROM preds").fetchall()
    assert ulps(merged, scan) <= 1


def test_a_state_made_by_sqlite3_merges_in_apsw_to_the_same_bits(con):
    states = [r[0] for r in con.execute("SELECT mean_cross_entropy_state(label, prob) "
                                        "FROM preds GROUP BY run_id")]
    con.execute("CREATE TEMP TABLE s2(state BLOB)")
    con.executemany("INSERT INTO s2 VALUES (?)", [(s,) for s in states])
    (via_sqlite3,), = con.execute("SELECT mean_cross_entropy_merge(state) FROM s2").fetchall()
    a = apsw.Connection(":memory:")
    sqlite_crossentropy.load(a)
    a.execute("CREATE TABLE s(state BLOB)")
    for s in states:
        a.execute("INSERT INTO s VALUES (?)", (s,))
    (via_apsw,), = a.execute("SELECT mean_cross_entropy_merge(state) FROM s").fetchall()
    assert type(via_apsw) is bytes and via_apsw == via_sqlite3


def test_binary_eval_state_gives_the_json_of_one_scan(con):
    (state,), = con.execute("SELECT binary_eval_state(label, prob) FROM preds").fetchall()
    assert type(state) is bytes and len(state) == 1324
    from_state = json.loads(con.execute("SELECT binary_eval(?)", (state,)).fetchone()[0])
    scan = json.loads(con.execute("SELECT binary_eval(label, prob) FROM preds").fetchone()[0])
    assert from_state == scan
    (mean,), = con.execute("SELECT mean_cross_entropy(label, prob) FROM preds").fetchall()
    assert math.isclose(from_state["log_loss"], mean, rel_tol=1e-15, abs_tol=0)
    assert from_state["n"] == 8535


def test_a_bad_state_is_an_error_naming_the_function(con):
    with pytest.raises(sqlite3.OperationalError) as e:
        con.execute("SELECT mean_cross_entropy_value(?)", (b"\x00",))
    assert str(e.value) == ("mean_cross_entropy_value(): state (1st argument) is not a "
                            "mean_cross_entropy state: bad magic")
