"""Benchmark of the daily export to the insurer (not part of the tests).

Creates a throw-away copy of the test database, loads into it 10,000
digitally signed documents stored on the server — each with a 100 KB signed
PDF, three encrypted signature packages, an insured person and four health
answers — with bulk SQL (COPY) and real files in the file store, then:

* runs the export exactly as the 21:00 run does (``_export_run`` on its own
  cursor with its commits, default batch size) and prints documents per
  second and the peak memory (RSS) of the process;
* runs a naive per-document loop on a smaller sample in the same run (ORM
  browse per document, the whole attachment read through the ORM, a write
  and an fsync per file, the XML kept in memory, a tracked ORM write per
  document) and prints its rate and the ratio.

Each measurement runs in its own process, so the peak RSS is that of the
export alone (Odoo loaded included).  The copy is dropped at the end.

Run it from the repository, after ``make test`` has created ``lease_test``
(nothing else may be connected to ``lease_test`` while it is copied)::

    .venv/bin/python bench/bench_export.py                 # 10,000 documents, naive sample 300
    .venv/bin/python bench/bench_export.py --offers 2000 --naive 200 --keep

Options: ``--offers``, ``--pdf-kb``, ``--packages``, ``--naive`` (sample
size), ``--template`` (database to copy), ``--drop-caches`` (also measure
with cold file caches, needs root), ``--keep`` (keep the copy).
Targets: 10,000 documents in under 60 s on 2 cores, peak RSS under 500 MB.
"""
import argparse
import base64
import configparser
import hashlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / ".local" / "odoo.conf"
FAST_TAG = "BEN"
NAIVE_TAG = "NAI"


def conf():
    parser = configparser.ConfigParser()
    if not parser.read(str(CONF)):
        sys.exit("%s is missing: run `make test` (or `make run`) first." % CONF)
    return parser["options"]


def connect(dbname):
    options = conf()
    return psycopg2.connect(dbname=dbname, host=options.get("db_host"), port=options.get("db_port"),
                            user=options.get("db_user"), password=options.get("db_password"))


def filestore(dbname):
    return Path(conf().get("data_dir")) / "filestore" / dbname


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def current_rss_mb():
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


# ---------------------------------------------------------------------- database copy
def create_copy(template, dbname):
    conn = connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (template,))
        if cr.fetchone()[0]:
            sys.exit("Something is connected to %s; stop it (e.g. a running Odoo) and retry." % template)
        cr.execute('CREATE DATABASE "%s" TEMPLATE "%s"' % (dbname, template))
    conn.close()
    if filestore(template).is_dir():
        shutil.copytree(str(filestore(template)), str(filestore(dbname)),
                        ignore=shutil.ignore_patterns("lease_offer_export"))


def drop_copy(dbname):
    conn = connect("postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                   "AND pid <> pg_backend_pid()", (dbname,))
        cr.execute('DROP DATABASE IF EXISTS "%s"' % dbname)
    conn.close()
    shutil.rmtree(str(filestore(dbname)), ignore_errors=True)


# ---------------------------------------------------------------------- bulk data
def _copy(cr, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value).replace("\\", "\\\\").replace("\t", " ")
                               .replace("\n", "\\n") for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cr.copy_expert("COPY %s (%s) FROM STDIN" % (table, ", ".join(columns)), buffer)


def _store(store, data):
    """Write ``data`` into the file store as Odoo 11 does (sha1-addressed); returns (fname, sha1)."""
    sha1 = hashlib.sha1(data).hexdigest()
    fname = "%s/%s" % (sha1[:2], sha1)
    path = store / fname
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(str(path), "wb") as handle:
        handle.write(data)
    return fname, sha1


def load(dbname, tag, count, pdf_kb, packages):
    """Insert ``count`` stored, digitally signed documents with their files; returns the seconds taken."""
    start = time.time()
    store = filestore(dbname)
    conn = connect(dbname)
    cr = conn.cursor()
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'lease_offer_signing' AND name = 'user_advisor1'")
    advisor = cr.fetchone()[0]
    cr.execute("SELECT company_id FROM res_users WHERE id = %s", (advisor,))
    company = cr.fetchone()[0]
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'lease_offer_signing' AND name LIKE 'client_%%' "
               "AND model = 'res.partner' ORDER BY res_id")
    clients = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id, mobile, email FROM res_partner WHERE id IN %s", (tuple(clients),))
    contacts = {row[0]: row[1:] for row in cr.fetchall()}
    cr.execute("SELECT nextval('lease_offer_id_seq') FROM generate_series(1, %s)", (count,))
    ids = [row[0] for row in cr.fetchall()]
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    base_pdf = b"%PDF-1.4\n" + os.urandom(pdf_kb * 1024)
    base_package = b"LSBP" + os.urandom(8 * 1024)
    offers, attachments, signatures, persons, questions = [], [], [], [], []
    cr.execute("SELECT nextval('lease_offer_signature_id_seq') FROM generate_series(1, %s)", (count * packages,))
    signature_ids = iter(row[0] for row in cr.fetchall())
    for index, offer_id in enumerate(ids):
        name = "%s%07d" % (tag, index + 1)
        client = clients[index % len(clients)]
        mobile, email = contacts[client]
        pdf = base_pdf + name.encode() + b"\n%%EOF\n"
        pdf_fname, pdf_sha1 = _store(store, pdf)
        document_sha256 = hashlib.sha256(name.encode()).hexdigest()
        offers.append((offer_id, name, "offer", "backed_up", company, advisor, client, mobile, email, "t", "t",
                       "FLEXI", "2027-01-01", 20, "monthly", 800000 + index, 1200, 3, now, "t", "f", "f",
                       document_sha256, hashlib.sha256(pdf).hexdigest(), 1, now, 1, now))
        attachments.append(("%s-signed.pdf" % name, "%s-signed.pdf" % name, "lease.offer", offer_id, None,
                            "binary", pdf_fname, pdf_sha1, len(pdf), "application/pdf", 1, now, 1, now))
        for number in range(packages):
            signature_id = next(signature_ids)
            role = ("client", "insured", "advisor")[number % 3]
            field_id = "%s.%d" % (role, number // 3 + 1)
            signatures.append((signature_id, offer_id, company, 10 * (number + 1), role, "Podepisující %d" % number,
                               field_id, "signed", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", document_sha256, now,
                               "STU-530", "SN-1", 1, now, 1, now))
            package = base_package + name.encode() + field_id.encode()
            fname, sha1 = _store(store, package)
            attachments.append(("biometric_blob", None, "lease.offer.signature", signature_id, "biometric_blob",
                                "binary", fname, sha1, len(package), "application/octet-stream", 1, now, 1, now))
        persons.append((offer_id, company, 10, "Pojištěný %s" % name, "1980-01-01", "t", "death", 800000,
                        1, now, 1, now))
        for sequence, question in enumerate(("Léčíte se?", "Hospitalizace?", "Srdce a cévy?", "Rizikový sport?")):
            questions.append((offer_id, company, 10 * (sequence + 1), question, "no", 1, now, 1, now))
    _copy(cr, "lease_offer", (
        "id", "name", "document_type", "state", "company_id", "advisor_id", "partner_id", "client_mobile",
        "client_email", "digital_signing", "signed_digitally", "product_code", "date_start", "insurance_term_years",
        "payment_frequency", "sum_insured_death", "premium", "version", "last_change_date", "active", "export_hold",
        "conflict", "document_sha256", "pdf_sha256", "create_uid", "create_date", "write_uid", "write_date"), offers)
    _copy(cr, "lease_offer_signature", (
        "id", "offer_id", "company_id", "sequence", "role", "signer_name", "field_id", "state", "key_id",
        "document_sha256", "signed_at", "pad_model", "pad_serial", "create_uid", "create_date", "write_uid",
        "write_date"), signatures)
    _copy(cr, "ir_attachment", (
        "name", "datas_fname", "res_model", "res_id", "res_field", "type", "store_fname", "checksum", "file_size",
        "mimetype", "create_uid", "create_date", "write_uid", "write_date"), attachments)
    _copy(cr, "lease_offer_insured_person", (
        "offer_id", "company_id", "sequence", "name", "birth_date", "is_client", "risk", "sum_insured",
        "create_uid", "create_date", "write_uid", "write_date"), persons)
    _copy(cr, "lease_offer_health_question", (
        "offer_id", "company_id", "sequence", "question", "answer", "create_uid", "create_date", "write_uid",
        "write_date"), questions)
    cr.execute("""UPDATE lease_offer o SET pdf_attachment_id = a.id FROM ir_attachment a
                   WHERE a.res_model = 'lease.offer' AND a.res_id = o.id AND o.name LIKE %s""", (tag + "%",))
    conn.commit()
    cr.execute("ANALYZE")
    conn.close()
    return time.time() - start


# ---------------------------------------------------------------------- measured phases (own processes)
def _odoo_env(dbname):
    sys.path.insert(0, str(ROOT))
    import odoo
    odoo.tools.config.parse_config(["-c", str(CONF), "-d", dbname, "--log-level=warn"])
    registry = odoo.registry(dbname)
    return odoo, registry


def _manifest(directory):
    with open(os.path.join(directory, "manifest.json")) as handle:
        return json.load(handle)


def phase_export(dbname):
    odoo, registry = _odoo_env(dbname)
    from odoo.addons.lease_offer_signing.models.lease_offer_export_batch import ExportTransactions
    baseline = current_rss_mb()
    with odoo.api.Environment.manage():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
            start = time.time()
            batches = env["lease.offer.export.batch"]._export_run(
                ExportTransactions(env), domain=[("name", "=like", FAST_TAG + "%")])
            elapsed = time.time() - start
            result = {
                "seconds": elapsed,
                "documents": sum(batches.mapped("document_count")),
                "batches": len(batches),
                "files": sum(len(_manifest(b.directory)["files"]) for b in batches),
                "bytes": sum(os.path.getsize(os.path.join(root, name))
                             for b in batches for root, _dirs, files in os.walk(b.directory) for name in files),
                "states": sorted(set(batches.mapped("state"))),
            }
    result.update(peak_rss_mb=peak_rss_mb(), baseline_rss_mb=baseline)
    print(json.dumps(result))


def phase_naive(dbname, outdir):
    odoo, registry = _odoo_env(dbname)
    from lxml import etree
    baseline = current_rss_mb()
    with odoo.api.Environment.manage():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
            ids = env["lease.offer"].search([("name", "=like", NAIVE_TAG + "%"), ("state", "=", "backed_up")]).ids
            start = time.time()
            os.makedirs(outdir)
            sentences = []
            for offer_id in ids:
                offer = env["lease.offer"].browse(offer_id)
                node = etree.Element("document", number=offer.name, type=offer.document_type)
                etree.SubElement(node, "client").text = offer.partner_id.name
                etree.SubElement(node, "advisor", hr=offer.advisor_id.partner_hr_no or "").text = offer.advisor_id.name
                etree.SubElement(node, "premium").text = str(offer.premium)
                for person in offer.insured_person_ids:
                    etree.SubElement(node, "person").text = person.name
                for question in offer.health_question_ids:
                    etree.SubElement(node, "answer", question=question.question).text = question.answer or ""
                files = [("%s.pdf" % offer.name, base64.b64decode(offer.pdf_attachment_id.datas))]
                files += [("%s-%s.lsbp" % (offer.name, s.field_id), base64.b64decode(s.biometric_blob))
                          for s in offer.signature_ids]
                for name, data in files:
                    with open(os.path.join(outdir, name), "wb") as handle:
                        handle.write(data)
                        handle.flush()
                        os.fsync(handle.fileno())
                    etree.SubElement(node, "file", name=name, sha256=hashlib.sha256(data).hexdigest())
                sentences.append(etree.tostring(node))
                offer._write_system({"state": "exported", "exported_at": odoo.fields.Datetime.now()})
            with open(os.path.join(outdir, "batch.xml"), "wb") as handle:
                handle.write(b"<batch>" + b"\n".join(sentences) + b"</batch>")
                handle.flush()
                os.fsync(handle.fileno())
            cr.commit()
            elapsed = time.time() - start
    print(json.dumps({"seconds": elapsed, "documents": len(ids), "peak_rss_mb": peak_rss_mb(),
                      "baseline_rss_mb": baseline}))


def run_phase(*args):
    output = subprocess.run([sys.executable, __file__] + list(args), check=True, stdout=subprocess.PIPE,
                            universal_newlines=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return True
    except OSError as error:
        print("  (cannot drop the file caches: %s)" % error)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=10000)
    parser.add_argument("--pdf-kb", type=int, default=100)
    parser.add_argument("--packages", type=int, default=3)
    parser.add_argument("--naive", type=int, default=300, help="documents of the naive loop's sample")
    parser.add_argument("--template", default=os.environ.get("LEASE_TEST_DB", "lease_test"))
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--phase", choices=["export", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--outdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "export":
        return phase_export(args.db)
    if args.phase == "naive":
        return phase_naive(args.db, args.outdir)

    dbname = "lease_bench_%d" % os.getpid()
    print("Copying %s into the throw-away database %s" % (args.template, dbname))
    create_copy(args.template, dbname)
    try:
        seconds = load(dbname, FAST_TAG, args.offers, args.pdf_kb, args.packages)
        print("Loaded %d documents (%d KB PDF + %d packages each) with COPY in %.1f s"
              % (args.offers, args.pdf_kb, args.packages, seconds))
        seconds = load(dbname, NAIVE_TAG, args.naive, args.pdf_kb, args.packages)
        print("Loaded the naive sample of %d documents in %.1f s" % (args.naive, seconds))
        if args.drop_caches:
            drop_caches()
        fast = run_phase("--phase", "export", "--db", dbname)
        rate = fast["documents"] / fast["seconds"]
        print("\nExport (streamed, SKIP LOCKED claim, one syncfs, atomic rename):")
        print("  %d documents in %d batches, %d files, %.0f MB written in %.1f s: %.0f documents/s"
              % (fast["documents"], fast["batches"], fast["files"], fast["bytes"] / 1e6, fast["seconds"], rate))
        print("  peak RSS %.0f MB (Odoo loaded: %.0f MB); batches %s"
              % (fast["peak_rss_mb"], fast["baseline_rss_mb"], ", ".join(fast["states"])))
        naive_dir = str(filestore(dbname) / "naive-export")
        naive = run_phase("--phase", "naive", "--db", dbname, "--outdir", naive_dir)
        naive_rate = naive["documents"] / naive["seconds"]
        print("\nNaive per-document loop (ORM per document, whole attachments, fsync per file, tracked writes):")
        print("  %d documents in %.1f s: %.1f documents/s, peak RSS %.0f MB"
              % (naive["documents"], naive["seconds"], naive_rate, naive["peak_rss_mb"]))
        print("\nThe export is %.1f times faster than the naive loop; %d documents would take the naive loop "
              "about %.0f s." % (rate / naive_rate, args.offers, args.offers / naive_rate))
        target = "met" if fast["seconds"] < 60 and fast["peak_rss_mb"] < 500 else "NOT met"
        print("Target (%d documents < 60 s, peak RSS < 500 MB): %s" % (args.offers, target))
    finally:
        if args.keep:
            print("Kept the database %s and its file store %s" % (dbname, filestore(dbname)))
        else:
            drop_copy(dbname)
    return None


if __name__ == "__main__":
    main()
