"""Members: the member list, its detail rendering and the member form."""
