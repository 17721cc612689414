"""What changed between two sessions, one job a module.

- `sections.py`: `diff_sessions`, the entry: each section's lines of change.
- `changes.py`: what a diff is made of (`Change`, `SessionDiff`, the marks and headings).
- `pairing.py`: which item of one session is which in the other, and A's ids in B's.
- `risks.py`: coverage risks compared (`compare_risks`, and the diff's risk lines).
- `words.py`: how an item is named in a line.
- `render.py`: the diff as plain text or Markdown.
"""
