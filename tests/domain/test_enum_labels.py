"""Labels belong to their own enum, even where two enums share a value."""

from __future__ import annotations

import pytest

from repdesk.domain import enums
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    DeadlineKind,
    DisciplinaryStage,
    LabelledEnum,
    OfferStatus,
    ThreatKind,
    ThreatStatus,
)


def test_shared_values_keep_their_own_labels() -> None:
    assert ThreatStatus.WITHDRAWN.label == "Withdrawn by employer"
    assert OfferStatus.WITHDRAWN.label == "Withdrawn"  # a side withdraws its own position
    assert CaseOutcome.WITHDRAWN.label == "Withdrawn"
    assert ThreatKind.DISCIPLINARY.label == "Disciplinary action"
    assert CaseCategory.DISCIPLINARY.label == "Disciplinary"
    assert DisciplinaryStage.HEARING.label == "Meeting / hearing"
    assert DeadlineKind.HEARING.label == "Hearing"


@pytest.mark.parametrize(
    "enum",
    [
        e
        for e in vars(enums).values()
        if isinstance(e, type) and issubclass(e, LabelledEnum) and e is not LabelledEnum
    ],
)
def test_every_label_is_readable(enum: type[LabelledEnum]) -> None:
    for member in enum:
        assert member.label and member.label[0].isupper(), member
