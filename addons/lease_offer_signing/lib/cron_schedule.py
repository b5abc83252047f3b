"""Scheduled actions that keep their local wall-clock time.

Odoo 11's scheduler adds the interval to the next call in the scheduler
user's timezone, but to a datetime that keeps the UTC offset of the *old*
date: a job planned daily at 21:00 Europe/Prague runs at 22:00 from the day
after the switch to summer time on.  These functions add the interval to the
local wall-clock time instead, so 21:00 stays 21:00 in winter and in summer
(20:00 UTC in winter, 19:00 UTC in summer).

All datetimes given and returned are naive UTC, as Odoo stores them.
"""
from datetime import datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta

INTERVALS = {
    "days": lambda n: relativedelta(days=n),
    "weeks": lambda n: relativedelta(days=7 * n),
    "months": lambda n: relativedelta(months=n),
}


def _zone(tz_name):
    try:
        return pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def to_local(utc_naive, tz_name):
    """Naive UTC → naive local wall-clock time in ``tz_name``."""
    return pytz.utc.localize(utc_naive).astimezone(_zone(tz_name)).replace(tzinfo=None)


def to_utc(local_naive, tz_name):
    """Naive local wall-clock time → naive UTC.

    A time that does not exist (the hour skipped in spring) is taken as
    standard time, i.e. one hour later on the clock; an ambiguous one (the
    hour repeated in autumn) as its second, standard-time occurrence.
    """
    zone = _zone(tz_name)
    return zone.localize(local_naive, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)


def add_local_interval(utc_naive, tz_name, interval_type, interval_number):
    """``utc_naive`` plus the interval, counted on the local wall clock."""
    local = to_local(utc_naive, tz_name) + INTERVALS[interval_type](interval_number)
    return to_utc(local, tz_name)


def due_runs(nextcall, now, tz_name, interval_type, interval_number, numbercall, doall):
    """What the scheduler does with a job that is due, as Odoo's ``_process_job``
    does it, but with the interval added on the local wall clock.

    Returns ``(runs, nextcall, numbercall)``: how many times to call the job
    (once, or once per missed occurrence with ``doall``), the next call
    (naive UTC) and the remaining number of calls (negative: unlimited).
    """
    runs = 0
    ran = False
    while nextcall < now and numbercall:
        if numbercall > 0:
            numbercall -= 1
        if not ran or doall:
            runs += 1
        if numbercall:
            nextcall = add_local_interval(nextcall, tz_name, interval_type, interval_number)
        ran = True
    return runs, nextcall, numbercall


def next_local_time(now, tz_name, hour, minute=0):
    """The first moment after ``now`` (naive UTC) at which the local clock
    shows ``hour:minute``, as naive UTC."""
    local_now = to_local(now, tz_name)
    candidate = datetime(local_now.year, local_now.month, local_now.day, hour, minute)
    if to_utc(candidate, tz_name) <= now:
        candidate += timedelta(days=1)
    return to_utc(candidate, tz_name)
