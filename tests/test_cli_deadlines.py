"""``repdesk rules``, ``repdesk deadline compute|add`` and ``repdesk profile``, through a real process."""

# ruff: noqa: F811  (the shared fixtures are imported by name and taken as arguments)

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers.cli import Run, one_line_error
from tests.test_cli import home, repdesk  # noqa: F401


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_rules_lists_every_rule_and_claim_type_with_its_source(repdesk: Run) -> None:
    result = repdesk("rules")
    assert result.returncode == 0, result.stderr
    for claim in (
        "most",
        "union-detriment",
        "industrial-action-dismissal",
        "interim-relief",
        "wages",
        "equal-pay",
        "redundancy-pay",
        "breach-of-contract",
        "accompaniment",
        "union-time-off",
        "flexible-working",
        "human-rights",
    ):
        assert f"(--claim {claim})" in result.stdout
    assert "tribunal-limit v2" in result.stdout
    assert "only once you enter its commencement date" in result.stdout
    rows = json.loads(repdesk("rules", "--format", "json").stdout)
    ids = {row["rule"] for row in rows}
    assert {"companion-postponement", "flexible-working-decision", "subject-access-request"} <= ids
    assert {"written-reasons", "policy-window"} <= ids
    assert all(row["source"] and row["applies"] for row in rows)


def test_compute_tribunal_text_shows_the_date_and_its_whole_working(repdesk: Run, home: Path) -> None:
    # Luton BC v Haque (UKEAT/0180/17): act 20 Jun 2016, Day A 22 Jul, Day B 22 Aug -> 20 Oct 2016.
    result = repdesk(
        "deadline", "compute", "tribunal", "--claim", "most", "--act", "20/6/16",
        "--acas-contacted", "2016-07-22", "--certificate", "2016-08-22",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Due: Thu 20 Oct 2016"
    assert "Source: Most claims" in result.stdout
    assert "Step 1: ACAS contacted (Day A) 22 Jul 2016" in result.stdout
    assert lines[-1].startswith("Check with your full-time officer or legal")
    # It touched no database: the rep's data folder was never made.
    assert not (home / "data").exists()


def test_compute_tribunal_json_has_the_documented_keys(repdesk: Run) -> None:
    data = _json(
        repdesk(
            "deadline", "compute", "tribunal", "--claim", "most", "--act", "2025-03-01", "--format", "json"
        )
    )
    assert {"due", "rule", "version", "inputs", "steps", "warnings", "caveat", "alternative"} <= set(data)
    # Union guidance's reading is earlier for an act on the 1st: it is the date to work to.
    assert data["due"] == "2025-05-28"
    assert data["rule"] == "tribunal-limit"
    assert data["version"] == 1
    assert data["inputs"] == {"claim": "most", "act": "2025-03-01", "region": "ENG"}
    alternative = data["alternative"]
    assert isinstance(alternative, dict)
    assert alternative["due"] == "2025-05-31"


def test_the_six_month_limit_needs_a_commencement_and_is_otherwise_only_beside(repdesk: Run) -> None:
    plain = _json(
        repdesk(
            "deadline", "compute", "tribunal", "--claim", "most", "--act", "2026-11-02", "--format", "json"
        )
    )
    assert plain["due"] == "2027-02-01"
    alternative = plain["alternative"]
    assert isinstance(alternative, dict)
    assert alternative["due"] == "2027-05-01"
    assert str(alternative["why"]).startswith("Only if commenced: verify.")
    commenced = _json(
        repdesk(
            "deadline", "compute", "tribunal", "--claim", "most", "--act", "2026-11-02",
            "--commencement", "2026-10-01", "--format", "json",
        )
    )  # fmt: skip
    assert commenced["due"] == "2027-05-01"
    assert commenced["version"] == 2
    assert commenced["alternative"] is None
    assert "verify" in str(commenced["caveat"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("companion", "--proposed", "2025-12-22", "--region", "scotland"), "2025-12-31"),
        (("flexible-decision", "--requested", "2025-01-31"), "2025-03-30"),
        (("sar", "--received", "2025-09-03"), "2025-10-03"),
        (("written-reasons", "--requested", "2025-03-03"), "2025-03-17"),
        (("policy", "--from", "2025-12-19", "--days", "5", "--working"), "2025-12-30"),
        (("policy", "--from", "2025-12-19", "--days", "10", "--calendar"), "2025-12-29"),
        (("tribunal", "--claim", "interim-relief", "--act", "2025-06-20"), "2025-06-27"),
    ],
)
def test_compute_each_other_kind(repdesk: Run, args: tuple[str, ...], expected: str) -> None:
    data = _json(repdesk("deadline", "compute", *args, "--format", "json"))
    assert data["due"] == expected


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("tribunal", "--claim", "most"), "--act"),
        (("tribunal", "--act", "2025-01-01"), "--claim"),
        (("tribunal", "--claim", "most", "--act", "31/2/25"), "--act: Act complained of: 31/2/25"),
        (("tribunal", "--claim", "nope", "--act", "2025-01-01"), "--claim"),
        (
            (
                "tribunal",
                "--claim",
                "most",
                "--act",
                "2025-01-10",
                "--acas-contacted",
                "2025-03-15",
                "--certificate",
                "2025-03-01",
            ),
            "--certificate",
        ),
        (
            ("tribunal", "--claim", "most", "--act", "2025-01-10", "--certificate", "2025-03-01"),
            "--acas-contacted",
        ),
        (("tribunal", "--claim", "most", "--act", "2025-01-10", "--commencement", "soon"), "--commencement"),
        (("policy", "--from", "2025-01-06", "--days", "5"), "--working"),
        (("policy", "--from", "2025-01-06", "--days", "0", "--working"), "--days"),
        (("sar", "--received", "yesterdayish"), "--received"),
        (("companion", "--proposed", "2025-01-06", "--region", "wales"), "--region"),
    ],
)
def test_bad_inputs_are_one_line_naming_the_option_exit_2(
    repdesk: Run, args: tuple[str, ...], fragment: str
) -> None:
    result = repdesk("deadline", "compute", *args)
    assert result.returncode == 2
    assert fragment in one_line_error(result)


@pytest.fixture
def demo_db(repdesk: Run, tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "rep.sqlite"
    made = repdesk("--db", str(db), "demo", "--members", "8")
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(db) as conn:
        ref = conn.execute("SELECT ref FROM member_case ORDER BY id LIMIT 1").fetchone()[0]
    return db, str(ref)


def _deadline(db: Path, ref: str) -> tuple[str, str, int, dict[str, str]]:
    with sqlite3.connect(db) as conn:
        due, rule, version, inputs = conn.execute(
            "SELECT d.due_on, d.rule_id, d.rule_version, d.rule_inputs FROM deadline d "
            "JOIN member_case c ON c.id = d.case_id WHERE c.ref = ? ORDER BY d.id DESC LIMIT 1",
            (ref,),
        ).fetchone()
    return str(due), str(rule), int(version), json.loads(inputs)


def test_deadline_add_saves_to_the_case_under_the_profile_and_prints_it(
    repdesk: Run, demo_db: tuple[Path, str]
) -> None:
    db, ref = demo_db
    result = repdesk(
        "--db", str(db), "deadline", "add", ref, "tribunal", "--claim", "most", "--act", "2026-11-02"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Due: Mon 1 Feb 2027")
    assert f"Saved to {ref}" in result.stdout
    assert _deadline(db, ref) == (
        "2027-02-01",
        "tribunal-limit",
        1,
        {"claim": "most", "act": "2026-11-02", "region": "ENG"},
    )

    # Once the rep enters the commencement, the same facts are counted at 6 months.
    set_it = repdesk("--db", str(db), "profile", "--commencement", "2026-10-01", "--region", "scotland")
    assert set_it.returncode == 0, set_it.stderr
    assert "commenced 1 Oct 2026, covers acts from 1 Oct 2026" in set_it.stdout
    assert "Scotland" in set_it.stdout
    again = repdesk(
        "--db", str(db), "deadline", "add", ref, "tribunal", "--claim", "most", "--act", "2026-11-02",
        "--what", "ET1 for the docked pay", "--format", "json",
    )  # fmt: skip
    data = _json(again)
    assert data["due"] == "2027-05-01"
    assert str(data["saved_to"]).endswith("ET1 for the docked pay, due 1 May 2027.")
    due, rule, version, inputs = _deadline(db, ref)
    assert (due, rule, version, inputs["region"], inputs["commencement"]) == (
        "2027-05-01",
        "tribunal-limit",
        2,
        "SCT",
        "2026-10-01",
    )

    # Clearing it flags the saved 6-month deadline in the summary; nothing is rewritten.
    cleared = repdesk("--db", str(db), "profile", "--no-commencement")
    assert "off: the 3-month limit in force is used" in cleared.stdout
    summary = repdesk("--db", str(db), "summary")
    assert "The rules now give 1 Feb 2027: check and recompute." in summary.stdout
    assert _deadline(db, ref)[0] == "2027-05-01"


def test_deadline_add_refuses_an_unknown_case_and_a_missing_file(
    repdesk: Run, demo_db: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = demo_db
    result = repdesk("--db", str(db), "deadline", "add", "C-1999-0001", "sar", "--received", "today")
    assert result.returncode == 1
    assert "no case 'C-1999-0001'" in one_line_error(result)
    missing = tmp_path / "none.sqlite"
    result = repdesk("--db", str(missing), "deadline", "add", "C-1999-0001", "sar", "--received", "today")
    assert result.returncode == 1
    assert "There is no database" in one_line_error(result)
    assert not missing.exists()


def test_profile_refuses_coverage_without_a_commencement(repdesk: Run, demo_db: tuple[Path, str]) -> None:
    db, _ = demo_db
    result = repdesk("--db", str(db), "profile", "--covers-from", "2026-07-01")
    assert result.returncode == 1
    assert "commenced before the acts it covers" in one_line_error(result)
