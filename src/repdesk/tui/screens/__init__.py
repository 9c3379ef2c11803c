"""One screen per area (Textual modes), plus the help screen."""
