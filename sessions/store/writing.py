"""Writing files atomically: sessions with a backup and a stamp, generated files, stray temps."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sessions.errors import (
    FileChanged,
    FolderInTheWay,
    NotWrittenByForming,
    SaveError,
    SessionFileError,
    SessionTooLarge,
    WriteRefused,
)
from sessions.model import Session
from sessions.store.document import MAX_BYTES
from sessions.store.folder import backup_path
from sessions.store.toml_text import _session_pieces

REPLACE_RETRY_S = 2.0
"""How long a save keeps retrying a replace that a virus scanner or sync client blocks."""

STRAY_AGE_S = 60.0
"""Temp files younger than this may belong to a save in progress in another window."""

_TEMP_RANDOM = 16
_STRAY_TEMP = re.compile(rf"^\..+\.tmp-[0-9a-f]{{{_TEMP_RANDOM}}}$")
_RETRY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EBUSY}
_RETRY_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation


WRITE_BATCH = 64 * 1024
"""Bytes of small pieces of a session's text (each a part of its state, or a record of a long
list) joined into one batch to write or compare. The timeline's segments (`SEGMENT_BYTES`) are
that long already and go as they are: a save copies none of the history's text. Each batch is
a passing allocation below the size from which the C allocator maps memory of its own, not a
block it keeps: batches of 256 K characters left the process megabytes bigger after a few
autosaves of a long session."""


READ_BLOCK = 120 * 1024
"""Bytes of the file a save reads at a time to compare it with what it wrote last: room for
a timeline segment or two, and below the size from which the C allocator maps memory of its
own (128 KiB); a 1 MiB block raised the peak memory of the large session by a megabyte."""

_IOV_MAX = 1024
"""The most chunks one `os.writev` takes (POSIX promises at least 16; Linux and macOS 1024)."""
with contextlib.suppress(AttributeError, ValueError, OSError):
    _IOV_MAX = max(16, min(_IOV_MAX, os.sysconf("SC_IOV_MAX")))


def _batches(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The `pieces` in order, small ones joined into batches of about `WRITE_BATCH` bytes."""
    small: list[bytes] = []
    size = 0
    for piece in pieces:
        if len(piece) >= WRITE_BATCH:
            if small:
                yield b"".join(small)
                small, size = [], 0
            yield piece
            continue
        small.append(piece)
        size += len(piece)
        if size >= WRITE_BATCH:
            yield b"".join(small)
            small, size = [], 0
    if small:
        yield b"".join(small)


def _os_trouble(error: OSError, folder: Path) -> str:
    """Return what went wrong writing in `folder`, in a facilitator's words."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.EROFS:
        return f"the folder {folder} is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM) or isinstance(error, PermissionError):
        return f"no permission to write in {folder}"
    if code == errno.ENOENT:
        if folder.is_dir():
            return f"a file being saved in {folder} was removed by another program"
        return f"the folder {folder} no longer exists"
    if code == errno.EISDIR:
        return "a folder has the session file's name"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EIO:
        return "the disk reported an input/output error"
    return error.strerror or str(error)


def _save_reason(error: OSError, folder: Path) -> str:
    return (
        f"could not save: {_os_trouble(error, folder)}. The last saved version is unchanged; "
        "save your work to another folder or disk"
    )


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{secrets.token_hex(_TEMP_RANDOM // 2)}")


def _write_new(path: Path, data: Sequence[bytes], mode: int | None) -> os.stat_result:
    """Write the `data` chunks to a new file at `path`, force it to disk; return its stat."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o666)
    try:
        if mode is not None:
            # Keep the permissions the person gave the file they are replacing.
            with contextlib.suppress(OSError):
                os.chmod(fd if os.chmod in os.supports_fd else path, mode)
        _write_all(fd, data)
        os.fsync(fd)
        return os.fstat(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, chunks: Sequence[bytes]) -> None:
    """Write `chunks` in order, as few calls as the system takes (`os.writev`, where there
    is one): each call gives the interpreter up, and taking it back from a thread drawing a
    frame can wait a few milliseconds, so a file at the size limit written a segment a call
    (240 calls) took several times as long while the app drew."""
    views = [memoryview(chunk) for chunk in chunks if chunk]
    writev = getattr(os, "writev", None)
    start = 0
    while start < len(views):
        if writev is None:
            done = os.write(fd, views[start])
        else:
            done = writev(fd, views[start : start + _IOV_MAX])
        # Skip what was written, and the part of a chunk written half.
        while start < len(views) and done >= len(views[start]):
            done -= len(views[start])
            start += 1
        if done:
            views[start] = views[start][done:]


def _holds(path: Path, written: tuple[bytes, ...]) -> bool | None:
    """Return whether the file at `path` holds exactly the joined `written` batches, or `None`
    when it cannot be read.

    Compares the bytes themselves: cheaper than hashing the file (and exact), since the
    batches a save wrote are kept for the next save anyway. The file is read `READ_BLOCK`
    bytes at a time into one buffer (few calls, as for writing: see `_write_all`), and each
    batch compared in place (`startswith` is a `memcmp`), so nothing is copied twice.
    """
    block = bytearray(min(READ_BLOCK, max(sum(map(len, written)), 1)))
    view = memoryview(block)
    try:
        with open(path, "rb", buffering=0) as file:
            filled = used = 0
            for batch in written:
                if filled - used < len(batch):
                    # Keep what is left of the block at its start, and read on behind it.
                    left = filled - used
                    if len(batch) > len(block):
                        bigger = bytearray(len(batch))
                        bigger[:left] = view[used:filled]
                        view.release()
                        block, view = bigger, memoryview(bigger)
                    else:
                        view[:left] = view[used:filled]
                    filled, used = left + _read_into(file, view[left:]), 0
                    if filled < len(batch):
                        return False  # the file is shorter
                if not block.startswith(batch, used):
                    return False
                used += len(batch)
            return filled == used and not file.read(1)
    except OSError:
        return None
    finally:
        view.release()


def _read_into(file: io.FileIO, view: memoryview) -> int:
    """Fill `view` from `file` as far as the file goes; return how many bytes were read (an
    unbuffered read may stop short, as on a pipe or a network disk)."""
    total = 0
    while total < len(view):
        count = file.readinto(view[total:])
        if not count:
            break
        total += count
    return total


def _place_new(temp: Path, target: Path) -> None:
    """Give the finished `temp` the name `target`, refusing if anything has that name now.

    A hard link cannot replace anything, so no file, folder or link that appeared at `target`
    is ever overwritten or written through; where links are not supported, the name is
    checked just before an ordinary rename.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        raise WriteRefused(
            "something with this name appeared while it was being written, so it was "
            "left as it is: choose another name",
            target,
        ) from None
    except OSError:
        if os.path.lexists(target):
            raise WriteRefused(
                "something with this name appeared while it was being written, so it was "
                "left as it is: choose another name",
                target,
            ) from None
        _replace(temp, target)
        return
    _remove_quietly(temp)


def _replace(source: Path, target: Path) -> None:
    """`os.replace`, retried for up to `REPLACE_RETRY_S` while another program holds the file."""
    deadline = time.monotonic() + REPLACE_RETRY_S
    delay = 0.01
    while True:
        try:
            os.replace(source, target)
            return
        except OSError as error:
            transient = (
                isinstance(error, PermissionError)
                or error.errno in _RETRY_ERRNOS
                or getattr(error, "winerror", None) in _RETRY_WINERRORS
            )
            if not transient or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _back_up(path: Path) -> tuple[str, Path | None]:
    """Make `NAME.toml.bak` a complete copy of the current file, atomically.

    Returns `""`, or why the backup could not be kept, and the temp name that now holds the
    backup it replaced (or `None`), for the caller to remove once the save is done: removing
    the last name of a file frees its blocks, milliseconds for a file at the size limit, which
    need not come before the session itself is saved. The save goes on either way: it is
    atomic without the backup, and refusing it would leave the room's work unsaved.
    """
    backup = backup_path(path)
    temp = _temp_name(backup)
    retired: Path | None = None
    second = _temp_name(backup)
    with contextlib.suppress(OSError):  # no backup yet (or no links here): nothing to free
        # A second name for the backup about to be replaced (a link there: for its target,
        # whose content a link never changes, and whose name stays).
        os.link(backup, second)
        retired = second
    try:
        _copy_to_backup(path, temp, backup)
    except OSError as error:
        if os.path.isdir(backup):
            reason = "a folder has that name"
        else:
            reason = _os_trouble(error, path.parent)
        return (
            f"the session was saved, but its previous version could not be kept as "
            f"{backup.name} ({reason})"
        ), retired
    finally:
        # Renaming a link onto a name of the same file does nothing and leaves the temp behind.
        _remove_quietly(temp)
    return "", retired


def _copy_to_backup(path: Path, temp: Path, backup: Path) -> None:
    try:
        # A hard link is instant and shares the old file's bytes, which are never written
        # again: the save replaces the name `path`, not the file's content.
        os.link(path, temp)
    except OSError:
        with open(path, "rb") as source, open(temp, "xb") as copy:
            shutil.copyfileobj(source, copy)
            copy.flush()
            os.fsync(copy.fileno())
    _replace(temp, backup)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on every platform."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileStamp:
    """How a session file looked on disk when Forming last read or saved it."""

    device: int
    """The device the file is on."""
    inode: int
    """The file's inode: a save by rename, ours or another program's, makes a new one."""
    size: int
    """The file's size in bytes."""
    modified_ns: int
    """When the file's content last changed, in nanoseconds."""
    written: tuple[bytes, ...] | None = field(default=None, compare=False, repr=False)
    """The bytes Forming wrote, in batches, when this stamp comes from a save.

    Another program can edit the file in place and set its size and time back; the content
    still tells, so a save compares the file with these bytes before replacing it. Most are
    the timeline's segments, which the saved text keeps anyway (`toml_text`), so keeping them
    costs no copy."""
    note: str = field(default="", compare=False)
    """What the facilitator should know about the save that made this stamp, or `""` (such
    as a backup that could not be kept while the session itself was saved)."""


def _stamp(
    info: os.stat_result, written: tuple[bytes, ...] | None = None, note: str = ""
) -> FileStamp:
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, written, note)


def file_stamp(path: Path | str) -> FileStamp | None:
    """Return how the file at `path` looks now, or `None` when it cannot be seen."""
    try:
        return _stamp(os.stat(path))
    except (OSError, ValueError):
        return None


def _current(path: Path, new: bool) -> os.stat_result | None:
    """How the file at `path` looks now (`None`: there is none), refusing what a save must
    not write over: a folder, or with `new` anything at all."""
    try:
        current = os.lstat(path) if new else os.stat(path)
    except FileNotFoundError:
        return None
    if new:
        raise WriteRefused("there is already a file with this name, so it was left as it is")
    if stat.S_ISDIR(current.st_mode):
        raise FolderInTheWay(
            "could not save: there is now a folder with the session file's name, and a "
            "save never replaces a folder (ctrl+s cannot either); the session was not "
            "written there"
        )
    return current


def save_session(
    session: Session,
    path: Path | str,
    *,
    expected: FileStamp | None = None,
    new: bool = False,
    written_hook: Callable[[], object] | None = None,
) -> FileStamp:
    """Save `session` to `path` atomically, keeping the previous version as `NAME.toml.bak`.

    The whole file is written to a temp file beside it and forced to disk, then renamed over
    the old one, so a crash at any moment leaves either the old or the new file, complete.
    Raises `SaveError` with the reason; the previous file is then left exactly as it was.
    A session that would be larger than `MAX_BYTES` is not written (`SessionTooLarge`), so
    every file Forming writes, it reads. A folder at `path` is never replaced
    (`FolderInTheWay`). With `expected` (the stamp the last save returned), a file that another
    program has replaced or edited since is not overwritten: `FileChanged` is raised instead,
    also when its size and time were set back (its content tells, compared with what was
    written). A file that was deleted is simply written again. With `new`, the file must not
    exist yet: anything at `path` (a file, a link) is left alone and `WriteRefused` raised.
    Returns the stamp of the file written, whose `note` says when the backup could not be kept.

    `written_hook`, if given, is called once the new file is written and on disk and before
    the old one is looked at and replaced (the app waits there for the frame that shows the
    change: the writing, which leaves the interpreter to other threads, goes on meanwhile).
    """
    path = Path(path)
    try:
        if path.is_symlink() and not new:
            # Save through a link to the file it points at, rather than replacing the link.
            path = path.resolve()
    except (OSError, RuntimeError) as error:
        raise SaveError(f"could not save: {error}", path) from None
    folder = path.parent
    try:
        # Bytes kept from the last save for whatever did not change: nothing is encoded again,
        # and the whole file is never one string or one bytes object in memory.
        pieces = _session_pieces(session)
    except SaveError as error:
        error.path = path
        raise
    if sum(map(len, pieces)) > MAX_BYTES:
        raise SessionTooLarge(
            f"not saved: the session has grown past {MAX_BYTES // 1024 // 1024} MB, the "
            "largest session file Forming writes (or reads), so it was not written; "
            "the last saved version is unchanged and still opens",
            path,
        )
    temp = _temp_name(path)
    note = ""
    retired: Path | None = None
    try:
        current = _current(path, new)
        replacing = current is not None and stat.S_ISREG(current.st_mode)
        mode = stat.S_IMODE(current.st_mode) if replacing and current is not None else None
        # Kept with the stamp for the next save's comparison: the timeline's segments are
        # the very objects the text keeps, only the state's small pieces are joined anew.
        batches = tuple(_batches(pieces))
        written = _write_new(temp, batches, mode)
        if written_hook is not None:
            written_hook()
        # The file is looked at again once the new one is on disk, just before it replaces
        # it: nothing another program did meanwhile is overwritten.
        current = _current(path, new)
        if expected is not None and current is not None:
            changed = _stamp(current) != expected
            if not changed and expected.written is not None:
                changed = _holds(path, expected.written) is False
            if changed:
                raise FileChanged(path)
        if current is not None and stat.S_ISREG(current.st_mode):
            note, retired = _back_up(path)
        if new:
            _place_new(temp, path)
        else:
            _replace(temp, path)
    except SessionFileError as error:
        _remove_quietly(temp)
        error.path = error.path or path
        raise
    except OSError as error:
        _remove_quietly(temp)
        raise SaveError(_save_reason(error, folder), path) from None
    except BaseException:
        _remove_quietly(temp)
        raise
    finally:
        if retired is not None:
            _remove_quietly(retired)  # the backup before last: its blocks are freed now
    _fsync_folder(folder)
    return _stamp(written, batches, note)


GENERATED_MARK = "Written by Forming"
"""Words every file Forming generates holds (the charter's footer, a comment in a picture):
an existing file holding them is Forming's own, and may be written again without asking."""


def _written_by_forming(path: Path, mark: str = GENERATED_MARK) -> bool:
    """Return whether the regular file at `path` holds `mark`; never follows a link."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        with os.fdopen(os.dup(fd), "rb") as file:
            return mark.encode() in file.read(MAX_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)


def write_generated(
    path: Path | str, text: str, *, overwrite: bool = False, mark: str = GENERATED_MARK
) -> Path:
    """Write a file Forming generates (a charter, a picture) at `path`, safely; return the path.

    The text goes to a temp file beside the target, is forced to disk and renamed into place,
    so a reader never sees half a file. Nothing is ever written through a link: a link at
    `path` is refused (`WriteRefused`), and one planted while writing is replaced, its target
    untouched. A folder or device there is refused too. An existing file that does not hold
    `mark` (`GENERATED_MARK`, or what a format that cannot carry those words always holds)
    belongs to someone else: it is replaced only with `overwrite`, else `NotWrittenByForming`
    is raised so the caller can ask. Other failures raise `SaveError`.
    """
    path = Path(path)
    folder = path.parent
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise SaveError(f"could not write it: {_os_trouble(error, folder)}", path) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise WriteRefused(
                "is a link to another file, and Forming never writes through a link, so "
                "nothing was written: remove the link, or write somewhere else",
                path,
            )
        if stat.S_ISDIR(info.st_mode):
            raise WriteRefused("is a folder, so nothing was written: choose a file name", path)
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefused(
                "is not a regular file (a device, pipe or socket), so nothing was written",
                path,
            )
        if not overwrite and not _written_by_forming(path, mark):
            raise NotWrittenByForming(
                "already exists and Forming did not write it, so it was left as it is", path
            )
    temp = _temp_name(path)
    try:
        mode = stat.S_IMODE(info.st_mode) if info is not None else None
        _write_new(temp, [text.encode("utf-8", errors="strict")], mode)
        if info is None:
            _place_new(temp, path)
        else:
            # A rename replaces whatever has the name now, a link included, never its target.
            _replace(temp, path)
    except SessionFileError:
        _remove_quietly(temp)
        raise
    except OSError as error:
        _remove_quietly(temp)
        raise SaveError(f"could not write it: {_os_trouble(error, folder)}", path) from None
    except UnicodeEncodeError:
        _remove_quietly(temp)
        raise SaveError("could not write it: some text cannot be stored", path) from None
    except BaseException:
        _remove_quietly(temp)
        raise
    _fsync_folder(folder)
    return path


def clean_stray_temps(folder: Path | str, *, older_than: float = STRAY_AGE_S) -> int:
    """Remove temp files that killed saves left in `folder` and return how many were removed.

    Only files named like Forming's own temps (`.NAME.tmp-<16 hex digits>`) are touched, and
    only once they are `older_than` seconds old, so a save running in another window is safe.
    """
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _STRAY_TEMP.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if now - info.st_mtime < older_than:
                continue
            if info.st_nlink > 1:
                # A backup in progress: a hard link to the live file, carrying its old mtime.
                continue
            os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed
