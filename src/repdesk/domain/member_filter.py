"""The members list's filter language: free text plus ``role:``, ``exempt:``, ``action:``, ``archived:``."""

from __future__ import annotations

from dataclasses import dataclass

from repdesk.domain.enums import RoleCategory
from repdesk.domain.filters import NO, YES, Parsed, enum_value, readable, terms, unread, yes_no

MEMBER_KEYS = ("role", "exempt", "action", "archived")

ARCHIVED_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(NO, False),
    **dict.fromkeys(YES | {"all"}, None),
    "only": True,
}
"""``archived:no`` (the list as it opens), ``archived:yes`` (archived members too), ``archived:only``."""


@dataclass(frozen=True)
class MemberFilter:
    """Which members to list. Empty means every member, by name."""

    text: str = ""
    """Name, membership number, job title or department contains these words."""
    role: RoleCategory | None = None
    """Only operational or only support roles."""
    exempt: bool | None = None
    """Only members with (True) or without (False) agreed adjustments or an approved flexible-working plan."""
    in_action: bool | None = None
    """Only members taking part in the action (True) or not (False)."""
    archived: bool | None = False
    """Only current members (False, the default), only archived ones (True), or both (None)."""


def parse_member_filter(text: str) -> Parsed[MemberFilter]:
    """Read ``role:operational|support exempt:yes|no action:yes|no archived:yes|only|no`` plus free text.

    Values may be shortened (``role:op``). Unknown values are reported as
    plain sentences and ignored, so the list keeps updating while the rep types.
    """
    cleaned, refused = readable(text, MemberFilter)
    if refused is not None:
        return refused
    problems = list(unread(text))
    words, found = terms(cleaned, MEMBER_KEYS)
    role: RoleCategory | None = None
    answers: dict[str, bool | None] = {"exempt": None, "action": None}
    archived: bool | None = False
    for key, value in found:
        if key == "role":
            role = enum_value(RoleCategory, value, key, problems) or role
            continue
        if key == "archived":
            # A word or any start of one that says one thing (archived:on is only).
            word = value.strip().lower()
            meant = {said for name, said in ARCHIVED_WORDS.items() if word and name.startswith(word)}
            if len(meant) == 1:
                archived = meant.pop()
            else:
                problems.append(
                    f"archived:{value} is not understood; try archived:yes (archived members too), "
                    "archived:only or archived:no."
                )
            continue
        answer = yes_no(value)
        if answer is None:
            problems.append(f"{key}:{value} is not understood; try {key}:yes or {key}:no.")
        else:
            answers[key] = answer
    return Parsed(
        MemberFilter(
            text=" ".join(words),
            role=role,
            exempt=answers["exempt"],
            in_action=answers["action"],
            archived=archived,
        ),
        tuple(problems),
    )
