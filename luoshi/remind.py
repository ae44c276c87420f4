"""催办: one digest per unit with the tasks that need it, printed, sent by
e-mail, or posted to a group robot's webhook (钉钉 and 企业微信 robots take the
same {"msgtype": "text"} body). A unit with nothing to do gets nothing —
never an empty digest."""
from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.engine import Engine

from .errors import LuoshiError
from .track import recompute
from .track_tables import units, users
from .track_views import reminders


@dataclass(frozen=True, slots=True)
class Smtp:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = None
    sender: str = "luoshi@localhost"
    starttls: bool = True


def digests(engine: Engine, today: date | None = None) -> dict[str, str]:
    """Unit name → the digest text, after the daily recompute of the lights."""
    recompute(engine, today)
    return {unit: digest(unit, items, today or date.today()) for unit, items in reminders(engine).items()}


def digest(unit: str, items: list[dict], today: date) -> str:
    lines = [f"{unit}：截至{today.isoformat()}，以下{len(items)}项任务需要关注："]
    for i, r in enumerate(items, start=1):
        lines.append(f"{i}. [{r['id']}] {r['text']}")
        lines.append(f"   完成时限 {r['due_date']}；" + "；".join(r["why"]))
    return "\n".join(lines)


def send(engine: Engine, texts: dict[str, str], smtp: Smtp) -> list[str]:
    """E-mail each unit's digest to its members with an address; one line per unit of what happened."""
    q = (select(units.c.name, users.c.email).join(users, users.c.unit_id == units.c.id)
         .where(users.c.active.is_(True), users.c.email.isnot(None)))
    with engine.connect() as conn:
        to: dict[str, list[str]] = {}
        for name, email in conn.execute(q):
            to.setdefault(name, []).append(email)
    report = []
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
            if smtp.starttls:
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password or "")
            for unit, text in texts.items():
                if not to.get(unit):
                    report.append(f"{unit}: no member has an e-mail address, not sent")
                    continue
                msg = EmailMessage()
                msg["Subject"], msg["From"], msg["To"] = f"督查催办：{unit}", smtp.sender, ", ".join(to[unit])
                msg.set_content(text)
                server.send_message(msg)
                report.append(f"{unit}: sent to {len(to[unit])} address(es)")
    except (OSError, smtplib.SMTPException) as err:
        raise LuoshiError(f"cannot send through {smtp.host}:{smtp.port}: {err}") from None
    return report


def post_webhook(texts: dict[str, str], url: str, timeout: float = 15) -> list[str]:
    """One text message per unit to a 钉钉 / 企业微信 group robot; one line per unit of what happened."""
    if not url.startswith(("https://", "http://")):
        raise LuoshiError(f"the webhook must be an http(s) URL, not {url!r}")
    report = []
    for unit, text in texts.items():
        body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
        req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                answer = json.loads(resp.read() or b"{}")
        except (OSError, ValueError) as err:
            raise LuoshiError(f"cannot post to the webhook: {err}") from None
        # both robots answer HTTP 200 with {"errcode": 0} on success
        ok = answer.get("errcode", 0) == 0
        report.append(f"{unit}: {'posted' if ok else 'refused: ' + str(answer.get('errmsg', answer))}")
    return report
