"""Search folds apostrophes and letters such as ø, so "oneill sondergaard" finds "O'Neill-Søndergaard"; members are indexed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

FTS5's tokenizer folds case and accents written as a letter plus a mark (é),
but keeps ø, ł, ß and æ as they are and splits "O'Neill" into "o" and
"neill". The index gains a third text column holding each row's title and
body folded (apostrophes dropped, ø as o, ß as ss), filled only when folding
changes something, so plain text is indexed once. The title and body stay as
typed, so "neill" still finds O'Neill and snippets show the rep's own
spelling. Queries are folded the same way (``repdesk.domain.folding``, whose
table this migration spells in SQL as it stood on this date).

Members join the index (kind 7: name and number, job title and department),
so the members list and the palette find "O'Neill" by "oneill" too.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIDE = 10**12

APOSTROPHES = "'\u2019\u02bc\u2018"
LETTERS = {
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ħ": "h",
    "Ħ": "H",
    "\u0131": "i",  # dotless i
}

# kind code, table, case id expression, title expression, body expression (as in 0002, plus members)
SOURCES: list[tuple[int, str, str, str, str]] = [
    (
        1,
        "member_case",
        "{r}.id",
        "{r}.ref || ' ' || {r}.title",
        "{r}.summary || ' ' || {r}.next_action || ' ' || "
        "coalesce((SELECT group_concat(value, ' ') FROM json_each({r}.tags)), '')",
    ),
    (2, "timeline_entry", "{r}.case_id", "{r}.summary", "{r}.body"),
    (
        3,
        "threat_entry",
        "NULL",
        "{r}.ref || ' ' || {r}.made_by || ' ' || {r}.made_by_role || ' ' || {r}.document_ref",
        "{r}.exact_words || ' ' || {r}.context || ' ' || {r}.witnesses",
    ),
    (
        4,
        "talks_session",
        "NULL",
        "{r}.venue || ' ' || {r}.conciliator",
        "{r}.agenda || ' ' || {r}.notes || ' ' || {r}.caucus_notes || ' ' || {r}.report_back",
    ),
    (5, "talks_offer", "NULL", "{r}.topic", "{r}.text"),
    (6, "action_point", "NULL", "{r}.owner", "{r}.text"),
    (
        7,
        "member",
        "NULL",
        "{r}.name || ' ' || coalesce({r}.membership_no, '')",
        "{r}.job_title || ' ' || {r}.department",
    ),
]

WATCHED = {
    "member_case": "ref, title, summary, next_action, tags",
    "timeline_entry": "summary, body",
    "threat_entry": "ref, made_by, made_by_role, document_ref, exact_words, context, witnesses",
    "talks_session": "venue, conciliator, agenda, notes, caucus_notes, report_back",
    "talks_offer": "topic, text",
    "action_point": "owner, text",
    "member": "name, membership_no, job_title, department",
}

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fold(expression: str) -> str:
    """``expression`` folded by nested replace() calls: built-in SQL, so any writer keeps the index right."""
    for mark in APOSTROPHES:
        expression = f"replace({expression}, {_literal(mark)}, '')"
    for letter, plain in LETTERS.items():
        expression = f"replace({expression}, {_literal(letter)}, {_literal(plain)})"
    return expression


def _insert(code: int, case_id: str, title: str, body: str, r: str, *, folded: bool) -> str:
    # Built from this module's constants only; no input reaches these strings.
    title, body = title.format(r=r), body.format(r=r)
    columns = "rowid, kind, entity_id, case_id, title, body"
    values = f"{code} * {STRIDE} + {r}.id, {code}, {r}.id, {case_id.format(r=r)}, {title}, {body}"
    if folded:
        # Folded once, and kept only where folding changed something.
        columns += ", folded"
        values += (
            ", (SELECT CASE WHEN f = o THEN '' ELSE f END FROM "
            f"(SELECT o, {_fold('o')} AS f FROM (SELECT {title} || ' ' || {body} AS o)))"
        )
    return f"INSERT INTO search_index({columns}) VALUES ({values});"


def _delete(code: int, r: str) -> str:
    return f"DELETE FROM search_index WHERE rowid = {code} * {STRIDE} + {r}.id;"


def _drop(sources: list[tuple[int, str, str, str, str]]) -> None:
    for _code, table, *_ in sources:
        for suffix in ("ai", "au", "ad"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")


def _build(sources: list[tuple[int, str, str, str, str]], *, folded: bool) -> None:
    extra = ", folded" if folded else ""
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        f"kind UNINDEXED, entity_id UNINDEXED, case_id UNINDEXED, title, body{extra}, {TOKENIZE})"
    )
    for code, table, case_id, title, body in sources:
        insert = _insert(code, case_id, title, body, "new", folded=folded)
        op.execute(f"CREATE TRIGGER search_{table}_ai AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(
            f"CREATE TRIGGER search_{table}_au AFTER UPDATE OF {WATCHED[table]} ON {table} BEGIN "
            f"{_delete(code, 'old')} {insert} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_ad AFTER DELETE ON {table} BEGIN {_delete(code, 'old')} END"
        )
        # Index what the file already holds.
        existing = _insert(code, case_id, title, body, table, folded=folded)
        op.execute(existing.replace("VALUES (", "SELECT ", 1).removesuffix(");") + f" FROM {table};")


def upgrade() -> None:
    _drop(SOURCES)
    _build(SOURCES, folded=True)


def downgrade() -> None:
    _drop(SOURCES)
    _build(SOURCES[:-1], folded=False)
