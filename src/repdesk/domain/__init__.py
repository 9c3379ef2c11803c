"""Pure rules of a rep's casework: vocabulary, dates, deadlines, urgency.

Nothing here does I/O or imports Textual or SQLAlchemy.
"""
