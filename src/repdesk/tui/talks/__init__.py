"""ACAS talks: sessions, offers and action points, their rendering, forms and the topic view."""
