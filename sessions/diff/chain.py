"""The sessions between A and B when B follows A through a chain of follow-ups (A → X → Y → B).

A follow-up copies only the session it continues (`last_time`, one step back) and leaves done
actions and resolved parking-lot items behind, so what a session in the middle of a longer
chain finished is missing from B without having been removed. `sessions_between` links the
chain from sessions at hand; `find_between` reads the missing links from the session files
beside A and B, where `forming new --from` writes a follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sessions.followup import follows
from sessions.model import Session

LONGEST_CHAIN = 1000
"""More follow-ups than any team runs: a chain this long is taken to loop, and is not linked."""


def sessions_between(a: Session, b: Session, found: Iterable[Session] = ()) -> list[Session] | None:
    """Return the sessions between A and B, oldest first, when B follows A through them.

    B's own copy of the session it follows (`last_time`) is the first link; the others come
    from `found` (sessions read from files, by their ids). Returns `[]` when B follows A
    directly (or they are the same session), and `None` when no chain from A to B can be made
    from what is at hand.
    """
    if a.session.id == b.session.id:
        return []
    by_id = {s.session.id: s for s in found}
    if b.last_time is not None:
        # What B was made from, rather than that file as it may have been edited since.
        previous = b.last_time.as_session()
        by_id[previous.session.id] = previous
    chain: list[Session] = []
    link = follows(b)
    while link is not None and len(chain) < LONGEST_CHAIN:
        if link[0] == a.session.id:
            return chain[::-1]
        earlier = by_id.pop(link[0], None)  # popped: a chain that loops ends here
        if earlier is None:
            return None
        chain.append(earlier)
        link = follows(earlier)
    return None


def find_between(a: Session, b: Session, folders: Sequence[Path]) -> list[Session] | None:
    """Return the sessions between A and B, reading the files in `folders` the chain needs.

    Only the files whose session id is a link of the chain are read in full (the listing reads
    a file's heading only). A file that cannot be read is left out: the chain then stops there.
    """
    from sessions.errors import SessionFileError
    from sessions.store import read_session
    from sessions.store.folder import list_sessions

    direct = sessions_between(a, b)
    if direct is not None:
        return direct
    files: dict[str, Path] = {}
    for folder in dict.fromkeys(folders):  # A and B are often in the same folder
        for summary in list_sessions(folder):
            if summary.error is None and summary.session_id:
                files.setdefault(summary.session_id, summary.path)
    found: list[Session] = []
    link = follows(b.last_time.as_session()) if b.last_time is not None else None
    while (
        link is not None
        and link[0] != a.session.id
        and link[0] in files
        and len(found) < LONGEST_CHAIN
    ):
        try:
            earlier = read_session(files.pop(link[0]))
        except SessionFileError:
            break
        found.append(earlier)
        link = follows(earlier)
    return sessions_between(a, b, found)
