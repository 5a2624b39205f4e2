"""Sphinx and myst-nb side of the course: alt-text renderer, « Sources » directive, book editions."""
