"""Evidence attached to progress reports, stored on disk by content hash.

Only a few document and image types are accepted, each checked by its first
bytes as well as its name, so a renamed executable is refused. Files are
written (atomically) before the database row, so a report never points at a
missing file; a failed transaction leaves at most an unreferenced file.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from .errors import LuoshiError
from .track_tables import attachments

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

# suffix → (content type, accepted leading bytes); b"" accepts any text.
TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", (b"",)),
}


@dataclass(frozen=True, slots=True)
class Saved:
    filename: str
    stored_as: str
    size: int
    content_type: str
    sha256: str
    new: bool             # written by this save (so `discard` may remove it)


class FileStore:
    def __init__(self, root: Path | str, max_bytes: int = MAX_BYTES):
        self.root = Path(root)
        self.max_bytes = max_bytes

    def check(self, filename: str, data: bytes) -> str:
        """The content type of an acceptable file; LuoshiError otherwise."""
        suffix = Path(filename).suffix.lower()
        if suffix not in TYPES:
            raise LuoshiError(f"{filename}: only {', '.join(sorted(TYPES))} files are accepted")
        if not data:
            raise LuoshiError(f"{filename}: the file is empty")
        if len(data) > self.max_bytes:
            raise LuoshiError(f"{filename}: larger than {self.max_bytes // (1024 * 1024)} MB")
        ctype, magics = TYPES[suffix]
        if not any(data.startswith(m) for m in magics) or (suffix == ".txt" and b"\x00" in data[:4096]):
            raise LuoshiError(f"{filename}: the content is not a {suffix} file")
        return ctype

    def save(self, files) -> list[Saved]:
        """Check every (filename, bytes) first, then write them; all or none."""
        files = [(Path(name).name[:200], data) for name, data in files if name]
        if len(files) > MAX_FILES:
            raise LuoshiError(f"at most {MAX_FILES} attachments per report")
        checked = [(name, data, self.check(name, data)) for name, data in files]
        saved = []
        try:
            for name, data, ctype in checked:
                saved.append(self._write(name, data, ctype))
        except OSError as err:
            self.discard(saved)
            raise LuoshiError(f"cannot store the attachment: {err.strerror}") from None
        return saved

    def _write(self, name: str, data: bytes, ctype: str) -> Saved:
        digest = hashlib.sha256(data).hexdigest()
        stored_as = digest + Path(name).suffix.lower()
        path = self.root / stored_as[:2] / stored_as
        new = not path.exists()
        if new:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)      # atomic: a reader never sees half a file
        return Saved(name, stored_as, len(data), ctype, digest, new)

    def record(self, conn: Connection, progress_id: int, saved: list[Saved]) -> None:
        conn.execute(insert(attachments), [
            {"progress_id": progress_id, "filename": s.filename, "stored_as": s.stored_as, "size": s.size,
             "content_type": s.content_type, "sha256": s.sha256} for s in saved])

    def discard(self, saved: list[Saved]) -> None:
        for s in saved:
            if s.new:
                (self.root / s.stored_as[:2] / s.stored_as).unlink(missing_ok=True)

    def path(self, stored_as: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}\.[a-z]{3,4}", stored_as):   # never a path from outside
            raise LuoshiError("bad attachment name")
        return self.root / stored_as[:2] / stored_as
