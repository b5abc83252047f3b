"""Files of an export batch to the insurer (no ORM import).

A batch is one directory ``<outbox>/<batch name>/``::

    batch.xml                  one data sentence per document (data/export/batch.xsd)
    <document>.pdf             the signed PDF of each digitally signed document
    <document>/<field>.lsbp    the encrypted signature package of each signature field
    manifest.json              SHA-256 and size of every other file, the documents' numbers

It is written into ``<outbox>/.tmp-<batch name>/`` (the insurer ignores names
starting with a dot), validated, flushed to disk, and published by renaming
the directory: a reader sees either the complete batch or nothing.  Files are
streamed (copied in chunks, hashed on the way); nothing holds a whole batch
in memory.
"""
import collections
import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import datetime

from lxml import etree

NS = "urn:lease-insurance-suite:offer-export:1"
FORMAT_VERSION = "1"
MANIFEST_FORMAT = "lease-offer-export-manifest/1"
BATCH_XML = "batch.xml"
MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
CHUNK = 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")

FileEntry = collections.namedtuple("FileEntry", "path sha256 size")


class ExportFormatError(ValueError):
    """A sentence or a batch file does not match the format (XSD)."""


class ExportFileError(ValueError):
    """A file of a document cannot be exported as it is (missing, altered)."""


class PublishedBatchError(ValueError):
    """A published batch directory does not verify against its manifest."""


def safe_name(name):
    """A file-system safe form of a document or batch number."""
    cleaned = _SAFE_NAME.sub("-", name or "").strip(".")
    return cleaned or "unnamed"


def qname(tag):
    return "{%s}%s" % (NS, tag)


def utc_stamp(value):
    """``'2026-01-15 20:00:03'`` (naive UTC, as Odoo stores it) → ``'2026-01-15T20:00:03Z'``."""
    if not value:
        return None
    if isinstance(value, datetime):
        value = value.strftime("%Y-%m-%d %H:%M:%S")
    return value.replace(" ", "T")[:19] + "Z"


# ---------------------------------------------------------------------- schema
_SCHEMAS = {}


def load_schema(path):
    """The XSD at ``path`` (parsed once per process)."""
    schema = _SCHEMAS.get(path)
    if schema is None:
        schema = _SCHEMAS[path] = etree.XMLSchema(etree.parse(path))
    return schema


def _schema_error(schema):
    error = schema.error_log.last_error
    if error is None:
        return "invalid"
    message = re.sub(r"\{%s\}" % re.escape(NS), "", error.message)
    return "line %s: %s" % (error.line, message) if error.line else message


# ---------------------------------------------------------------------- sentences
def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, qname(tag), {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _text(value):
    """Text of an optional value, or ``None`` when empty."""
    if value is None or value is False or value == "":
        return None
    return str(value)


def _amount(value):
    return "%.2f" % (value or 0.0)


def _opt(parent, tag, value):
    text = _text(value)
    if text is not None:
        _sub(parent, tag, text)


def _file_ref(parent, tag, entry, **attrs):
    return _sub(parent, tag, file=entry.path, sha256=entry.sha256, size=str(entry.size), **attrs)


def sentence(doc):
    """The ``<document>`` element (data sentence) of one document.

    ``doc`` is a plain dict (see the export batch model's ``_export_data``);
    files are ``FileEntry`` of what was already copied into the batch.
    """
    element = etree.Element(qname("document"), nsmap={None: NS})
    element.set("number", doc["number"])
    element.set("type", doc["type"])
    element.set("version", str(doc["version"]))
    element.set("signing", "digital" if doc.get("signed_digitally") else "paper")
    if doc.get("contract_no"):
        element.set("contract", doc["contract_no"])
    if doc.get("conflict"):
        element.set("conflict", "true")
    dates = doc.get("dates") or {}
    _sub(element, "dates", **{key: utc_stamp(value) for key, value in sorted(dates.items()) if value})
    client = doc.get("client")
    if client:
        node = _sub(element, "client")
        _sub(node, "name", client.get("name") or "")
        _opt(node, "email", client.get("email"))
        _opt(node, "mobile", client.get("mobile"))
        address = [client.get(key) for key in ("street", "city", "zip", "country")]
        if any(address):
            place = _sub(node, "address")
            for key, value in zip(("street", "city", "zip", "country"), address):
                _opt(place, key, value)
    advisor = doc.get("advisor") or {}
    node = _sub(element, "advisor")
    _sub(node, "name", advisor.get("name") or "")
    _opt(node, "code", advisor.get("code"))
    _sub(node, "hr", advisor.get("hr") or "")
    _sub(node, "ppz", advisor.get("ppz") or "")
    _opt(node, "email", advisor.get("email"))
    product = doc.get("product") or {}
    node = _sub(element, "product", code=product.get("code") or "", currency=product.get("currency") or "")
    _opt(node, "start", product.get("start"))
    _opt(node, "term_years", product.get("term_years"))
    _opt(node, "payment_frequency", product.get("payment_frequency"))
    for key in ("premium", "sum_insured_death", "sum_insured_disability", "sum_insured_accident"):
        _sub(node, key, _amount(product.get(key)))
    persons = _sub(element, "insured_persons")
    for person in doc.get("insured_persons") or ():
        node = _sub(persons, "person", sequence=str(person.get("sequence") or 0),
                    client="true" if person.get("is_client") else "false")
        _sub(node, "name", person.get("name") or "")
        _opt(node, "birth_date", person.get("birth_date"))
        _opt(node, "birth_number", person.get("birth_number"))
        _sub(node, "risk", person.get("risk") or "")
        _sub(node, "sum_insured", _amount(person.get("sum_insured")))
    answers = _sub(element, "health_answers")
    for item in doc.get("health_answers") or ():
        node = _sub(answers, "item", sequence=str(item.get("sequence") or 0))
        _sub(node, "question", item.get("question") or "")
        _opt(node, "answer", item.get("answer"))
        _opt(node, "note", item.get("note"))
    signatures = doc.get("signatures") or ()
    if signatures:
        node = _sub(element, "signatures", document_sha256=doc.get("document_sha256") or "")
        for signature in signatures:
            sig = _sub(node, "signature", field=signature["field_id"], role=signature.get("role") or "",
                       signed=utc_stamp(signature.get("signed_at")) or "", key=signature.get("key_id") or "",
                       document_sha256=signature.get("document_sha256") or "")
            _sub(sig, "signer", signature.get("signer") or "")
            if signature.get("pad_model") or signature.get("pad_serial"):
                _sub(sig, "pad", model=_text(signature.get("pad_model")), serial=_text(signature.get("pad_serial")))
            _file_ref(sig, "package", signature["package"])
    if doc.get("pdf"):
        _file_ref(element, "pdf", doc["pdf"])
    _opt(element, "note", doc.get("note"))
    return element


# ---------------------------------------------------------------------- writing
class _HashingFile(object):
    """A file object that hashes and counts what is written through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data):  # pylint: disable=method-required-super
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)


def read_chunks(handle):
    """The content of the file object ``handle`` in chunks of ``CHUNK`` bytes
    (never the whole file in memory)."""
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            return
        yield chunk


def copy_stream(source, destination, expect_sha256=None):
    """Copy the file object ``source`` to the path ``destination`` in chunks;
    returns ``(sha256, size)``.  A copy whose SHA-256 differs from
    ``expect_sha256`` is removed and refused."""
    digest = hashlib.sha256()
    size = 0
    with open(destination, "wb") as target:
        for chunk in read_chunks(source):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    sha = digest.hexdigest()
    if expect_sha256 and sha != expect_sha256:
        os.unlink(destination)
        raise ExportFileError("the stored file does not match its recorded SHA-256 (%s, expected %s)"
                              % (sha, expect_sha256))
    return sha, size


class BatchWriter(object):
    """Writes one batch into its temporary directory.

    ``header`` holds the batch's attributes (name, insurer, company, created).
    Use :meth:`add_file` for the documents' files, :meth:`check` for each
    sentence, :meth:`write_xml` with an iterable of what :meth:`check`
    returned (typically a generator that adds the files of each document
    before yielding its checked sentence), then :meth:`finish`.
    """

    def __init__(self, directory, header, schema):
        self.directory = directory
        self.header = dict(header)
        self.schema = schema
        self.files = []
        self.documents = []
        self._dirs = {directory}
        os.makedirs(directory)
        self._probe = etree.Element(qname("batch"), self._header_attrs(), nsmap={None: NS})
        _sub(self._probe, "trailer", documents="1", files="0")

    def _header_attrs(self):
        return {
            "format": FORMAT_VERSION,
            "name": self.header["name"],
            "insurer": self.header["insurer"],
            "company": self.header["company"],
            "created": utc_stamp(self.header["created"]),
        }

    def path(self, relative):
        return os.path.join(self.directory, relative)

    def add_file(self, relative, source_path=None, data=None, expect_sha256=None):
        """Copy a file of a document into the batch (from ``source_path`` or the bytes ``data``)."""
        target = self.path(relative)
        folder = os.path.dirname(target)
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        try:
            if source_path is not None:
                with open(source_path, "rb") as source:
                    sha, size = copy_stream(source, target, expect_sha256)
            else:
                sha = hashlib.sha256(data).hexdigest()
                if expect_sha256 and sha != expect_sha256:
                    raise ExportFileError("the stored file does not match its recorded SHA-256 (%s, expected %s)"
                                          % (sha, expect_sha256))
                with open(target, "wb") as out:
                    out.write(data)
                size = len(data)
        except (IOError, OSError) as error:
            if error.errno == errno.ENOENT and source_path and not os.path.exists(source_path):
                raise ExportFileError("the stored file %s is missing" % os.path.basename(source_path))
            raise
        entry = FileEntry(relative, sha, size)
        self.files.append(entry)
        return entry

    def discard(self, entries):
        """Remove the files of a document whose sentence was refused."""
        for entry in entries:
            with contextlib.suppress(OSError):
                os.unlink(self.path(entry.path))
            if entry in self.files:
                self.files.remove(entry)

    def check(self, element):
        """Validate one sentence against the XSD (inside a one-document
        batch); returns the sentence serialised, ready for :meth:`write_xml`."""
        # serialised first: validating moves the element into the probe, which rewrites its namespaces
        data = etree.tostring(element, encoding="UTF-8")
        self._probe.insert(0, element)
        try:
            valid = self.schema.validate(self._probe)
        finally:
            self._probe.remove(element)
        if not valid:
            raise ExportFormatError(_schema_error(self.schema))
        return element.get("number"), data

    def write_xml(self, sentences):
        """Stream ``batch.xml``: the header, every sentence as it comes, the trailer."""
        root = etree.Element(qname("batch"), self._header_attrs(), nsmap={None: NS})
        root.text = "\n"
        head, tail = etree.tostring(root, encoding="UTF-8", xml_declaration=True).rsplit(b"</batch>", 1)
        with open(self.path(BATCH_XML), "wb", buffering=CHUNK) as raw:
            out = _HashingFile(raw)
            out.write(head)
            for number, data in sentences:
                self.documents.append(number)
                out.write(data)
                out.write(b"\n")
            trailer = etree.Element(qname("trailer"), nsmap={None: NS})
            trailer.set("documents", str(len(self.documents)))
            trailer.set("files", str(len(self.files)))
            out.write(etree.tostring(trailer, encoding="UTF-8"))
            out.write(b"\n</batch>" + tail + b"\n")
        self.files.append(FileEntry(BATCH_XML, out.sha256.hexdigest(), out.size))

    def finish(self):
        """Validate the whole ``batch.xml``, write ``manifest.json``, flush
        everything to disk; returns ``(manifest_sha256, manifest)``."""
        validate_file(self.path(BATCH_XML), self.schema)
        manifest = {
            "format": MANIFEST_FORMAT,
            "batch": self.header["name"],
            "insurer": self.header["insurer"],
            "company": self.header["company"],
            "created": utc_stamp(self.header["created"]),
            "documents": list(self.documents),
            "files": [{"path": e.path, "sha256": e.sha256, "size": e.size}
                      for e in sorted(self.files, key=lambda e: e.path)],
        }
        data = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
        with open(self.path(MANIFEST), "wb") as out:
            out.write(data)
        sync_tree(self.directory, [self.path(e.path) for e in self.files] + [self.path(MANIFEST)],
                  sorted(self._dirs))
        return hashlib.sha256(data).hexdigest(), manifest


def validate_file(path, schema):
    """Validate an XML file against ``schema`` while streaming through it."""
    try:
        for _event, element in etree.iterparse(path, events=("end",), schema=schema, huge_tree=True):
            if element.tag == qname("document"):
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        message = re.sub(r"\{%s\}" % re.escape(NS), "", str(error))
        raise ExportFormatError(message)


# ---------------------------------------------------------------------- durability
_LIBC = None


def _syncfs(fd):
    """``syncfs(2)``: flush every dirty file of the file system at once
    (Linux); False when not available."""
    global _LIBC
    if _LIBC is None:
        name = ctypes.util.find_library("c")
        try:
            _LIBC = ctypes.CDLL(name, use_errno=True) if name else False
        except OSError:
            _LIBC = False
    if not _LIBC or not hasattr(_LIBC, "syncfs"):
        return False
    if _LIBC.syncfs(fd) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return True


def fsync_path(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_tree(directory, files, directories):
    """Make the files and directories durable with as few waits as possible.

    One ``syncfs`` of the file system flushes all of them in one go (the
    files were written without waiting); without it, each file is synced
    once after all were written, then each directory.
    """
    fd = os.open(directory, os.O_RDONLY)
    try:
        if _syncfs(fd):
            return
    finally:
        os.close(fd)
    for path in files:
        fsync_path(path)
    for path in directories:
        fsync_path(path)


def publish(tmp_dir, final_dir):
    """Atomically make the batch visible under its final name."""
    if os.path.exists(final_dir):
        raise OSError(errno.EEXIST, "the batch directory already exists", final_dir)
    os.rename(tmp_dir, final_dir)
    fsync_path(os.path.dirname(final_dir))


def remove_tree(path):
    if os.path.isdir(path):
        shutil.rmtree(path)


def check_writable_dir(path):
    """Create ``path`` if needed and check that files can be written in it;
    raises OSError otherwise."""
    if not path or not os.path.isabs(path):
        raise OSError(errno.EINVAL, "not an absolute path", path)
    os.makedirs(path, exist_ok=True)
    if not os.path.isdir(path):
        raise OSError(errno.ENOTDIR, "not a directory", path)
    handle, probe = tempfile.mkstemp(prefix=".probe-", dir=path)
    os.close(handle)
    os.unlink(probe)


# ---------------------------------------------------------------------- reading back
def read_manifest(directory):
    with open(os.path.join(directory, MANIFEST), "rb") as handle:
        data = handle.read()
    try:
        manifest = json.loads(data.decode("utf-8"))
    except ValueError:
        raise PublishedBatchError("manifest.json is not valid JSON")
    return hashlib.sha256(data).hexdigest(), manifest


def file_sha256(path):
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in read_chunks(handle):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def verify_published(directory, batch_name, created=None):
    """Check a published batch against its manifest (and, with ``created``,
    that it is this very batch, not an older one of the same name); returns
    ``(manifest_sha256, manifest)`` or raises PublishedBatchError."""
    try:
        checksum, manifest = read_manifest(directory)
    except (IOError, OSError) as error:
        raise PublishedBatchError("manifest.json cannot be read: %s" % error)
    if manifest.get("format") != MANIFEST_FORMAT or manifest.get("batch") != batch_name \
            or (created and manifest.get("created") != utc_stamp(created)):
        raise PublishedBatchError("manifest.json does not describe the batch %s" % batch_name)
    listed = set()
    for item in manifest.get("files") or ():
        path = os.path.join(directory, item.get("path") or "")
        listed.add(os.path.normpath(path))
        try:
            sha, size = file_sha256(path)
        except (IOError, OSError):
            raise PublishedBatchError("the file %s listed in the manifest is missing" % item.get("path"))
        if sha != item.get("sha256") or size != item.get("size"):
            raise PublishedBatchError("the file %s does not match its SHA-256 in the manifest" % item.get("path"))
    if os.path.normpath(os.path.join(directory, BATCH_XML)) not in listed:
        raise PublishedBatchError("the manifest does not list batch.xml")
    return checksum, manifest
