"""Widgets shared by areas: the paged table, filter bar, footer, and the screen every area builds on."""
