"""The members list's filter language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdesk.domain.enums import RoleCategory
from repdesk.domain.member_filter import MemberFilter, parse_member_filter


@pytest.mark.parametrize("typed", ["", "role: exempt: action:"], ids=["nothing", "half-typed terms"])
def test_nothing_to_filter_on_lists_everyone_quietly(typed: str) -> None:
    parsed = parse_member_filter(typed)
    assert parsed.filter == MemberFilter()
    assert parsed.problems == ()


def test_free_text_is_kept_in_order() -> None:
    assert parse_member_filter("call handler").filter.text == "call handler"


def test_quoted_words_stay_together() -> None:
    assert parse_member_filter('"O\'Brien" role:op').filter.text == "O'Brien"


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("role:operational", RoleCategory.OPERATIONAL),
        ("role:op", RoleCategory.OPERATIONAL),
        ("ROLE:Support", RoleCategory.SUPPORT),
        ("role:s", RoleCategory.SUPPORT),
    ],
)
def test_role_accepts_whole_and_shortened_values(typed: str, role: RoleCategory) -> None:
    parsed = parse_member_filter(typed)
    assert parsed.filter.role is role
    assert parsed.problems == ()


def test_unknown_role_is_reported_not_fatal() -> None:
    parsed = parse_member_filter("role:manager smith")
    assert parsed.filter.role is None
    assert parsed.filter.text == "smith"
    assert parsed.problems == ("role:manager is not one of operational, support.",)


def test_exempt_yes_lists_only_exempt_members() -> None:
    assert parse_member_filter("exempt:yes").filter.exempt is True
    assert parse_member_filter("exempt:y").filter.exempt is True


def test_exempt_other_values_are_explained() -> None:
    parsed = parse_member_filter("exempt:maybe")
    assert parsed.filter.exempt is None
    assert parsed.problems and "exempt:yes" in parsed.problems[0]


@pytest.mark.parametrize(
    ("typed", "wanted"), [("action:yes", True), ("action:no", False), ("action:N", False)]
)
def test_action_yes_and_no(typed: str, wanted: bool) -> None:
    assert parse_member_filter(typed).filter.in_action is wanted


def test_action_nonsense_is_reported() -> None:
    parsed = parse_member_filter("action:sometimes")
    assert parsed.filter.in_action is None
    assert parsed.problems == ("action:sometimes is not understood; try action:yes or action:no.",)


def test_unknown_keys_are_free_text() -> None:
    assert parse_member_filter("site:hq").filter.text == "site:hq"


def test_terms_combine() -> None:
    parsed = parse_member_filter("role:support exempt:yes action:yes Khan")
    assert parsed.filter == MemberFilter(text="Khan", role=RoleCategory.SUPPORT, exempt=True, in_action=True)


@given(st.text(max_size=60))
def test_nothing_typed_raises(text: str) -> None:
    parsed = parse_member_filter(text)
    assert isinstance(parsed.filter, MemberFilter)
