# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import cron_schedule

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    """Scheduled actions that keep their local time across daylight-saving
    changes (the 21:00 export, the 08:00 delivery)."""

    _inherit = "ir.cron"

    keep_local_time = fields.Boolean(
        string="Keep the local time",
        help="A daily, weekly or monthly action keeps its time on the clock of its scheduler user's time zone "
             "when daylight saving time begins or ends (e.g. 21:00 stays 21:00 in Prague all year).")

    @classmethod
    def _process_job(cls, job_cr, job, cron_cr):
        """Odoo's ``_process_job`` with the interval added on the local wall
        clock for jobs that keep their local time (see lib/cron_schedule.py)."""
        if not job.get("keep_local_time") or job["interval_type"] not in cron_schedule.INTERVALS:
            return super(IrCron, cls)._process_job(job_cr, job, cron_cr)
        try:
            with api.Environment.manage():
                cron = api.Environment(job_cr, job["user_id"], {})[cls._name]
                runs, nextcall, numbercall = cron_schedule.due_runs(
                    fields.Datetime.from_string(job["nextcall"]), datetime.utcnow(), cron.env.user.tz,
                    job["interval_type"], job["interval_number"], job["numbercall"], job["doall"])
                for _run in range(runs):
                    cron._callback(job["cron_name"], job["ir_actions_server_id"], job["id"])
                addsql = "" if numbercall else ", active=False"
                cron_cr.execute("UPDATE ir_cron SET nextcall=%s, numbercall=%s" + addsql + " WHERE id=%s",
                                (fields.Datetime.to_string(nextcall), numbercall, job["id"]))
                cron.invalidate_cache()
        finally:
            # Odoo's own _process_job ends so: the job's work and the new nextcall
            # must be stored before the row lock held by cron_cr is released,
            # otherwise another cron worker runs the same job again
            job_cr.commit()  # pylint: disable=invalid-commit
            cron_cr.commit()  # pylint: disable=invalid-commit
        return None

    @api.multi
    def _set_local_nextcall(self, hour, minute=0):
        """Plan the next call at ``hour:minute`` on the clock of the scheduler
        user's time zone (used by the data of the addon)."""
        for cron in self:
            tz = cron.user_id.tz
            if not tz:
                raise UserError(_("The scheduler user of '%s' has no time zone.") % cron.name)
            cron.write({"nextcall": fields.Datetime.to_string(
                cron_schedule.next_local_time(datetime.utcnow(), tz, hour, minute)), "keep_local_time": True})
        return True
