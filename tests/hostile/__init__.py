"""Hostile-input test kit: vectors, a site built from them, a static scan and a browser."""
