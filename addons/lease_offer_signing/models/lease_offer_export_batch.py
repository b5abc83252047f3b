# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily export of documents to the insurer — exactly once, atomic.

Design
------
A run (the 21:00 scheduled action, or "Export now") works on its own cursor
and commits between its steps: it coordinates files in the outbox with
database transactions, which one transaction cannot do.

0. Recovery.  Every batch left ``writing`` by a run that died is finished or
   written again (see below), and leftover ``.tmp-*`` directories of batches
   no longer being written are removed.  Documents ``signed`` are stored
   (``backed_up``) after their signed PDF has been checked against its
   SHA-256.

1. Claim (one short transaction).  ``SELECT … FOR UPDATE SKIP LOCKED`` takes
   up to ``batch size`` documents ``backed_up`` and not held back; a batch is
   created in state ``writing``; ``_export_lock`` moves the documents to
   ``exported`` with a new version; commit.  Two runs at the same time never
   take the same document (a row locked by one is skipped by the other, and
   once committed it is no longer ``backed_up``).  The documents are locked
   from this commit on: an edit based on an older version becomes a conflict,
   any other edit or a storno is refused — so nothing can change between the
   claim and the files (this is why they are moved to ``exported`` at the
   claim already instead of at the end).

2. Write (second transaction, holding ``FOR UPDATE NOWAIT`` on the batch row
   until step 3 commits: a run that sees a ``writing`` batch it cannot lock
   knows that a live run is writing it).  The files are streamed into
   ``<outbox>/.tmp-<batch>/``: per document its signed PDF and signature
   packages (copied in chunks, hashed on the way, the PDF checked against its
   recorded SHA-256) and its data sentence, validated against the XSD before
   it is written to ``batch.xml``.  A document that cannot be exported as it
   is (a file missing or altered, data the format refuses) is left out and
   held back for the back office.  Then the whole ``batch.xml`` is validated
   again while streaming through it, ``manifest.json`` is written, everything
   is flushed with one ``syncfs`` (or one pass of fsyncs), and the directory
   is renamed to ``<outbox>/<batch>/`` and the outbox directory fsynced: the
   atomic publication.

3. Finish (same transaction as 2).  The batch becomes ``exported`` with the
   manifest's file name and SHA-256; documents left out go back to
   ``backed_up``; commit.

Failures.  An error before the publication marks the batch ``failed``
(message kept, activity for the back office), removes the temporary
directory and puts its documents back to ``backed_up``: the next run exports
them.  A crash (the process dies) leaves the batch ``writing``: the next run
finds it unlocked; if its directory was published and verifies against its
manifest, step 3 is done; if not, the temporary directory is removed and
the same batch is written again with the same documents.  An error after the
publication keeps the batch ``writing`` too (the insurer may already read
it), so the next run finishes it.  A crash after step 3 leaves nothing to do.
So no half-written batch is ever visible (only ``.tmp-*``, which the insurer
ignores), and no document is lost or exported twice.
"""
import base64
import logging
import os
import random
import time

import psycopg2
from psycopg2 import errorcodes

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_resource

from ..lib import export_files, validation

_logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 5000
READ_CHUNK = 500
CLAIM_ATTEMPTS = 8
_RETRY_CODES = (errorcodes.SERIALIZATION_FAILURE, errorcodes.DEADLOCK_DETECTED, errorcodes.LOCK_NOT_AVAILABLE)


def _chatter_fields(env):
    """Fields of the messaging mixins (followers, messages, activities)."""
    return (set(env["mail.thread"]._fields) | set(env["mail.activity.mixin"]._fields)) \
        - set(models.MAGIC_COLUMNS) - {"display_name", "__last_update"}


def _checkpoint(step, batch):
    """Named points of a run (claimed, document, written, published,
    committed); the tests inject failures here."""


class ExportTransactions(object):
    """The commit points of a run on its own cursor."""

    def __init__(self, env):
        self.env = env

    def commit(self):
        # A run publishes files between transactions: the claim must be committed before the files are
        # written, and the batch recorded only after they are published (see the top of this module).
        self.env.cr.commit()  # pylint: disable=invalid-commit

    def rollback(self):
        self.env.cr.rollback()
        self.env.clear()


class ExportSavepoints(ExportTransactions):
    """Commit points emulated with savepoints inside one transaction, for the
    tests that run in a transaction they cannot commit."""

    def __init__(self, env):
        super(ExportSavepoints, self).__init__(env)
        self.env.cr.execute("SAVEPOINT lease_export")

    def commit(self):
        self.env.cr.execute("RELEASE SAVEPOINT lease_export")
        self.env.cr.execute("SAVEPOINT lease_export")

    def rollback(self):
        self.env.cr.execute("ROLLBACK TO SAVEPOINT lease_export")
        self.env.clear()


class LeaseOfferExportBatch(models.Model):
    """One export of documents to the insurer (around 21:00): a directory in
    the outbox with the data sentences, the signed PDFs and the encrypted
    signature packages."""

    _name = "lease.offer.export.batch"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Export batch"
    _order = "date desc, id desc"

    name = fields.Char(string="Batch", required=True, readonly=True, copy=False, default="/")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    state = fields.Selection(
        [("draft", "Being prepared"), ("writing", "Being written"), ("exported", "Written to the outbox"),
         ("accepted", "Acknowledged"), ("failed", "Failed")],
        string="Status", required=True, default="draft", readonly=True, track_visibility="onchange")
    offer_ids = fields.One2many("lease.offer", "export_batch_id", string="Documents", readonly=True,
                                context={"active_test": False})
    offer_count = fields.Integer(compute="_compute_offer_count", string="Number of documents")
    file_name = fields.Char(string="File", readonly=True, help="The batch's manifest, relative to the outbox.")
    checksum = fields.Char(string="SHA-256", readonly=True, help="SHA-256 of the batch's manifest.json.")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.offer.export.batch"))
    directory = fields.Char(readonly=True, help="Where the batch was published.")
    published_at = fields.Datetime(string="Published on", readonly=True)
    document_count = fields.Integer(string="Documents in the batch", readonly=True)
    error_message = fields.Text(string="Error", readonly=True)
    user_id = fields.Many2one("res.users", string="Started by", readonly=True)
    acknowledgement_ids = fields.One2many("lease.offer.acknowledgement", "batch_id", string="Acknowledgements",
                                          readonly=True)
    acknowledgement_line_ids = fields.One2many("lease.offer.acknowledgement.line", "batch_id",
                                               string="Acknowledged documents", readonly=True)
    accepted_count = fields.Integer(compute="_compute_acknowledged_counts", string="Accepted")
    rejected_count = fields.Integer(compute="_compute_acknowledged_counts", string="Rejected")

    _sql_constraints = [("name_unique", "unique(name, company_id)", "An export batch number must be unique.")]

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for batch in self:
            batch.offer_count = len(batch.with_context(active_test=False).offer_ids)

    @api.depends("acknowledgement_line_ids.status")
    def _compute_acknowledged_counts(self):
        for batch in self:
            statuses = batch.acknowledgement_line_ids.mapped("status")
            batch.accepted_count = statuses.count("accepted")
            batch.rejected_count = statuses.count("rejected")

    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals = dict(vals, name=self.env["ir.sequence"].next_by_code("lease.offer.export.batch") or "/")
        return super(LeaseOfferExportBatch, self).create(vals)

    @api.multi
    def write(self, vals):
        # the back office may comment and plan activities; the batch itself is the export's record
        if self.env.uid != SUPERUSER_ID and set(vals) - _chatter_fields(self.env):
            raise UserError(_("Export batches are written only by the export."))
        return super(LeaseOfferExportBatch, self).write(vals)

    @api.multi
    def unlink(self):
        if self.env.uid != SUPERUSER_ID or any(batch.state not in ("draft", "failed") for batch in self):
            raise UserError(_("Export batches are kept as the record of what was sent to the insurer; they cannot "
                              "be deleted."))
        return super(LeaseOfferExportBatch, self).unlink()

    # ------------------------------------------------------------------ entry points
    def _check_export_rights(self):
        user = self.env.user
        if not (user._is_superuser() or user.has_group("lease_offer_signing.group_offer_backoffice")):
            raise AccessError(_("Only the back office can export documents to the insurer."))

    def _run_context(self):
        """The run's context: who started it, and the language of its notes
        (the caller's; for the scheduler, Czech when it is installed)."""
        context = dict(self.env.context, lease_export_uid=self.env.uid)
        if not context.get("lang"):
            installed = self.env["res.lang"].sudo().search([("code", "=", "cs_CZ")], limit=1)
            context["lang"] = "cs_CZ" if installed else self.env.user.lang
        return context

    @api.model
    def run_export(self):
        """Export every document stored on the server to the insurer (the
        21:00 scheduled action and "Export now"); returns the ids of the new
        batches."""
        self._check_export_rights()
        domain = []
        if not self.env.user._is_superuser():
            domain = [("company_id", "in", self.env.user.company_ids.ids)]
        # the run commits step by step on a cursor of its own, never the caller's transaction
        with self.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self._run_context())
            batches = env[self._name]._export_run(ExportTransactions(env), domain=domain)
            return batches.ids

    @api.model
    def run_synchronisation(self):
        """The frequent scheduled action: store signed documents on the server
        and finish exports interrupted by a crash."""
        self._check_export_rights()
        with self.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self._run_context())
            tx = ExportTransactions(env)
            env[self._name]._recover_batches(tx)
            env["lease.offer"]._backup_signed_documents()
            tx.commit()
        return True

    # ------------------------------------------------------------------ the run
    @api.model
    def _export_run(self, tx, domain=None, batch_size=None):
        """Recover, store, then claim and write batches until no document is
        left; ``tx`` gives the commit points, ``domain`` restricts the
        documents (tests, benchmark).  Returns the batches written."""
        domain = list(domain or [])
        self._recover_batches(tx)
        self.env["lease.offer"]._backup_signed_documents(domain)
        tx.commit()
        batch_size = batch_size or self._export_batch_size()
        exportable = self._exportable_domain() + domain
        Offer = self.env["lease.offer"].with_context(active_test=False)
        groups = Offer.read_group(exportable, ["company_id"], ["company_id"])
        companies = self.env["res.company"].browse([group["company_id"][0] for group in groups])
        batches = self.browse()
        for company in companies:
            company._offer_check_export_dir(company._offer_export_outbox(), _("outbox"))
            while True:
                batch = self._claim(company, exportable, batch_size, tx)
                if not batch:
                    break
                batch._write_and_publish(tx)
                batches |= batch
        return batches

    @api.model
    def _exportable_domain(self):
        return [("state", "=", "backed_up"), ("export_hold", "=", False)]

    @api.model
    def _export_batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param("lease_offer_signing.export_batch_size")
        try:
            return max(1, int(value)) if value else DEFAULT_BATCH_SIZE
        except ValueError:
            return DEFAULT_BATCH_SIZE

    @api.model
    def _claim(self, company, domain, limit, tx):
        """Step 1: lock up to ``limit`` documents of ``company`` that no other
        run holds, create the batch, lock the documents in it; commit."""
        Offer = self.env["lease.offer"].with_context(active_test=False)
        query = Offer._where_calc(list(domain) + [("company_id", "=", company.id)])
        from_clause, where_clause, params = query.get_sql()
        sql = ('SELECT "lease_offer".id FROM %s WHERE %s ORDER BY "lease_offer".id LIMIT %%s '
               'FOR UPDATE OF "lease_offer" SKIP LOCKED') % (from_clause, where_clause)
        for attempt in range(CLAIM_ATTEMPTS):
            try:
                self.env.cr.execute(sql, params + [limit])
                ids = [row[0] for row in self.env.cr.fetchall()]
                if not ids:
                    tx.commit()
                    return self.browse()
                batch = self.create({
                    "state": "writing",
                    "company_id": company.id,
                    "user_id": self.env.context.get("lease_export_uid") or self.env.uid,
                })
                Offer.browse(ids)._export_lock(batch)
                tx.commit()
            except psycopg2.OperationalError as error:
                # another run committed a claim after this transaction's snapshot
                if error.pgcode not in _RETRY_CODES or attempt == CLAIM_ATTEMPTS - 1:
                    raise
                tx.rollback()
                time.sleep(random.uniform(0.01, 0.1) * (attempt + 1))
                continue
            _logger.info("Export batch %s claimed %d documents of %s.", batch.name, len(ids), company.name)
            _checkpoint("claimed", batch)
            return batch
        return self.browse()

    def _lock_for_writing(self, tx):
        """Lock the batch row until the batch is finished; False when another
        run holds it (it is writing the batch) or it is no longer being written."""
        try:
            self.env.cr.execute("SELECT state FROM lease_offer_export_batch WHERE id = %s FOR UPDATE NOWAIT",
                                [self.id])
            row = self.env.cr.fetchone()
        except psycopg2.OperationalError as error:
            if error.pgcode not in _RETRY_CODES:
                raise
            tx.rollback()
            return False
        self.invalidate_cache()
        return bool(row and row[0] == "writing")

    def _paths(self):
        outbox = self.company_id._offer_export_outbox()
        name = export_files.safe_name(self.name)
        return outbox, os.path.join(outbox, name), os.path.join(outbox, export_files.TMP_PREFIX + name)

    def _write_and_publish(self, tx):
        """Steps 2 and 3 (also the recovery of a batch left ``writing``)."""
        self.ensure_one()
        if not self._lock_for_writing(tx):
            tx.commit()
            return False
        outbox, final, tmp = self._paths()
        published = False
        try:
            if os.path.isdir(final):
                checksum, manifest = export_files.verify_published(final, self.name, self.date)
                published = True
                refused = {}
                _logger.info("Export batch %s was published before an interruption; finishing it.", self.name)
            else:
                export_files.remove_tree(tmp)
                checksum, manifest, refused = self._write_files(tmp)
                if not manifest["documents"]:
                    # every document was left out: nothing is sent, they wait for the back office
                    export_files.remove_tree(tmp)
                    self._finish_empty(refused)
                    tx.commit()
                    return True
                _checkpoint("written", self)
                export_files.publish(tmp, final)
                published = True
                _checkpoint("published", self)
            self._finish(outbox, final, checksum, manifest, refused)
            tx.commit()
        except export_files.PublishedBatchError as error:
            tx.rollback()
            self._published_damaged(tools.ustr(error))
            tx.commit()
            raise UserError(_("The published export batch %(batch)s does not match its manifest: %(error)s. It "
                              "needs to be checked by hand.") % {"batch": self.name, "error": tools.ustr(error)})
        except Exception as error:
            tx.rollback()
            if published:
                _logger.exception("Export batch %s was published but could not be recorded; the next run "
                                  "finishes it.", self.name)
                raise
            # handled: the batch is recorded as failed, the back office gets an activity, the caller the error
            _logger.warning("Export batch %s failed.", self.name, exc_info=True)
            self._fail(self._error_text(error), tmp)
            tx.commit()
            raise UserError(_("The export batch %(batch)s could not be written: %(error)s. Its documents stay "
                              "stored on the server and the next export takes them.")
                            % {"batch": self.name, "error": self._error_text(error)})
        _checkpoint("committed", self)
        return True

    @staticmethod
    def _error_text(error):
        if isinstance(error, (IOError, OSError)) and error.strerror:
            return "%s (%s)" % (error.strerror, error.filename) if error.filename else error.strerror
        return tools.ustr(error) or error.__class__.__name__

    def _batch_offers(self):
        return self.env["lease.offer"].with_context(active_test=False).search(
            [("export_batch_id", "=", self.id), ("state", "in", ("exported", "conflict"))], order="id")

    def _schema(self):
        return export_files.load_schema(get_module_resource("lease_offer_signing", "data", "export", "batch.xsd"))

    def _write_files(self, tmp):
        """Write the batch into ``tmp``; returns (manifest SHA-256, manifest, refused documents)."""
        company = self.company_id
        header = {
            "name": self.name,
            "insurer": company._offer_insurer_code(),
            "company": company.company_registry or company.vat or company.name,
            "created": self.date,
        }
        writer = export_files.BatchWriter(tmp, header, self._schema())
        refused = {}
        writer.write_xml(self._sentences(writer, self._batch_offers().ids, refused))
        checksum, manifest = writer.finish()
        return checksum, manifest, refused

    def _sentences(self, writer, offer_ids, refused):
        """The batch's data sentences, one document after another; each
        document's files are copied into the batch before its sentence is
        yielded.  The documents are read in chunks, with a few set-based
        queries per chunk (thousands of documents a run), so memory stays
        flat however large the batch."""
        for chunk in tools.split_every(READ_CHUNK, offer_ids, list):
            documents, signatures, stored = self._export_rows(chunk)
            for offer_id in chunk:
                document = documents[offer_id]
                entries = []
                try:
                    data = self._export_data(document, signatures.get(offer_id, []), writer, stored, entries)
                    checked = writer.check(export_files.sentence(data))
                except (export_files.ExportFormatError, export_files.ExportFileError) as error:
                    writer.discard(entries)
                    refused[offer_id] = tools.ustr(error)
                    _logger.warning("Document %s left out of the export batch %s: %s", document["number"],
                                    self.name, error)
                    continue
                _checkpoint("document", self)
                yield checked

    def _export_rows(self, ids):
        """The data of the documents ``ids`` as plain values: ``(documents,
        signatures by document, stored files)``."""
        cr = self.env.cr
        cr.execute("""
            SELECT o.id, o.name, o.document_type, o.version, o.signed_digitally, o.contract_no, o.conflict,
                   o.create_date, o.exported_at, o.product_code, o.date_start, o.insurance_term_years,
                   o.payment_frequency, o.premium, o.sum_insured_death, o.sum_insured_disability,
                   o.sum_insured_accident, o.document_sha256, o.pdf_sha256, o.pdf_attachment_id, o.note,
                   o.client_email, o.client_mobile, p.id, p.name, p.email, p.mobile, p.street, p.city, p.zip,
                   country.code, adv.name, adv.advisor_code, adv.partner_hr_no, adv.ppz_registration_no, adv.email,
                   currency.name
              FROM lease_offer o
              JOIN res_users u ON u.id = o.advisor_id
              JOIN res_partner adv ON adv.id = u.partner_id
              JOIN res_company company ON company.id = o.company_id
              LEFT JOIN res_currency currency ON currency.id = company.currency_id
              LEFT JOIN res_partner p ON p.id = o.partner_id
              LEFT JOIN res_country country ON country.id = p.country_id
             WHERE o.id IN %s""", [tuple(ids)])
        documents = {}
        for row in cr.fetchall():
            (offer_id, name, document_type, version, signed_digitally, contract_no, conflict, create_date,
             exported_at, product_code, date_start, term, frequency, premium, death, disability, accident,
             document_sha256, pdf_sha256, pdf_attachment_id, note, client_email, client_mobile, partner_id,
             partner_name, partner_email, partner_mobile, street, city, zip_code, country, advisor_name,
             advisor_code, hr_no, ppz_no, advisor_email, currency) = row
            documents[offer_id] = {
                "number": name, "type": document_type, "version": version,
                "signed_digitally": signed_digitally, "conflict": conflict,
                "contract_no": contract_no if document_type == "change_request" else None,
                "dates": {"created": create_date, "exported": exported_at},
                "client": partner_id and {
                    "name": partner_name,
                    "email": validation.normalize_email(client_email or partner_email),
                    "mobile": validation.normalize_mobile(client_mobile or partner_mobile),
                    "street": street, "city": city, "zip": zip_code, "country": country,
                },
                "advisor": {"name": advisor_name, "code": advisor_code, "hr": hr_no, "ppz": ppz_no,
                            "email": validation.normalize_email(advisor_email)},
                "product": {
                    "code": product_code, "currency": currency, "start": date_start, "term_years": term,
                    "payment_frequency": frequency, "premium": premium, "sum_insured_death": death,
                    "sum_insured_disability": disability, "sum_insured_accident": accident,
                },
                "insured_persons": [], "health_answers": [],
                "document_sha256": document_sha256, "note": note,
                "pdf_sha256": pdf_sha256, "pdf_attachment_id": pdf_attachment_id,
            }
        cr.execute("""SELECT offer_id, sequence, is_client, name, birth_date, birth_number, risk, sum_insured
                        FROM lease_offer_insured_person WHERE offer_id IN %s ORDER BY offer_id, sequence, id""",
                   [tuple(ids)])
        for offer_id, sequence, is_client, name, birth_date, birth_number, risk, sum_insured in cr.fetchall():
            documents[offer_id]["insured_persons"].append({
                "sequence": sequence, "is_client": is_client, "name": name, "birth_date": birth_date,
                "birth_number": birth_number, "risk": risk, "sum_insured": sum_insured})
        cr.execute("""SELECT offer_id, sequence, question, answer, note
                        FROM lease_offer_health_question WHERE offer_id IN %s ORDER BY offer_id, sequence, id""",
                   [tuple(ids)])
        for offer_id, sequence, question, answer, note in cr.fetchall():
            documents[offer_id]["health_answers"].append({
                "sequence": sequence, "question": question, "answer": answer, "note": note})
        cr.execute("""SELECT id, offer_id, role, signer_name, field_id, state, key_id, document_sha256, signed_at,
                             pad_model, pad_serial
                        FROM lease_offer_signature WHERE offer_id IN %s ORDER BY offer_id, sequence, id""",
                   [tuple(ids)])
        signatures = {}
        for (signature_id, offer_id, role, signer, field_id, state, key_id, document_sha256, signed_at, pad_model,
             pad_serial) in cr.fetchall():
            signatures.setdefault(offer_id, []).append({
                "id": signature_id, "role": role, "signer": signer, "field_id": field_id, "state": state,
                "key_id": key_id, "document_sha256": document_sha256, "signed_at": signed_at,
                "pad_model": pad_model, "pad_serial": pad_serial})
        pdf_ids = [d["pdf_attachment_id"] for d in documents.values() if d["pdf_attachment_id"]]
        signature_ids = [s["id"] for items in signatures.values() for s in items]
        return documents, signatures, self._stored_files(pdf_ids, signature_ids)

    def _stored_files(self, pdf_ids, signature_ids):
        """Where the signed PDFs and the packages are stored: ``{('pdf',
        attachment id) or ('package', signature id): (attachment id, full
        path or None)}``."""
        result = {}
        if not pdf_ids and not signature_ids:
            return result
        self.env.cr.execute("""
            SELECT id, res_model, res_id, res_field, store_fname FROM ir_attachment
             WHERE id IN %s OR (res_model = 'lease.offer.signature' AND res_field = 'biometric_blob' AND res_id IN %s)
        """, [tuple(pdf_ids or [0]), tuple(signature_ids or [0])])
        Attachment = self.env["ir.attachment"]
        pdf_set = set(pdf_ids)
        for attachment_id, res_model, res_id, res_field, store_fname in self.env.cr.fetchall():
            path = Attachment._full_path(store_fname) if store_fname else None
            if attachment_id in pdf_set:
                result[("pdf", attachment_id)] = (attachment_id, path)
            if res_model == "lease.offer.signature" and res_field == "biometric_blob":
                result[("package", res_id)] = (attachment_id, path)
        return result

    def _copy_stored(self, writer, relative, stored, expect_sha256=None):
        attachment_id, path = stored
        if path:
            return writer.add_file(relative, source_path=path, expect_sha256=expect_sha256)
        # attachments kept in the database (ir_attachment.location = db)
        data = base64.b64decode(self.env["ir.attachment"].browse(attachment_id).datas or b"")
        return writer.add_file(relative, data=data, expect_sha256=expect_sha256)

    def _export_data(self, document, signatures, writer, stored, entries):
        """The data sentence of a document (``document``: its plain values
        from :meth:`_export_rows`); copies its files into the batch."""
        data = dict(document)
        if not document["signed_digitally"]:
            return data
        stem = export_files.safe_name(document["number"])
        pdf_key = ("pdf", document["pdf_attachment_id"])
        if not document["pdf_attachment_id"] or pdf_key not in stored:
            raise export_files.ExportFileError(_("the signed PDF is missing"))
        if not signatures or any(s["state"] != "signed" for s in signatures):
            raise export_files.ExportFileError(_("not every signature field is signed"))
        data["signatures"] = []
        for signature in signatures:
            if ("package", signature["id"]) not in stored:
                raise export_files.ExportFileError(
                    _("the encrypted signature package of the field %s is missing") % signature["field_id"])
            entry = self._copy_stored(writer, "%s/%s.lsbp" % (stem, export_files.safe_name(signature["field_id"])),
                                      stored[("package", signature["id"])])
            entries.append(entry)
            data["signatures"].append(dict(signature, package=entry))
        data["dates"] = dict(document["dates"], signed=max(s["signed_at"] for s in signatures))
        entry = self._copy_stored(writer, "%s.pdf" % stem, stored[pdf_key], expect_sha256=document["pdf_sha256"])
        entries.append(entry)
        data["pdf"] = entry
        return data

    def _finish(self, outbox, final, checksum, manifest, refused):
        """Step 3: record the published batch; documents left out go back."""
        exported = set(manifest.get("documents") or ())
        self.env.cr.execute("""SELECT id, name FROM lease_offer
                                WHERE export_batch_id = %s AND state IN ('exported', 'conflict')""", [self.id])
        left_out = self.env["lease.offer"].browse([row[0] for row in self.env.cr.fetchall() if row[1] not in exported])
        for offer in left_out.with_context(active_test=False):
            offer._export_release(_("It was left out of the export batch %(batch)s: %(reason)s")
                                  % {"batch": self.name, "reason": refused.get(offer.id) or _("see the server log")},
                                  hold=True)
        self.write({
            "state": "exported",
            "directory": final,
            "file_name": os.path.relpath(os.path.join(final, export_files.MANIFEST), outbox),
            "checksum": checksum,
            "document_count": len(exported),
            "published_at": fields.Datetime.now(),
            "error_message": False,
        })
        self.message_post(body=_("Written to the outbox: %(count)d documents, manifest SHA-256 %(checksum)s.")
                          % {"count": len(exported), "checksum": checksum}, subtype="mail.mt_note")
        _logger.info("Export batch %s published in %s: %d documents.", self.name, final, len(exported))

    def _finish_empty(self, refused):
        for offer in self._batch_offers():
            offer._export_release(_("It was left out of the export batch %(batch)s: %(reason)s")
                                  % {"batch": self.name, "reason": refused.get(offer.id) or _("see the server log")},
                                  hold=True)
        message = _("None of the documents could be exported; they are held back for the back office.")
        self.write({"state": "failed", "error_message": message})

    def _fail(self, message, tmp):
        """A batch that could not be written: its documents go back to be exported by the next run."""
        try:
            export_files.remove_tree(tmp)
        except OSError:
            _logger.exception("The temporary directory %s could not be removed.", tmp)
        offers = self._batch_offers()
        reason = _("The export batch %(batch)s failed: %(error)s") % {"batch": self.name, "error": message}
        offers._export_release(reason, hold=False)
        self.write({"state": "failed", "error_message": message})
        self._backoffice_activity(_("Export batch failed"), message)

    def _published_damaged(self, message):
        self.write({"state": "failed", "error_message": message})
        self._backoffice_activity(_("Published export batch damaged"), message)

    def _backoffice_activity(self, summary, note):
        self.env["lease.offer"]._backoffice_activity(self, summary, note)

    # ------------------------------------------------------------------ recovery
    @api.model
    def _recover_batches(self, tx):
        """Finish or rewrite the batches of runs that died; clean the outboxes."""
        for batch in self.search([("state", "=", "writing")], order="id"):
            try:
                batch._write_and_publish(tx)
            except UserError:
                _logger.warning("Recovery of the export batch %s failed.", batch.name, exc_info=True)
        for outbox in {company._offer_export_outbox() for company in self.env["res.company"].search([])}:
            self._clean_outbox(outbox, tx)

    @api.model
    def _clean_outbox(self, outbox, tx):
        """Remove ``.tmp-*`` directories whose batch is no longer being written.

        The directory is listed before the batches are read in a fresh
        transaction: a temporary directory seen in the listing belongs to a
        batch whose claim was committed before that transaction began, so a
        batch being written is always seen as such.
        """
        tx.commit()
        if not os.path.isdir(outbox):
            return
        leftovers = [entry for entry in os.listdir(outbox) if entry.startswith(export_files.TMP_PREFIX)]
        if not leftovers:
            return
        writing = {export_files.TMP_PREFIX + export_files.safe_name(batch.name)
                   for batch in self.search([("state", "=", "writing")])}
        for entry in leftovers:
            if entry not in writing:
                _logger.info("Removing the leftover temporary export directory %s.", entry)
                export_files.remove_tree(os.path.join(outbox, entry))
        tx.commit()

    # ------------------------------------------------------------------ back office
    @api.multi
    def action_view_offers(self):
        self.ensure_one()
        action = self.env.ref("lease_offer_signing.lease_offer_action").read()[0]
        action["domain"] = [("export_batch_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action
