"""The members list's filter language: free text plus ``role:``, ``exempt:`` and ``action:`` terms."""

from __future__ import annotations

from dataclasses import dataclass

from repdesk.domain.enums import RoleCategory
from repdesk.domain.filters import YES, Parsed, terms

MEMBER_KEYS = ("role", "exempt", "action")

_NO = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class MemberFilter:
    """Which members to list. Empty means every member, by name."""

    text: str = ""
    """Name, membership number, job title or department contains these words."""
    role: RoleCategory | None = None
    """Only operational or only support roles."""
    exempt_only: bool = False
    """Only members with agreed reasonable adjustments or an approved flexible-working plan."""
    in_action: bool | None = None
    """Only members taking part in the action (True) or not (False)."""


def _role(value: str) -> RoleCategory | None:
    word = value.strip().lower()
    matches = [role for role in RoleCategory if role.value.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def parse_member_filter(text: str) -> Parsed[MemberFilter]:
    """Read ``role:operational|support exempt:yes action:yes|no`` plus free text.

    Values may be shortened (``role:op``). Unknown values are reported as
    plain sentences and ignored, so the list keeps updating while the rep types.
    """
    problems: list[str] = []
    words, found = terms(text, MEMBER_KEYS)
    role: RoleCategory | None = None
    exempt_only = False
    in_action: bool | None = None
    for key, value in found:
        answer = value.lower()
        if key == "role":
            role = _role(value)
            if role is None:
                problems.append(f"role:{value} is not one of operational, support.")
        elif key == "exempt":
            if answer in YES:
                exempt_only = True
            else:
                problems.append(
                    f"exempt:{value} is not understood; exempt:yes lists members with an agreed "
                    "adjustment or an approved flexible-working plan."
                )
        elif answer in YES:
            in_action = True
        elif answer in _NO:
            in_action = False
        else:
            problems.append(f"action:{value} is not understood; try action:yes or action:no.")
    return Parsed(
        MemberFilter(text=" ".join(words), role=role, exempt_only=exempt_only, in_action=in_action),
        tuple(problems),
    )
