# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""21:00 in Prague stays 21:00 in winter and in summer (no database)."""
import unittest
from datetime import datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from ..lib import cron_schedule

PRAGUE = "Europe/Prague"


def utc(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


def local_hour(moment):
    return cron_schedule.to_local(moment, PRAGUE).strftime("%H:%M")


def odoo_11_next(nextcall, now, tz_name, days=1):
    """What Odoo 11's own scheduler computes (interval added to a datetime
    that keeps the offset of the old date), for comparison."""
    zone = pytz.timezone(tz_name)
    aware_now = pytz.utc.localize(now).astimezone(zone)
    aware = pytz.utc.localize(nextcall).astimezone(zone)
    while aware < aware_now:
        aware += relativedelta(days=days)
    return aware.astimezone(pytz.utc).replace(tzinfo=None)


class TestLocalSchedule(unittest.TestCase):

    def test_21_00_is_20_00_utc_in_winter_and_19_00_utc_in_summer(self):
        self.assertEqual(cron_schedule.next_local_time(utc("2026-01-15 10:00"), PRAGUE, 21), utc("2026-01-15 20:00"))
        self.assertEqual(cron_schedule.next_local_time(utc("2026-07-15 10:00"), PRAGUE, 21), utc("2026-07-15 19:00"))
        # after today's run: tomorrow
        self.assertEqual(cron_schedule.next_local_time(utc("2026-01-15 20:00"), PRAGUE, 21), utc("2026-01-16 20:00"))
        self.assertEqual(cron_schedule.next_local_time(utc("2026-07-15 19:30"), PRAGUE, 21), utc("2026-07-16 19:00"))
        self.assertEqual(cron_schedule.next_local_time(utc("2026-01-15 10:00"), PRAGUE, 8), utc("2026-01-16 07:00"))
        self.assertEqual(cron_schedule.next_local_time(utc("2026-07-15 05:59"), PRAGUE, 8), utc("2026-07-15 06:00"))

    def test_daily_step_across_the_spring_switch(self):
        # 2026-03-29: clocks go from 02:00 CET to 03:00 CEST
        before = utc("2026-03-28 20:00")  # Saturday 21:00 CET
        after = cron_schedule.add_local_interval(before, PRAGUE, "days", 1)
        self.assertEqual(after, utc("2026-03-29 19:00"))
        self.assertEqual(local_hour(after), "21:00")
        # Odoo 11 itself would run at 22:00 from that day on
        self.assertEqual(local_hour(odoo_11_next(before, utc("2026-03-29 00:00"), PRAGUE)), "22:00")

    def test_daily_step_across_the_autumn_switch(self):
        # 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET
        before = utc("2026-10-24 19:00")  # Saturday 21:00 CEST
        after = cron_schedule.add_local_interval(before, PRAGUE, "days", 1)
        self.assertEqual(after, utc("2026-10-25 20:00"))
        self.assertEqual(local_hour(after), "21:00")
        self.assertEqual(local_hour(odoo_11_next(before, utc("2026-10-25 00:00"), PRAGUE)), "20:00")

    def test_the_morning_delivery_keeps_8_00_on_both_switch_days(self):
        for day in ("2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26"):
            start = cron_schedule.to_utc(datetime.strptime(day + " 08:00", "%Y-%m-%d %H:%M"), PRAGUE)
            step = cron_schedule.add_local_interval(start, PRAGUE, "days", 1)
            self.assertEqual(local_hour(step), "08:00", day)
            self.assertEqual(cron_schedule.to_local(step, PRAGUE).date(),
                             cron_schedule.to_local(start, PRAGUE).date() + timedelta(days=1))

    def test_a_year_of_daily_runs_all_at_21_00(self):
        moment = utc("2026-01-01 20:00")
        for _day in range(366):
            moment = cron_schedule.add_local_interval(moment, PRAGUE, "days", 1)
            self.assertEqual(local_hour(moment), "21:00", moment)

    def test_due_runs_behaves_like_odoo_with_local_steps(self):
        # missed for three days, not repeated: one run, the next call the coming 21:00 (summer: 19:00 UTC)
        runs, nextcall, numbercall = cron_schedule.due_runs(
            utc("2026-03-27 20:00"), utc("2026-03-30 12:00"), PRAGUE, "days", 1, -1, False)
        self.assertEqual((runs, nextcall, numbercall), (1, utc("2026-03-30 19:00"), -1))
        # repeated missed runs
        runs, nextcall, _numbercall = cron_schedule.due_runs(
            utc("2026-03-27 20:00"), utc("2026-03-30 12:00"), PRAGUE, "days", 1, -1, True)
        self.assertEqual((runs, nextcall), (3, utc("2026-03-30 19:00")))
        # limited number of calls
        runs, nextcall, numbercall = cron_schedule.due_runs(
            utc("2026-03-27 20:00"), utc("2026-03-30 12:00"), PRAGUE, "days", 1, 2, True)
        self.assertEqual((runs, numbercall), (2, 0))
        # not due yet: nothing
        self.assertEqual(cron_schedule.due_runs(utc("2026-03-30 19:00"), utc("2026-03-30 12:00"), PRAGUE,
                                                "days", 1, -1, False), (0, utc("2026-03-30 19:00"), -1))

    def test_weeks_and_months_keep_the_local_time_and_unknown_zone_is_utc(self):
        week = cron_schedule.add_local_interval(utc("2026-03-25 20:00"), PRAGUE, "weeks", 1)
        self.assertEqual(week, utc("2026-04-01 19:00"))
        month = cron_schedule.add_local_interval(utc("2026-10-15 19:00"), PRAGUE, "months", 1)
        self.assertEqual(month, utc("2026-11-15 20:00"))
        self.assertEqual(cron_schedule.add_local_interval(utc("2026-03-28 20:00"), None, "days", 1),
                         utc("2026-03-29 20:00"))
        self.assertEqual(cron_schedule.to_local(utc("2026-03-28 20:00"), "Mars/Olympus"), utc("2026-03-28 20:00"))

    def test_a_skipped_or_repeated_local_hour_is_resolved(self):
        # 02:30 does not exist on 2026-03-29 in Prague: taken as 03:30 summer time
        self.assertEqual(cron_schedule.to_utc(utc("2026-03-29 02:30"), PRAGUE), utc("2026-03-29 01:30"))
        # 02:30 exists twice on 2026-10-25: the second (winter time) one
        self.assertEqual(cron_schedule.to_utc(utc("2026-10-25 02:30"), PRAGUE), utc("2026-10-25 01:30"))
