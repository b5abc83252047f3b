# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The batch files and the acknowledgement format, without a database."""
import hashlib
import io
import json
import os
import shutil
import tempfile
import unittest

from lxml import etree

from ..lib import acknowledgement, export_files

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "export")
SHA = "ab" * 32


def document(number="NAB26000001", **changes):
    doc = {
        "number": number, "type": "offer", "version": 7, "signed_digitally": True,
        "dates": {"created": "2026-01-15 08:00:00", "exported": "2026-01-15 20:00:01",
                  "signed": "2026-01-15 09:30:00"},
        "client": {"name": "Jana Dvořáková", "email": "jana@example.cz", "mobile": "+420777123456",
                   "street": "Vinohradská 12", "city": "Praha 2", "zip": "120 00", "country": "CZ"},
        "advisor": {"name": "Petr Svoboda", "code": "SV-1024", "hr": "9123456", "ppz": "123456PPZ",
                    "email": "petr@example.cz"},
        "product": {"code": "FLEXI", "currency": "CZK", "start": "2026-02-01", "term_years": 20,
                    "payment_frequency": "monthly", "premium": 1200.0, "sum_insured_death": 800000.0,
                    "sum_insured_disability": 0.0, "sum_insured_accident": 100000.0},
        "insured_persons": [{"sequence": 10, "is_client": True, "name": "Jana Dvořáková",
                             "birth_date": "1985-06-12", "birth_number": "855612/1234", "risk": "death",
                             "sum_insured": 800000.0}],
        "health_answers": [{"sequence": 10, "question": "Léčíte se?", "answer": "no", "note": None}],
        "document_sha256": SHA,
        "signatures": [{"field_id": "client.1", "role": "client", "signer": "Jana Dvořáková",
                        "signed_at": "2026-01-15 09:30:00", "key_id": "0f1e2d3c", "document_sha256": SHA,
                        "pad_model": "STU-530", "pad_serial": "SN-1",
                        "package": export_files.FileEntry("NAB26000001/client.1.lsbp", "cd" * 32, 120)}],
        "pdf": export_files.FileEntry("NAB26000001.pdf", "ef" * 32, 100000),
        "note": "Poznámka <s> & znaky",
    }
    doc.update(changes)
    return doc


class TestBatchFiles(unittest.TestCase):

    def setUp(self):
        super(TestBatchFiles, self).setUp()
        self.tmp = tempfile.mkdtemp(prefix="lease-export-format-")
        self.schema = export_files.load_schema(os.path.join(DATA, "batch.xsd"))
        self.header = {"name": "EXP20260115-001", "insurer": "KOOP", "company": "Leasing a.s.",
                       "created": "2026-01-15 20:00:01"}

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        super(TestBatchFiles, self).tearDown()

    def writer(self):
        return export_files.BatchWriter(os.path.join(self.tmp, ".tmp-EXP20260115-001"), self.header, self.schema)

    def write_batch(self, count=3):
        writer = self.writer()
        source = os.path.join(self.tmp, "source.pdf")
        with open(source, "wb") as handle:
            handle.write(os.urandom(300 * 1024))

        def sentences():
            for index in range(count):
                number = "NAB2600000%d" % index
                pdf = writer.add_file("%s.pdf" % number, source_path=source)
                package = writer.add_file("%s/client.1.lsbp" % number, data=b"LSBP package %d" % index)
                doc = document(number, pdf=pdf)
                doc["signatures"][0]["package"] = package
                yield writer.check(export_files.sentence(doc))
        writer.write_xml(sentences())
        checksum, manifest = writer.finish()
        return writer, checksum, manifest

    def test_sentence_validates_against_the_xsd(self):
        element = export_files.sentence(document())
        name, data = self.writer().check(element)
        self.assertEqual(name, "NAB26000001")
        parsed = etree.fromstring(data)
        ns = {"e": export_files.NS}
        self.assertEqual(parsed.get("signing"), "digital")
        self.assertEqual(parsed.findtext("e:advisor/e:ppz", namespaces=ns), "123456PPZ")
        self.assertEqual(parsed.find("e:signatures/e:signature", ns).get("key"), "0f1e2d3c")
        self.assertEqual(parsed.find("e:pdf", ns).get("sha256"), "ef" * 32)
        self.assertEqual(parsed.find("e:dates", ns).get("exported"), "2026-01-15T20:00:01Z")
        self.assertEqual(parsed.findtext("e:note", namespaces=ns), "Poznámka <s> & znaky")

    def test_paper_document_and_modeling_without_client_validate(self):
        writer = self.writer()
        writer.check(export_files.sentence(document(signed_digitally=False, signatures=[], pdf=None)))
        writer.check(export_files.sentence(document(type="modeling", client=None, signed_digitally=False,
                                                    signatures=[], pdf=None)))
        writer.check(export_files.sentence(document(type="change_request", contract_no="7001234567")))

    def test_broken_sentences_are_refused_by_the_xsd(self):
        writer = self.writer()
        broken = {
            "advisor without PPZ": document(advisor={"name": "Petr", "hr": "9123456", "ppz": ""}),
            "HR not starting with 9": document(advisor={"name": "Petr", "hr": "8123456", "ppz": "123456PPZ"}),
            "negative premium": document(product=dict(document()["product"], premium=-1)),
            "unknown type": document(type="contract"),
            "bad document hash": document(document_sha256="xyz"),
            "bad mobile": document(client=dict(document()["client"], mobile="777123456")),
            "change request contract": document(type="change_request", contract_no="6001234567"),
            "empty client name": document(client=dict(document()["client"], name=" ")),
            "unknown risk": document(insured_persons=[dict(document()["insured_persons"][0], risk="war")]),
        }
        for label, doc in broken.items():
            with self.assertRaises(export_files.ExportFormatError, msg=label):
                writer.check(export_files.sentence(doc))

    def test_refusal_names_the_problem(self):
        with self.assertRaisesRegex(export_files.ExportFormatError, "ppz"):
            self.writer().check(export_files.sentence(document(advisor={"name": "P", "hr": "9123", "ppz": "x"})))

    def test_written_batch_validates_and_the_manifest_matches_every_file(self):
        writer, checksum, manifest = self.write_batch(3)
        directory = writer.directory
        export_files.validate_file(os.path.join(directory, "batch.xml"), self.schema)
        with open(os.path.join(directory, "manifest.json"), "rb") as handle:
            data = handle.read()
        self.assertEqual(hashlib.sha256(data).hexdigest(), checksum)
        self.assertEqual(json.loads(data.decode()), manifest)
        self.assertEqual(manifest["documents"], ["NAB26000000", "NAB26000001", "NAB26000002"])
        listed = {item["path"]: item for item in manifest["files"]}
        self.assertEqual(set(listed), {"batch.xml"} | {"NAB2600000%d.pdf" % i for i in range(3)}
                         | {"NAB2600000%d/client.1.lsbp" % i for i in range(3)})
        for path, item in listed.items():
            with open(os.path.join(directory, path), "rb") as handle:
                content = handle.read()
            self.assertEqual(hashlib.sha256(content).hexdigest(), item["sha256"], path)
            self.assertEqual(len(content), item["size"], path)
        tree = etree.parse(os.path.join(directory, "batch.xml"))
        trailer = tree.getroot()[-1]
        self.assertEqual((trailer.get("documents"), trailer.get("files")), ("3", "6"))
        self.assertEqual(len(tree.getroot().findall("{%s}document" % export_files.NS)), 3)

    def test_publication_is_an_atomic_rename_and_is_verified(self):
        writer, checksum, _manifest = self.write_batch(2)
        final = os.path.join(self.tmp, "EXP20260115-001")
        export_files.publish(writer.directory, final)
        self.assertFalse(os.path.exists(writer.directory))
        self.assertEqual(export_files.verify_published(final, "EXP20260115-001", "2026-01-15 20:00:01")[0], checksum)
        with self.assertRaises(OSError):
            export_files.publish(writer.directory, final)
        # another batch of the same name (e.g. an older database) is not taken for this one
        with self.assertRaises(export_files.PublishedBatchError):
            export_files.verify_published(final, "EXP20260115-001", "2026-01-16 20:00:01")
        with open(os.path.join(final, "NAB26000001.pdf"), "ab") as handle:
            handle.write(b"tampered")
        with self.assertRaisesRegex(export_files.PublishedBatchError, "NAB26000001.pdf"):
            export_files.verify_published(final, "EXP20260115-001")
        os.unlink(os.path.join(final, "NAB26000001.pdf"))
        with self.assertRaisesRegex(export_files.PublishedBatchError, "missing"):
            export_files.verify_published(final, "EXP20260115-001")
        with self.assertRaises(export_files.PublishedBatchError):
            export_files.verify_published(final, "EXP20260115-002")

    def test_a_tampered_batch_file_is_refused_by_the_xsd(self):
        writer, _checksum, _manifest = self.write_batch(2)
        path = os.path.join(writer.directory, "batch.xml")
        with open(path, "rb") as handle:
            content = handle.read()
        with open(path, "wb") as handle:
            handle.write(content.replace(b'number="NAB26000001"', b'number="NAB26000000"'))
        with self.assertRaisesRegex(export_files.ExportFormatError, "uniqueDocumentNumber|[Dd]uplicate"):
            export_files.validate_file(path, self.schema)
        with open(path, "wb") as handle:
            handle.write(content.replace(b"<trailer", b"<extra/><trailer"))
        with self.assertRaises(export_files.ExportFormatError):
            export_files.validate_file(path, self.schema)

    def test_a_file_that_does_not_match_its_hash_is_refused_and_removed(self):
        writer = self.writer()
        with self.assertRaisesRegex(export_files.ExportFileError, "does not match"):
            writer.add_file("NAB1.pdf", data=b"%PDF", expect_sha256="00" * 32)
        source = io.BytesIO(b"x" * 5000)
        target = os.path.join(self.tmp, "copy.bin")
        with self.assertRaises(export_files.ExportFileError):
            export_files.copy_stream(source, target, expect_sha256="00" * 32)
        self.assertFalse(os.path.exists(target))
        with self.assertRaisesRegex(export_files.ExportFileError, "missing"):
            writer.add_file("NAB2.pdf", source_path=os.path.join(self.tmp, "no-such-file"))
        entry = writer.add_file("NAB3/a.lsbp", data=b"package")
        writer.discard([entry])
        self.assertFalse(os.path.exists(writer.path("NAB3/a.lsbp")))
        self.assertNotIn(entry, writer.files)

    def test_outbox_must_be_an_absolute_writable_folder(self):
        export_files.check_writable_dir(os.path.join(self.tmp, "new", "outbox"))
        self.assertTrue(os.path.isdir(os.path.join(self.tmp, "new", "outbox")))
        with self.assertRaises(OSError):
            export_files.check_writable_dir("relative/outbox")
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        with self.assertRaises(OSError):
            export_files.check_writable_dir(os.path.join(blocker, "outbox"))

    def test_names_are_file_system_safe(self):
        self.assertEqual(export_files.safe_name("NAB26/000001"), "NAB26-000001")
        self.assertEqual(export_files.safe_name("../x"), "-x")
        self.assertEqual(export_files.safe_name(""), "unnamed")


class TestAcknowledgementFormat(unittest.TestCase):

    def setUp(self):
        super(TestAcknowledgementFormat, self).setUp()
        self.schema = export_files.load_schema(os.path.join(DATA, "acknowledgement.xsd"))

    def test_round_trip(self):
        content = acknowledgement.build("EXP20260115-001", "KOOP", "2026-01-16T07:30:00+01:00", [
            ("NAB1", "accepted", None), ("NAB2", "rejected", "Chybí podpis pojištěného.")])
        data = acknowledgement.parse(content, self.schema)
        self.assertEqual((data.batch, data.insurer), ("EXP20260115-001", "KOOP"))
        self.assertEqual(str(data.date), "2026-01-16 06:30:00")
        self.assertEqual(data.documents, [acknowledgement.Item("NAB1", "accepted", None),
                                          acknowledgement.Item("NAB2", "rejected", "Chybí podpis pojištěného.")])
        self.assertEqual(data.sha256, hashlib.sha256(content).hexdigest())

    def test_a_date_without_zone_is_prague_time(self):
        summer = acknowledgement.build("EXP1", "KOOP", "2026-07-16T08:00:00", [("NAB1", "accepted", None)])
        winter = acknowledgement.build("EXP1", "KOOP", "2026-01-16T08:00:00", [("NAB1", "accepted", None)])
        self.assertEqual(str(acknowledgement.parse(summer, self.schema).date), "2026-07-16 06:00:00")
        self.assertEqual(str(acknowledgement.parse(winter, self.schema).date), "2026-01-16 07:00:00")

    def test_malformed_and_invalid_files_are_refused(self):
        refused = {
            "empty": b"",
            "not xml": b"this is not xml",
            "wrong root": b"<batch/>",
            "no documents": acknowledgement.build("EXP1", "KOOP", "2026-01-16T08:00:00Z", []),
            "bad status": acknowledgement.build("EXP1", "KOOP", "2026-01-16T08:00:00Z", [("NAB1", "maybe", None)]),
            "bad date": acknowledgement.build("EXP1", "KOOP", "16.1.2026", [("NAB1", "accepted", None)]),
            "duplicate": acknowledgement.build("EXP1", "KOOP", "2026-01-16T08:00:00Z",
                                               [("NAB1", "accepted", None), ("NAB1", "rejected", "x")]),
            "rejected without reason": acknowledgement.build("EXP1", "KOOP", "2026-01-16T08:00:00Z",
                                                             [("NAB1", "rejected", None)]),
            "entity": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        }
        for label, content in refused.items():
            with self.assertRaises(acknowledgement.AcknowledgementError, msg=label):
                acknowledgement.parse(content, self.schema)
