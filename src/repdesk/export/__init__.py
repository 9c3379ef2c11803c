"""Pure renderers of case summaries, threat chronologies and talks records (no Textual)."""
