"""Password hashing, signed sessions, CSRF, the login limiter and the role table."""
import pytest

from luoshi.auth import (LoginLimiter, Role, Sessions, User, allowed, csrf_ok, hash_password,
                         password_stamp, verify_password)
from luoshi.errors import LuoshiError


def test_auth_password_round_trip():
    h = hash_password("correct horse")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "correct horse")
    assert not verify_password(h, "correct hors")
    assert not verify_password("not a hash", "correct horse")


def test_auth_short_password_refused():
    with pytest.raises(LuoshiError):
        hash_password("short")


def test_auth_session_round_trip_and_forgery():
    s = Sessions("k" * 32)
    cookie, csrf = s.issue(7, "stamp")
    data = s.read(cookie)
    assert data == {"u": 7, "p": "stamp", "c": csrf}
    assert csrf_ok(data, csrf)
    assert not csrf_ok(data, csrf + "x")
    assert not csrf_ok(data, None)
    assert Sessions("other key" * 4).read(cookie) is None      # signed with another key
    flipped = "B" if cookie[3] == "A" else "A"                  # always a change (a fixed "AA" tail
    assert s.read(cookie[:3] + flipped + cookie[4:]) is None    # could equal the real one): tampered
    assert s.read(None) is None and s.read("") is None


def test_auth_session_expires():
    s = Sessions("k" * 32, max_age=-1)
    cookie, _ = s.issue(1, "p")
    assert s.read(cookie) is None


def test_auth_password_stamp_changes_with_the_hash():
    assert password_stamp(hash_password("password-1")) != password_stamp(hash_password("password-1"))


def test_auth_limiter_blocks_after_failures_then_forgets():
    t = [0.0]
    lim = LoginLimiter(limit=3, window=60, clock=lambda: t[0])
    for _ in range(3):
        assert not lim.blocked("alice", "1.2.3.4")
        lim.failed("alice", "1.2.3.4")
    assert lim.blocked("alice") and lim.blocked("bob", "1.2.3.4")
    assert not lim.blocked("bob")
    t[0] = 61
    assert not lim.blocked("alice", "1.2.3.4")


ADMIN = User(1, "a", Role.ADMIN)
SUP = User(2, "s", Role.SUPERVISOR)
MEM = User(3, "m", Role.MEMBER, unit_id=10)
VIEW = User(4, "v", Role.VIEWER)


@pytest.mark.parametrize("user, action, unit, ok", [
    (ADMIN, "people", None, True), (SUP, "people", None, False), (MEM, "people", None, False),
    (SUP, "assign", None, True), (MEM, "assign", None, False), (VIEW, "assign", None, False),
    (SUP, "review", None, True), (MEM, "review", None, False),
    (MEM, "report", 10, True), (MEM, "report", 11, False), (MEM, "report", None, False),
    (MEM, "receive", 10, True), (MEM, "receive", 11, False),
    (VIEW, "report", 10, False), (SUP, "report", 11, True),
    (VIEW, "view", None, True), (MEM, "rules", None, False), (SUP, "rules", None, True),
    (ADMIN, "no such action", None, False),
])
def test_auth_role_table(user, action, unit, ok):
    assert allowed(user, action, unit) is ok
