"""Errors a rep may see. Each carries one plain sentence saying what is wrong and what to do."""

from __future__ import annotations


class RepdeskError(Exception):
    """Base for every error whose message is meant for the rep, as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DateInputError(RepdeskError, ValueError):
    """A date or time the rep typed could not be understood, or is impossible."""
