"""Whatever a rep types renders as they typed it, in every format, never as markup.

Two checks for the marked-up formats. The text a reader sees (Markdown run
through a CommonMark renderer, HTML through a parser) contains what was
typed. And a document full of hostile text uses exactly the same tags as one
with plain words in the same places: rep text adds no markup at all.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repdesk.domain.enums import (
    CaseCategory,
    OfferKind,
    Side,
    TimelineKind,
)
from repdesk.export import (
    ThreatSelection,
    build_case_summary,
    build_talks_record,
    build_threat_chronology,
    render,
)
from repdesk.export.model import Document
from repdesk.export.rendering import csv_cell, md_block, md_inline
from repdesk.store.engine import open_database
from tests.export.export_helpers import html_text, markdown_html, pdf_text, squash
from tests.helpers.factories import (
    make_action_point,
    make_case,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)

SAMPLES = (
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "**bold** _it_ [link](http://example.com) ![img](x.png) <b>b</b> &amp; &lt; &#32;",
    "| a | b |\n|---|---|\n| c | d |",
    "# Heading\n- item\n+ plus\n1. one\n2) two\n> quote\n```\ncode\n```\n---\n===\n~~~",
    "x" * 300,
    "שלום עולם",
    "مرحبا بكم",
    "£271.85 café \u2019quoted\u2019 \u201cdouble\u201d naïve Ünïcödé Ωμέγα Жук",
    "=1+1",
    "@SUM(A1)",
    "-2+3",
    "+44 7700 900123",
    "    indented code\n\ttabbed\n        more",
    "ends with a backslash \\",
    "http://example.com www.example.com a@b.co <http://x.y>",
    "[ref]: http://example.com\n*   *   *\n<div>block</div>",
)
RTL = {"שלום עולם", "مرحبا بكم"}


def _fill(path: Path, texts: Sequence[str]) -> None:
    """A member, case, timeline, threats and talks, with ``texts`` in every kind of field."""
    db = open_database(path)
    try:
        with db.transaction() as session:
            member = make_member(session, name=texts[1][:120], notes=texts[2], adjustments=texts[3])
            assert member.id is not None
            case = make_case(
                session,
                member.id,
                title=texts[0][:200],
                category=CaseCategory.OTHER,
                summary=texts[3],
                next_action=texts[2][:500],
                tags=["a|b", "c*d"],
            )
            assert case.id is not None
            meeting = make_talks_session(
                session, held_on=date(2026, 11, 1), agenda=texts[0], notes=texts[1], report_back=texts[2]
            )
            assert meeting.id is not None
            for n, text in enumerate(texts):
                make_timeline_entry(
                    session,
                    case.id,
                    occurred_on=date(2026, 10, 1),
                    kind=TimelineKind.NOTE,
                    summary=text[:200],
                    body=text,
                )
                make_threat(
                    session,
                    occurred_on=date(2026, 10, 2),
                    made_by=text[:120],
                    exact_words=text,
                    context=text,
                    document_ref=text[:200],
                    disputed=n % 2 == 0,
                    member_ids=[member.id],
                    case_ids=[case.id],
                )
                make_offer(
                    session, meeting.id, side=Side.UNION, kind=OfferKind.PROPOSAL, topic=text[:120], text=text
                )
                make_action_point(session, meeting.id, text=text[:500], owner=text[:120])
    finally:
        db.close()


def _documents(path: Path) -> dict[str, Document]:
    db = open_database(path)
    try:
        with db.session() as session:
            return {
                "case": build_case_summary(session, "C-2026-0001", profile="full", database=path),
                "threats": build_threat_chronology(session, ThreatSelection(), profile="full", database=path),
                "talks": build_talks_record(session, profile="full", database=path),
            }
    finally:
        db.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("escaping") / "empty.sqlite"
    open_database(path).close()
    return path


def _made(template: Path, folder: Path, texts: Sequence[str]) -> dict[str, Document]:
    path = folder / "desk.sqlite"
    shutil.copyfile(template, path)
    _fill(path, texts)
    return _documents(path)


@pytest.fixture(scope="module")
def hostile(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    return _made(template, tmp_path_factory.mktemp("hostile"), SAMPLES)


@pytest.fixture(scope="module")
def plain(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    return _made(
        template, tmp_path_factory.mktemp("plain"), [f"plain words {n}" for n in range(len(SAMPLES))]
    )


def _tags(markup: str) -> Counter[str]:
    return Counter(tag for tag, _attrs in html_text(markup)[1] if tag != "br")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("document", ["case", "threats", "talks"])
def test_markdown_shows_hostile_text_as_typed_and_adds_no_markup(
    hostile: dict[str, Document], plain: dict[str, Document], document: str
) -> None:
    shown = markdown_html(str(render(hostile[document], "md")))
    control = markdown_html(str(render(plain[document], "md")))
    assert _tags(shown) == _tags(control)
    visible = _words(html_text(shown)[0])
    for sample in SAMPLES:
        assert _words(sample) in visible, sample


@pytest.mark.parametrize("document", ["case", "threats", "talks"])
def test_html_shows_hostile_text_as_typed_and_adds_no_markup(
    hostile: dict[str, Document], plain: dict[str, Document], document: str
) -> None:
    page = str(render(hostile[document], "html"))
    assert _tags(page) == _tags(str(render(plain[document], "html")))
    visible = _words(html_text(page)[0])
    for sample in SAMPLES:
        assert _words(sample) in visible, sample


@pytest.mark.parametrize("document", ["case", "threats", "talks"])
def test_html_is_self_contained(hostile: dict[str, Document], document: str) -> None:
    page = str(render(hostile[document], "html"))
    _text, tags = html_text(page)
    names = {tag for tag, _ in tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "a", "base", "form"}
    for _tag, attrs in tags:
        for name, value in attrs:
            assert name not in {"src", "href", "srcset", "action"}, (name, value)
            assert not name.startswith("on"), name
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style
    assert "@page" in style and "size: A4" in style and "break-inside: avoid" in style
    assert "default-src 'none'" in page


def test_json_keeps_text_exactly(hostile: dict[str, Document]) -> None:
    data = json.loads(str(render(hostile["threats"], "json")))
    assert [entry["exact_words"] for entry in data["entries"]] == [s.strip() for s in SAMPLES]
    assert data["schema_version"] == 1


def test_csv_opens_in_a_spreadsheet_as_typed(hostile: dict[str, Document]) -> None:
    data = str(render(hostile["threats"], "csv"))
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:])))
    header = rows.index(next(r for r in rows if r and r[0] == "No."))
    column = rows[header].index("Exact words")
    cells = [row[column] for row in rows[header + 1 : rows.index([])]]  # the table ends at a blank row
    for sample, cell in zip(SAMPLES, cells, strict=True):
        expected = sample.strip()
        if expected[0] in "=+-@":
            assert cell == "'" + expected
        else:
            assert cell == expected
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_pdf_shows_text_as_typed(hostile: dict[str, Document]) -> None:
    data = render(hostile["threats"], "pdf")
    assert isinstance(data, bytes)
    text = squash(pdf_text(data))
    for sample in SAMPLES:
        if sample in RTL:
            # PDF text comes back in visual (right-to-left) order.
            assert squash(sample)[::-1] in text, sample
        else:
            assert squash(sample) in text, sample
    assert "\ufffd" not in text  # every character here is in the embedded font


def test_pdf_marks_characters_the_font_lacks_instead_of_dropping_them() -> None:
    from repdesk.export.pdf_layout import clean

    assert clean("漢字 ok\x07\tx") == "\ufffd\ufffd ok    x"


def test_md_escape_helpers() -> None:
    assert md_inline("a|b\nc") == "a\\|b<br>c"
    assert md_block("# x\n- y", 2) == "\\# x\\\n  \\- y"
    assert md_inline("1. x") == "1\\. x"
    assert csv_cell("=HYPERLINK()") == "'=HYPERLINK()"


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")),
        st.sampled_from("\n\t<>*_[](){}#|`~\\&!-+=.:@'\" "),
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_any_text_renders_as_typed(
    template: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    docs = _made(template, tmp_path_factory.mktemp("any"), [text] * 4)
    typed = text.strip()
    for name, document in docs.items():
        md = markdown_html(str(render(document, "md")))
        page = str(render(document, "html"))
        assert _words(typed) in _words(html_text(md)[0]), name
        assert _words(typed) in _words(html_text(page)[0]), name
        assert not {tag for tag, _ in html_text(md)[1]} & {"script", "img", "a", "code", "pre", "del", "h4"}
    data = json.loads(str(render(docs["threats"], "json")))
    assert {entry["exact_words"] for entry in data["entries"]} == {typed}
    rows = list(csv.reader(io.StringIO(str(render(docs["threats"], "csv"))[1:])))
    assert csv_cell(typed) in rows[rows.index([]) - 1]  # the last entry, before what the file is


def test_pdf_flows_values_longer_than_a_page(template: Path, tmp_path: Path) -> None:
    """A 20,000-character note, a 5,000-character offer, a notice touching 300 members: nothing is cut."""
    path = tmp_path / "long.sqlite"
    shutil.copyfile(template, path)
    note = "\n".join(f"Paragraph {n}: " + "word " * 60 for n in range(60))[:20_000] + " THE END"
    db = open_database(path)
    try:
        with db.transaction() as session:
            people = [make_member(session, name=f"Member Person {n:03d}") for n in range(300)]
            ids = [m.id for m in people if m.id is not None]
            case = make_case(session, ids[0], title="Long", category=CaseCategory.OTHER)
            assert case.id is not None
            make_timeline_entry(session, case.id, summary="Long note", body=note)
            make_threat(session, exact_words=note[:5_000], member_ids=ids, case_ids=[case.id])
            meeting = make_talks_session(session, held_on=date(2026, 11, 3))
            assert meeting.id is not None
            make_offer(session, meeting.id, side=Side.UNION, text=note[:4_990] + " OFFER END")
    finally:
        db.close()
    docs = _documents(path)
    case_text = _pdf(docs["case"])
    assert squash("THE END") in case_text and squash("Paragraph 59") in case_text
    assert squash("Member Person 299") in _pdf(docs["threats"])
    assert squash("OFFER END") in _pdf(docs["talks"])


def _pdf(document: Document) -> str:
    data = render(document, "pdf")
    assert isinstance(data, bytes)
    return squash(pdf_text(data))
