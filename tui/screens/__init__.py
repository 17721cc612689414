"""Screens: home, one per workshop stage, and the shared stage frame."""
