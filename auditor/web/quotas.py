"""Failed logins throttled and pre-checks' kept bytes held to their quotas, counted in the
server's database: every server process on one database, and a restarted one, sees the
same counts (in a process's memory, two processes would each allow the limit, and a
restart would forget it).  Rows past their window are deleted as new ones come, so
neither table grows beyond what its window holds.

``clock`` is seconds since the epoch (``time.time``; tests pass their own): the rows are
read by other processes, so no process's monotonic clock will do."""
from __future__ import annotations

import math
import time
from typing import Callable

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from auditor.web.store import kept_prechecks, login_failures, quota_locks

Clock = Callable[[], float]


class Throttle:
    """Failed logins of one ``kind`` (an address, an account name) counted per key over a
    sliding window: past ``limit`` failures a key waits until the oldest of its last
    ``limit`` leaves the window.  A check is one indexed query, never a hash, so a flood of
    wrong passwords costs the server little; a key refused is not counted again, so a key
    holds at most ``limit`` rows."""

    def __init__(self, engine, kind: str, limit: int, window: float, clock: Clock = time.time):
        self.engine, self.kind, self.limit, self.window, self.clock = engine, kind, limit, window, clock

    def _of(self, key: str):
        t = login_failures.c
        return (t.kind == self.kind) & (t.subject == key[:200])

    def wait(self, key: str) -> int:
        """Seconds ``key`` must wait before another try (0: it may try now)."""
        now = self.clock()
        t = login_failures.c
        with self.engine.connect() as c:
            times = c.execute(select(t.at).where(self._of(key), t.at > now - self.window)
                              .order_by(t.at.desc()).limit(self.limit)).scalars().all()
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[-1] + self.window - now))

    def failed(self, key: str) -> None:
        """Count a failure of ``key``, and forget every failure of this kind past the window."""
        now = self.clock()
        t = login_failures.c
        with self.engine.begin() as c:
            c.execute(delete(login_failures).where(t.kind == self.kind, t.at <= now - self.window))
            c.execute(insert(login_failures).values(kind=self.kind, subject=key[:200], at=now))

    def forget(self, key: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(login_failures).where(self._of(key)))


class Ledger:
    """What the kept pre-checks hold, in total and per address, against their quotas: a
    row per pre-check until it expires (``prune``, from the sweep, deletes it then)."""

    LOCK = "precheck"

    def __init__(self, engine, total: int, per_address: int, clock: Clock = time.time):
        self.engine, self.total, self.per_address, self.clock = engine, total, per_address, clock
        try:
            with engine.begin() as c:
                if c.execute(select(quota_locks.c.name).where(quota_locks.c.name == self.LOCK)).first() is None:
                    c.execute(insert(quota_locks).values(name=self.LOCK, turns=0))
        except IntegrityError:
            pass  # another process, starting at once, put it there first

    def admit(self, token: str, address: str, size: int, expires: float) -> bool:
        """Count ``size`` bytes kept for ``address`` until ``expires``, if the quotas leave room."""
        now = self.clock()
        with self.engine.begin() as c:
            # first, so that the other process's admit waits for this one's to end
            c.execute(update(quota_locks).where(quota_locks.c.name == self.LOCK)
                      .values(turns=quota_locks.c.turns + 1))
            used, mine = c.execute(_held(now)).scalar(), c.execute(_held(now, address)).scalar()
            if used + size > self.total or mine + size > self.per_address:
                return False
            c.execute(insert(kept_prechecks).values(token=token, address=address[:64], bytes=size, expires=expires))
        return True

    def used(self, address: str | None = None) -> int:
        """The bytes the unexpired pre-checks hold (of ``address``, if given)."""
        with self.engine.connect() as c:
            return int(c.execute(_held(self.clock(), address)).scalar())

    def prune(self, now: float | None = None) -> int:
        """Delete the rows of pre-checks expired by ``now`` (default: the clock's)."""
        now = self.clock() if now is None else now
        with self.engine.begin() as c:
            return c.execute(delete(kept_prechecks).where(kept_prechecks.c.expires <= now)).rowcount


def _held(now: float, address: str | None = None):
    """The query of the bytes the pre-checks unexpired at ``now`` hold (of ``address``, if given)."""
    t = kept_prechecks.c
    q = select(func.coalesce(func.sum(t.bytes), 0)).where(t.expires > now)
    return q if address is None else q.where(t.address == address[:64])


# an account: 5 wrong passwords in 15 minutes; an address: 20 (an office behind one NAT)
PER_ACCOUNT, PER_ADDRESS, WINDOW = 5, 20, 15 * 60


def throttles(engine, clock: Clock = time.time) -> tuple[Throttle, Throttle]:
    """(per account, per address)."""
    return (Throttle(engine, "account", PER_ACCOUNT, WINDOW, clock),
            Throttle(engine, "address", PER_ADDRESS, WINDOW, clock))
