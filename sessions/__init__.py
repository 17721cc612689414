"""Forming's domain: the session model, events and reducer, store, coverage and export."""
