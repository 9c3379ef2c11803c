"""Threats: the threat log, its detail rendering and the entry form."""
