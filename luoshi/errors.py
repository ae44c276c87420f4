"""Errors a user can act on. The CLI prints `str(err)` on one line and exits 2."""


class LuoshiError(Exception):
    """Base of every error luoshi reports to a user."""


class InputError(LuoshiError):
    """A file luoshi cannot read: missing, empty, binary, encrypted, scanned, too large."""
