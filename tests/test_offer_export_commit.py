"""The export on real database cursors that commit, as the 21:00 run does:
two runs in parallel threads, a crash or an error at every step, the
entry point's own cursor, and the scheduler's next call at local time.

The tests commit into the test database: they create their own documents
(restricted runs only ever touch those), point the company's outbox to a
temporary folder for their duration, and delete what they created."""
import base64
import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from unittest import mock

import pytest

odoo = pytest.importorskip("odoo")
from odoo import SUPERUSER_ID, api, fields  # noqa: E402  (after the skip)

MODULE = "odoo.addons.lease_offer_signing"


def _addon(name):
    return __import__("%s.%s" % (MODULE, name), fromlist=["x"])


class Crash(BaseException):
    """The process dies here: nothing runs any more, the open transaction is lost."""


class Failure(Exception):
    """An ordinary error of the run (a disk error, a bug)."""


@pytest.fixture(scope="module")
def registry():
    try:
        reg = odoo.registry(odoo.tests.common.get_db_name())
    except Exception as error:  # noqa: BLE001 (no database: the run is not set up)
        pytest.skip("no Odoo test database: %s" % error)
    if "lease.offer.export.batch" not in reg:
        pytest.skip("lease_offer_signing is not installed in the test database")
    return reg


@contextlib.contextmanager
def environment(registry, commit=False):
    """An environment on a cursor of its own (closed, i.e. rolled back unless committed, at the end)."""
    with api.Environment.manage():
        cr = registry.cursor()
        try:
            yield api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            if commit:
                cr.commit()
        finally:
            cr.close()


class Area(object):
    """The documents and the outbox of one test, and their clean-up."""

    def __init__(self, registry):
        self.registry = registry
        self.tag = uuid.uuid4().hex[:8]
        self.tmp = tempfile.mkdtemp(prefix="lease-export-commit-")
        self.outbox = os.path.join(self.tmp, "outbox")
        self.offer_ids = []
        self.partner_ids = []
        with environment(registry, commit=True) as env:
            company = env.ref("base.main_company")
            self.company_id = company.id
            self.previous_outbox = company.offer_export_outbox
            company.write({"offer_export_outbox": self.outbox})
            partner = env["res.partner"].create({
                "name": "Klient Exportu %s" % self.tag, "email": "export.%s@example.cz" % self.tag,
                "mobile": "+420 777 555 %03d" % (int(self.tag[:4], 16) % 1000)})
            self.partner_ids.append(partner.id)

    def create_offers(self, paper=2, signed=1):
        """Documents stored on the server (committed): on paper, and signed digitally with their files."""
        with environment(self.registry, commit=True) as env:
            Offer = env["lease.offer"]
            advisor = env.ref("lease_offer_signing.user_advisor1")
            created = Offer.browse()
            for index in range(paper + signed):
                offer = Offer.create({
                    "advisor_id": advisor.id, "partner_id": self.partner_ids[0], "digital_signing": False,
                    "client_email": "export.%s@example.cz" % self.tag, "client_mobile": "777555111",
                    "premium": 1000.0 + index, "note": "export test %s" % self.tag})
                if index < paper:
                    offer.action_save_completed()
                else:
                    self._sign(env, offer)
                created |= offer
            self.offer_ids += created.ids
            return created.ids

    @staticmethod
    def _sign(env, offer):
        document_sha256 = hashlib.sha256(offer.name.encode()).hexdigest()
        pdf = b"%PDF-1.4\n" + os.urandom(64 * 1024) + b"\n%%EOF\n"
        attachment = env["ir.attachment"].create({
            "name": "%s-signed.pdf" % offer.name, "datas_fname": "%s-signed.pdf" % offer.name,
            "datas": base64.b64encode(pdf), "res_model": "lease.offer", "res_id": offer.id})
        for sequence, field_id in ((10, "client.1"), (90, "advisor.1")):
            signature = env["lease.offer.signature"]._system().create({
                "offer_id": offer.id, "role": field_id.split(".")[0], "sequence": sequence, "field_id": field_id,
                "signer_name": "Podepisující"})
            signature.write({"state": "signed", "key_id": "test-key", "document_sha256": document_sha256,
                             "signed_at": fields.Datetime.now(),
                             "biometric_blob": base64.b64encode(b"LSBP " + os.urandom(512))})
        offer._write_system({"state": "backed_up", "signed_digitally": True, "pdf_attachment_id": attachment.id,
                             "pdf_sha256": hashlib.sha256(pdf).hexdigest(), "document_sha256": document_sha256})

    def domain(self):
        return [("id", "in", self.offer_ids)]

    def run(self, batch_size=None, transactions=None):
        """One export run restricted to this test's documents, on a cursor of its own."""
        Transactions = _addon("models.lease_offer_export_batch").ExportTransactions
        with environment(self.registry) as env:
            tx = (transactions or Transactions)(env)
            batches = env["lease.offer.export.batch"]._export_run(tx, domain=self.domain(), batch_size=batch_size)
            return batches.ids

    def state(self):
        """{offer name: (state, batch name, batch state)} and {batch name: manifest documents}."""
        export_files = _addon("lib.export_files")
        with environment(self.registry) as env:
            offers = env["lease.offer"].with_context(active_test=False).browse(self.offer_ids)
            documents = {o.name: (o.state, o.export_batch_id.name, o.export_batch_id.state) for o in offers}
        published = {}
        for entry in sorted(os.listdir(self.outbox)) if os.path.isdir(self.outbox) else []:
            if not entry.startswith("."):
                # every visible batch is complete: it verifies against its manifest
                _checksum, manifest = export_files.verify_published(os.path.join(self.outbox, entry), entry)
                published[entry] = manifest["documents"]
        return documents, published

    def leftovers(self):
        return [e for e in os.listdir(self.outbox) if e.startswith(".")] if os.path.isdir(self.outbox) else []

    def assert_each_exported_once(self):
        documents, published = self.state()
        assert len(documents) == len(self.offer_ids)
        listed = [name for names in published.values() for name in names]
        assert sorted(listed) == sorted(documents), "every document in exactly one published batch"
        for name, (state, batch, batch_state) in documents.items():
            assert state == "exported", (name, state)
            assert batch_state == "exported", (name, batch, batch_state)
            assert name in published[batch], (name, batch)
        assert self.leftovers() == []
        return documents, published

    def cleanup(self):
        offers = tuple(self.offer_ids or [0])
        with environment(self.registry, commit=True) as env:
            cr = env.cr
            # the batches of this test: created since it started (the other tests roll theirs back)
            cr.execute("SELECT id FROM lease_offer_export_batch WHERE create_date >= %s", [self.started])
            batches = tuple(row[0] for row in cr.fetchall()) or (0,)
            for model, ids in (("lease.offer", offers), ("lease.offer.export.batch", batches)):
                cr.execute("DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s", [model, ids])
                cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id IN %s", [model, ids])
                cr.execute("DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s", [model, ids])
            cr.execute("DELETE FROM ir_attachment WHERE (res_model = 'lease.offer' AND res_id IN %s) OR "
                       "(res_model = 'lease.offer.signature' AND res_id IN "
                       "(SELECT id FROM lease_offer_signature WHERE offer_id IN %s))", [offers, offers])
            cr.execute("DELETE FROM lease_offer WHERE id IN %s", [offers])
            cr.execute("DELETE FROM lease_offer_export_batch WHERE id IN %s", [batches])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [tuple(self.partner_ids or [0])])
            env["res.company"].browse(self.company_id).write({"offer_export_outbox": self.previous_outbox or False})
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture
def area(registry):
    area = Area(registry)
    with environment(registry) as env:
        env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        area.started = env.cr.fetchone()[0]
    yield area
    area.cleanup()


def _inject(step, kind, once=True):
    """A ``_checkpoint`` replacement failing at ``step`` (the first time only)."""
    fired = []

    def checkpoint(name, batch):
        if name == step and not (once and fired):
            fired.append(batch.id)
            raise kind("injected at %s" % step)
    return checkpoint, fired


# ---------------------------------------------------------------------- concurrency
def test_two_exports_in_parallel_threads_export_each_document_once(area):
    area.create_offers(paper=30, signed=2)
    barrier = threading.Barrier(2, timeout=60)
    first_claim = threading.local()
    errors, results = [], []

    def checkpoint(name, batch):
        if name == "claimed" and not getattr(first_claim, "done", False):
            # both runs hold a claimed batch at the same time before writing
            first_claim.done = True
            barrier.wait()
        elif name == "document":
            time.sleep(0.002)

    def worker():
        try:
            results.append(area.run(batch_size=4))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.abort()

    module = _addon("models.lease_offer_export_batch")
    with mock.patch.object(module, "_checkpoint", side_effect=checkpoint):
        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    assert not errors, errors
    assert len(results) == 2 and all(results), "both runs exported batches"
    assert not set(results[0]) & set(results[1])
    _documents, published = area.assert_each_exported_once()
    assert len(published) == len(results[0]) + len(results[1]) == 8


def test_a_claim_skips_the_documents_another_open_claim_holds(area):
    ids = area.create_offers(paper=6, signed=0)
    Transactions = _addon("models.lease_offer_export_batch").ExportTransactions

    class Holding(Transactions):
        """A claim whose transaction stays open: its row locks are held."""

        def commit(self):
            pass

    with environment(area.registry) as holder_env:
        Batch = holder_env["lease.offer.export.batch"]
        company = holder_env["res.company"].browse(area.company_id)
        domain = Batch._exportable_domain() + area.domain()
        held = Batch._claim(company, domain, 3, Holding(holder_env))
        held_ids = set(held.with_context(active_test=False).offer_ids.ids)
        assert len(held_ids) == 3
        with environment(area.registry) as other_env:
            other_env.cr.execute("SET LOCAL lock_timeout = '5s'")  # a blocked claim would fail, not hang
            other = other_env["lease.offer.export.batch"]._claim(
                other_env["res.company"].browse(area.company_id), domain, 10, Transactions(other_env))
            other_ids = set(other.with_context(active_test=False).offer_ids.ids)
        assert other_ids == set(ids) - held_ids
    # the holder died without committing: its documents are still to export, the next run takes them
    area.run()
    documents, _published = area.state()
    assert {state for state, _batch, _batch_state in documents.values()} == {"exported"}


# ---------------------------------------------------------------------- failure at every step
STEPS = ["claimed", "document", "written", "published", "committed"]


@pytest.mark.parametrize("kind", [Crash, Failure], ids=["crash", "error"])
@pytest.mark.parametrize("step", STEPS)
def test_a_failure_at_any_step_loses_nothing_and_the_next_run_exports_once(area, step, kind):
    area.create_offers(paper=2, signed=1)
    module = _addon("models.lease_offer_export_batch")
    checkpoint, fired = _inject(step, kind)
    with mock.patch.object(module, "_checkpoint", side_effect=checkpoint):
        with pytest.raises((Crash, Failure, odoo.exceptions.UserError)):
            area.run()
    assert fired, "the failure was injected"
    # nothing half-written is visible: every published batch verifies (state() checks it)
    documents, published = area.state()
    if step in ("claimed", "document", "written"):
        assert published == {}
    if step == "committed":
        area.assert_each_exported_once()
    # the next run exports (or finishes) everything, each document exactly once
    area.run()
    documents, published = area.assert_each_exported_once()
    area.run()
    assert area.assert_each_exported_once() == (documents, published)


def test_an_unwritable_outbox_claims_nothing(area):
    area.create_offers(paper=1, signed=0)
    blocker = os.path.join(area.tmp, "a-file")
    open(blocker, "w").close()
    with environment(area.registry, commit=True) as env:
        env.cr.execute("UPDATE res_company SET offer_export_outbox = %s WHERE id = %s",
                       [os.path.join(blocker, "outbox"), area.company_id])
    with pytest.raises(odoo.exceptions.UserError, match="cannot be used"):
        area.run()
    documents, _published = area.state()
    assert [(state, batch) for state, batch, _s in documents.values()] == [("backed_up", False)]


# ---------------------------------------------------------------------- entry point
def test_export_now_runs_on_its_own_cursor_and_never_commits_the_callers(area):
    area.create_offers(paper=2, signed=0)
    Batch = area.registry["lease.offer.export.batch"]  # the model classes
    Offer = area.registry["lease.offer"]
    domain = [("state", "=", "backed_up"), ("export_hold", "=", False)] + area.domain()
    # the run is restricted to this test's documents (the demo's signed documents stay as they are)
    with mock.patch.object(Batch, "_exportable_domain", return_value=domain), \
            mock.patch.object(Offer, "_backup_signed_documents", return_value=None):
        with environment(area.registry) as env:
            user = env.ref("lease_offer_signing.user_backoffice")
            wizard = env["lease.offer.export.wizard"].sudo(user).create({})
            wizard_id = wizard.id
            action = wizard.action_export()
        # the caller's transaction was not committed: its wizard is gone; the run's batches stay
        with environment(area.registry) as env:
            assert not env["lease.offer.export.wizard"].browse(wizard_id).exists()
            batches = env["lease.offer.export.batch"].search(action["domain"])
            assert batches.mapped("state") == ["exported"]
            assert batches.user_id == user
    area.assert_each_exported_once()


# ---------------------------------------------------------------------- the scheduler
def _opposite_season_start(now, tz_name):
    """A past 21:00 local whose UTC offset differs from today's."""
    cron_schedule = _addon("lib.cron_schedule")
    import pytz
    zone = pytz.timezone(tz_name)
    today_offset = zone.utcoffset(now)
    for months in range(2, 12):
        day = now - timedelta(days=30 * months)
        if zone.utcoffset(day) != today_offset:
            return cron_schedule.to_utc(datetime(day.year, day.month, day.day, 21, 0), tz_name)
    raise AssertionError("no daylight saving in %s" % tz_name)


def test_the_scheduler_keeps_21_00_local_across_daylight_saving(registry):
    cron_schedule = _addon("lib.cron_schedule")
    now = datetime.utcnow()
    start = _opposite_season_start(now, "Europe/Prague")
    cron_ids = []
    try:
        with environment(registry, commit=True) as env:
            scheduler = env.ref("lease_offer_signing.user_offer_scheduler")
            for keep in (True, False):
                cron = env["ir.cron"].create({
                    "name": "Export test cron %s" % keep, "model_id": env.ref("base.model_res_partner").id,
                    "state": "code", "code": "model.browse()", "user_id": scheduler.id, "interval_number": 1,
                    "interval_type": "days", "numbercall": -1, "doall": False, "keep_local_time": keep,
                    "nextcall": fields.Datetime.to_string(start), "active": False})
                cron_ids.append(cron.id)
        nextcalls = {}
        for cron_id in cron_ids:
            with api.Environment.manage():
                job_cr, lock_cr = registry.cursor(), registry.cursor()
                try:
                    lock_cr.execute("SELECT * FROM ir_cron WHERE id = %s FOR UPDATE NOWAIT", [cron_id])
                    job = lock_cr.dictfetchone()
                    registry["ir.cron"]._process_job(job_cr, job, lock_cr)
                finally:
                    job_cr.close()
                    lock_cr.close()
            with environment(registry) as env:
                cron = env["ir.cron"].browse(cron_id)
                nextcalls[cron.keep_local_time] = fields.Datetime.from_string(cron.nextcall)
        local = {keep: cron_schedule.to_local(value, "Europe/Prague") for keep, value in nextcalls.items()}
        assert nextcalls[True] > now and nextcalls[True] - now <= timedelta(days=1)
        assert local[True].strftime("%H:%M") == "21:00"
        # Odoo 11 on its own keeps the offset of the start date: an hour off today
        assert local[False].strftime("%H:%M") in ("20:00", "22:00")
    finally:
        with environment(registry, commit=True) as env:
            crons = env["ir.cron"].browse(cron_ids).exists()
            actions = crons.mapped("ir_actions_server_id")
            crons.unlink()
            actions.unlink()
