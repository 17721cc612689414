"""Forming's terminal interface: the Textual app, its screens, dialogs and widgets."""
