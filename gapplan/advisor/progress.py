"""Recording progress in a profile file: a credential started, hours done, earned, locked or unlocked.

The file is edited in place with a round-trip YAML writer (ruamel.yaml), so its comments, key order and
formatting stay as they are outside the entry that changes. Reading stays strict: the file is read with
:func:`gapplan.advisor.profile.read_profile` before the change, and the changed text is read back the same
way before it replaces the file (atomically: a temporary file beside it, then ``os.replace``, with the
file's mode kept). Only a regular file is written; a symbolic link is followed to its target.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import os
import re
import stat
import tempfile
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from gapplan.errors import GapplanError, InputError, OutputError, UnknownIdError
from gapplan.models import Catalog, Profile

Action = Literal["done", "start", "hours", "lock", "unlock"]


class ProgressError(InputError):
    """The change asked for does not fit the profile (e.g. hours for a credential already earned)."""


def update_profile(
    path: Path,
    action: Action,
    credential: str,
    *,
    catalog: Catalog,
    on: dt.date,
    hours: float | None = None,
) -> Profile:
    """Apply ``action`` for ``credential`` to the profile file at ``path`` and return the profile read back.

    - ``start``: add ``{id, started: on}`` to ``in_progress`` (an error if it is held or already started);
    - ``hours``: set the in-progress entry's ``hours_done`` to ``hours`` (starting it ``on`` if needed);
    - ``done``: remove it from ``in_progress`` (if there) and add ``{id, earned: on}`` to ``credentials``;
      for a credential already held, set its ``earned`` date to ``on`` (a renewal);
    - ``lock`` / ``unlock``: add it to / remove it from ``locked``.

    Nothing is written unless the result reads back strictly as a valid profile.
    """
    from gapplan.advisor.profile import read_profile

    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except OSError:
        raise InputError("profile not found (or not a file)", file=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("profile is not a regular file: it is not written", file=str(path))
    before = read_profile(path, catalog)
    cid = credential.strip().lower()
    if cid not in catalog.credential_by_id:
        raise UnknownIdError("credential", credential, sorted(catalog.credential_by_id))
    raw = target.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    crlf = "\r\n" in raw
    text = raw.removeprefix(bom).replace("\r\n", "\n")
    new_text = _edit(text, action, cid, before, on=on, hours=hours)
    if new_text == text:
        return before
    if crlf:
        new_text = new_text.replace("\n", "\r\n")
    return _replace(path, target, bom + new_text, info.st_mode, catalog)


# --------------------------------------------------------------------------- the round-trip edit


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=_mapping_indent(text), sequence=sequence or 2, offset=offset or 0)
    return yaml


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested block mapping (default 2)."""
    lines = text.splitlines()
    for first, second in itertools.pairwise(lines):
        if re.fullmatch(r"[^\s#-][^#]*:\s*(#.*)?", first):
            m = re.match(r"( +)[^\s#-]", second)
            if m:
                return len(m.group(1))
    return 2


def _entry(**fields: object) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    for key, value in fields.items():
        entry[key] = value
    entry.fa.set_flow_style()
    return entry


def _seq(doc: Any, key: str) -> Any:
    """The sequence under ``key``, created (as a flow list at the end of the file) when missing."""
    from ruamel.yaml.comments import CommentedSeq

    if doc.get(key) is None:
        seq = CommentedSeq()
        seq.fa.set_flow_style()
        doc[key] = seq
    return doc[key]


def _id_of(entry: object) -> object:
    return entry.get("id") if hasattr(entry, "get") else entry


def _index(seq: Any, cid: str) -> int | None:
    for i, entry in enumerate(seq):
        if _id_of(entry) == cid:
            return i
    return None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _edit(text: str, action: Action, cid: str, profile: Profile, *, on: dt.date, hours: float | None) -> str:
    yaml = _yaml(text)
    doc = yaml.load(text)
    unchanged = _dump(yaml, doc)
    held = cid in profile.credentials
    started = any(p.id == cid for p in profile.in_progress)
    if action == "start":
        if held:
            raise ProgressError(f"credential {cid} is already held (in credentials)")
        if started:
            raise ProgressError(f"credential {cid} is already in progress")
        _seq(doc, "in_progress").append(_entry(id=cid, started=on))
    elif action == "hours":
        if hours is None or hours < 0:
            raise ProgressError("hours done must be a number of hours, 0 or more")
        if held:
            raise ProgressError(f"credential {cid} is already held: it has no hours left to record")
        seq = _seq(doc, "in_progress")
        i = _index(seq, cid)
        if i is None:
            seq.append(_entry(id=cid, started=on, hours_done=_number(hours)))
        elif isinstance(seq[i], str):
            seq[i] = _entry(id=cid, hours_done=_number(hours))
        else:
            seq[i]["hours_done"] = _number(hours)
    elif action == "done":
        if started:
            seq = doc["in_progress"]
            i = _index(seq, cid)
            if i is not None:
                del seq[i]
        creds = _seq(doc, "credentials")
        i = _index(creds, cid)
        if i is None:
            creds.append(_entry(id=cid, earned=on))
        elif isinstance(creds[i], str):
            creds[i] = _entry(id=cid, earned=on)
        else:
            creds[i]["earned"] = on
    elif action == "lock":
        if cid not in profile.locked:
            _seq(doc, "locked").append(cid)
    elif action == "unlock":
        seq = doc.get("locked")
        i = _index(seq, cid) if seq is not None else None
        if i is None:
            raise ProgressError(f"credential {cid} is not locked")
        del seq[i]
    return splice(text, unchanged, _dump(yaml, doc))


def _dump(yaml: Any, doc: Any) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def splice(original: str, unchanged: str, changed: str) -> str:
    """``original`` with only the lines that the edit changed replaced.

    The round-trip writer keeps comments and order but may still respell what it does not model (a
    ``---`` line, trailing spaces, a flow list over several lines, an unused anchor). ``unchanged`` is its
    text of the document before the edit, ``changed`` after: each hunk between the two is applied to
    ``original`` where the lines around it are the same in ``original`` and ``unchanged``, so every other
    byte stays as it was. When a hunk cannot be placed that way, the whole ``changed`` text is used (still
    with its comments and order)."""
    if not original.endswith("\n"):
        original += "\n"
    if original == unchanged:
        return changed
    o_lines = original.splitlines(keepends=True)
    u_lines = unchanged.splitlines(keepends=True)
    c_lines = changed.splitlines(keepends=True)
    u_to_o: dict[int, int] = {}
    for tag, i1, i2, j1, _ in SequenceMatcher(None, u_lines, o_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            u_to_o.update({i1 + k: j1 + k for k in range(i2 - i1)})
    out: list[str] = []
    pos = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, u_lines, c_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # an insertion: after the line before it
            if i1 > 0 and i1 - 1 not in u_to_o:
                return changed
            start = end = u_to_o[i1 - 1] + 1 if i1 > 0 else 0
        else:
            if any(i not in u_to_o for i in range(i1, i2)):
                return changed
            mapped = [u_to_o[i] for i in range(i1, i2)]
            if mapped != list(range(mapped[0], mapped[0] + len(mapped))):
                return changed
            start, end = mapped[0], mapped[-1] + 1
        if start < pos:
            return changed
        out += o_lines[pos:start] + c_lines[j1:j2]
        pos = end
    out += o_lines[pos:]
    return "".join(out)


# --------------------------------------------------------------------------- writing


def _replace(shown: Path, target: Path, text: str, mode: int, catalog: Catalog) -> Profile:
    """Write ``text`` beside ``target``, read it back strictly, then move it over ``target``."""
    from gapplan.advisor.profile import read_profile

    tmp = ""
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, stat.S_IMODE(mode))
        except OSError as err:
            raise OutputError(f"cannot write the file: {err.strerror or err}", file=str(shown)) from None
        try:
            profile = read_profile(Path(tmp), catalog)
        except GapplanError as err:
            first = err.problems[0].message if err.problems else str(err)
            raise InputError(
                f"the updated profile would not read back ({first}); the file is unchanged", file=str(shown)
            ) from None
        try:
            os.replace(tmp, target)
        except OSError as err:
            raise OutputError(f"cannot write the file: {err.strerror or err}", file=str(shown)) from None
        tmp = ""
        return profile
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
