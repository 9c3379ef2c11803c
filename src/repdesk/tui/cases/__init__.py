"""Cases: the case list and detail, the case and deadline forms, and bulk-change undo."""
