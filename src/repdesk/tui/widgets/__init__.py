"""Reusable widgets: the paged table, detail panes, the filter bar."""
