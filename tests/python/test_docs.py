"""test_docs.py: every ```python example in the README and docs/python.md
runs against the installed package, so the pages cannot drift.

The format (as docs.test's for SQL):
 (1) Examples are the fenced blocks opened by a line "```python"; blocks
     with other tags are not run.
 (2) A page's examples run in order in one namespace (a block may use what
     an earlier one made), in a fresh directory whose eval.db is the
     bundled sample.
 (3) A ```text block right after an example (blank lines between allowed)
     is what the example prints, exactly; an example without one must run
     without error and print nothing.
"""
import contextlib
import io
import os
import re
import shutil

import pytest

from conftest import top_path

PAGES = ["README.md", os.path.join("docs", "python.md")]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def examples(page):
    """[(line, code, expected output or None)] of a page, rules (1) and (3)."""
    with open(top_path(page), encoding="utf-8") as f:
        text = f.read()
    blocks = [(text.count("\n", 0, m.start()) + 1, m.group(1), m.group(2), m.start(), m.end())
              for m in BLOCK.finditer(text)]
    found = []
    for i, (line, tag, body, _, end) in enumerate(blocks):
        if tag != "python":
            continue
        expected = None
        if i + 1 < len(blocks):
            _, next_tag, next_body, next_start, _ = blocks[i + 1]
            if next_tag == "text" and text[end:next_start].strip() == "":
                expected = next_body
        found.append((line, body, expected))
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_page_s_python_examples_run_and_print_what_it_shows(page, sample_path, tmp_path,
                                                                monkeypatch):
    found = examples(page)
    assert found, "%s has no python example" % page
    shutil.copy(sample_path, tmp_path / "eval.db")
    monkeypatch.chdir(tmp_path)                                        # (2)
    namespace = {"__name__": "__docs__"}
    for line, code, expected in found:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "%s:%d" % (page, line), "exec"), namespace)
        assert out.getvalue() == (expected or ""), "%s:%d" % (page, line)   # (3)
