"""Reusable widgets: agenda, timer, status bar, tables of items."""
