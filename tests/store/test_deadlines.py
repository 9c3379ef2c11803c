"""Computed deadlines on a real file: saved with their working, rechecked on read, recomputed on request."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from repdesk.domain import rules
from repdesk.domain.enums import AuditAction, DeadlineKind, HolidayRegion
from repdesk.domain.errors import RepdeskError
from repdesk.store import cases, common, profile, triage
from repdesk.store import deadlines as deadline_service
from repdesk.store.engine import Database
from repdesk.store.models import AuditEntry, Deadline, DeadlineCreate, RepProfileUpdate
from tests.helpers.factories import NewCase, add_old_default_deadline
from tests.store.store_helpers import save_profile


def test_settings_come_from_the_profile_and_default_safe(db: Database) -> None:
    with db.session() as s:
        assert deadline_service.rule_settings(s) == rules.Settings()
    save_profile(db, holiday_region=HolidayRegion.SCOTLAND, era2025_commencement="1/10/26")
    with db.session() as s:
        assert deadline_service.rule_settings(s) == rules.Settings(HolidayRegion.SCOTLAND, date(2026, 10, 1))
        # The preview counts working days in the rep's own nation: 2 Jan is a holiday in Scotland only.
        assert deadline_service.preview(s, "companion", {"proposed": "2025-12-29"}).result == date(2026, 1, 7)


def test_a_file_made_with_the_old_default_is_flagged_and_nothing_is_rewritten(
    db: Database, new_case: NewCase
) -> None:
    made = new_case()
    old_id = add_old_default_deadline(db, made.case_id)
    with db.session() as s:
        before = s.get(Deadline, old_id)
        assert before is not None
        version = before.version
        [checked] = deadline_service.checks(s, [before])
        # As saved, it still reads as the 6-month working it was.
        assert checked.saved is not None and checked.saved.result == date(2027, 5, 1)
        assert checked.flag == "The rules now give 1 Feb 2027: check and recompute."
        flagged = triage.triage(s).recheck
        assert [(f.deadline_id, f.flag) for f in flagged] == [(old_id, checked.flag)]
        assert triage.overview(s).recheck == flagged
    with db.session() as s:
        after = s.get(Deadline, old_id)
        assert after is not None
        assert (after.due_on, after.version, after.rule_version) == (date(2027, 5, 1), version, 2)

    with db.transaction() as s:
        redone = deadline_service.recompute_deadline(s, old_id, version=version)
        assert redone.due_on == date(2027, 2, 1)
    with db.session() as s:
        assert triage.triage(s).recheck == []
        audit = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "deadline", AuditEntry.entity_id == old_id)
        ).all()
        update = [a for a in audit if a.action is AuditAction.UPDATE]
        assert update and update[-1].changes["due_on"] == ["2027-05-01", "2027-02-01"]
        assert update[-1].changes["rule_version"] == [2, 1]


def test_setting_the_commencement_clears_the_flag_without_a_recompute(
    db: Database, new_case: NewCase
) -> None:
    made = new_case()
    add_old_default_deadline(db, made.case_id)
    save_profile(db, era2025_commencement="2026-10-01")
    with db.session() as s:
        assert triage.triage(s).recheck == []


def test_add_computed_keeps_rule_inputs_and_a_neutral_description(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        computation = deadline_service.preview(s, "tribunal", {"claim": "wages", "act": "20/6/25"})
        saved = deadline_service.add_computed(s, made.case_id, computation)
        saved_id = saved.id
    with db.session() as s:
        stored = cases.get_deadline(s, saved_id or 0)
        assert stored.due_on == date(2025, 9, 19)
        assert stored.kind is DeadlineKind.TRIBUNAL_LIMIT
        assert stored.what == "Deductions from wages limit from 20 Jun 2025"
        assert (stored.rule_id, stored.rule_version) == ("tribunal-wages", 1)
        assert stored.rule_inputs == {"claim": "wages", "act": "2025-06-20", "region": "ENG"}
        assert "unlawful" not in stored.what.lower()


def test_editing_a_computed_deadline_recomputes_it_in_one_audited_change(
    db: Database, new_case: NewCase
) -> None:
    made = new_case()
    with db.transaction() as s:
        first = deadline_service.add_computed(
            s, made.case_id, rules.compute("sar", {"received": "2025-09-03"})
        )
        ident, version = first.id or 0, first.version
    with db.transaction() as s:
        edited = deadline_service.update_computed(
            s, ident, "sar", {"received": "2025-09-10"}, version=version, notes="Chased twice"
        )
        assert (edited.due_on, edited.notes) == (date(2025, 10, 10), "Chased twice")
        assert edited.rule_inputs == {"received": "2025-09-10", "region": "ENG"}
    with db.transaction() as s, pytest.raises(RepdeskError, match="changed elsewhere"):
        deadline_service.update_computed(s, ident, "sar", {"received": "2025-09-11"}, version=version)
    with db.transaction() as s, pytest.raises(rules.RuleInputError, match="received: enter a date"):
        deadline_service.update_computed(s, ident, "sar", {"received": ""}, version=version + 1)


def test_a_typed_deadline_cannot_be_recomputed(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        typed = cases.add_deadline(
            s,
            made.case_id,
            common.validate(DeadlineCreate, {"what": "Hearing", "due_on": "2026-12-04"}),
        )
        ident, version = typed.id or 0, typed.version
    with db.transaction() as s, pytest.raises(RepdeskError, match="typed in"):
        deadline_service.recompute_deadline(s, ident, version=version)


def test_unreadable_saved_inputs_are_flagged_not_fatal(db: Database, new_case: NewCase) -> None:
    made = new_case()
    with db.transaction() as s:
        s.add(
            Deadline(
                case_id=made.case_id,
                what="Damaged",
                due_on=date(2027, 1, 1),
                rule_id="tribunal-limit",
                rule_version=1,
                rule_inputs={"act": "not a date"},
            )
        )
    with db.session() as s:
        [flagged] = triage.triage(s).recheck
        assert flagged.flag.startswith("The working cannot be checked:")


def test_profile_update_can_clear_the_commencement(db: Database, new_case: NewCase) -> None:
    save_profile(db, era2025_commencement="2026-10-01", era2025_covers_from="2026-07-01")
    made = new_case()
    with db.transaction() as s:  # counted at 6 months while the commencement is set
        six = deadline_service.preview(s, "tribunal", {"act": "2026-11-02"})
        assert six.result == date(2027, 5, 1)
        deadline_service.add_computed(s, made.case_id, six)
    with db.transaction() as s:
        current = profile.get_profile(s)
        assert current is not None
        update = common.validate(
            RepProfileUpdate,
            {"version": current.version, "era2025_commencement": None, "era2025_covers_from": None},
        )
        profile.update_profile(s, update)
    with db.session() as s:
        assert deadline_service.rule_settings(s).commencement is None
        [flagged] = triage.triage(s).recheck
    assert flagged.flag == "The rules now give 1 Feb 2027: check and recompute."


def test_deadlines_typed_and_computed_round_trip_with_their_working(db: Database, new_case: NewCase) -> None:
    made = new_case(opened_on="2026-10-01")
    computation = rules.compute(
        "tribunal", {"act": date(2026, 9, 15), "acas_contacted": "2026-11-01", "certificate": "2026-11-20"}
    )
    with db.transaction() as s:
        typed = cases.add_deadline(
            s,
            made.case_id,
            DeadlineCreate.model_validate(
                {"kind": "hearing", "what": "Disciplinary hearing", "due_on": "4/12/26", "notes": "Room 3"}
            ),
        )
        computed = deadline_service.add_computed(
            s, made.case_id, computation, kind=DeadlineKind.TRIBUNAL_LIMIT, what="ET1 deadline"
        )
        typed_id, computed_id = typed.id, computed.id
    with db.session() as s:
        stored = {d.id: d for d in cases.deadlines(s, made.case_id)}
    hearing = stored[typed_id]
    assert (hearing.kind, hearing.what, hearing.due_on, hearing.notes) == (
        DeadlineKind.HEARING,
        "Disciplinary hearing",
        date(2026, 12, 4),
        "Room 3",
    )
    assert hearing.rule_id is None and hearing.rule_inputs is None
    limit = stored[computed_id]
    assert limit.due_on == computation.result
    assert limit.rule_id == rules.TRIBUNAL_LIMIT
    assert limit.rule_version == computation.rule.version
    assert limit.rule_inputs == computation.inputs
    assert limit.version == 1  # a new record, however many steps it took to write
    again = rules.recompute(limit.rule_id, limit.rule_inputs)
    assert again.result == limit.due_on
    assert again.steps == computation.steps
