"""Typed modal screens shared by areas: forms, confirmations, choices, pickers, export, profile and help."""
