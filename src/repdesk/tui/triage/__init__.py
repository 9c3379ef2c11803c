"""Triage: what needs the rep now, in sections (its screen and the section widget it is built from)."""
