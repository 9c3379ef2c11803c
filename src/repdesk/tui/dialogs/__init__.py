"""Typed modal screens: forms, confirmations, choices and pickers."""
