"""The insurer's acknowledgement of an export batch (no ORM import).

Format: data/export/acknowledgement.xsd.  :func:`parse` validates a file and
returns its content, or raises :class:`AcknowledgementError` with a message
for the back office; it never returns a partly read file.
"""
import collections
import hashlib
import re

import pytz
from dateutil import parser as date_parser
from lxml import etree

NS = "urn:lease-insurance-suite:offer-acknowledgement:1"
LOCAL_TZ = "Europe/Prague"
MAX_SIZE = 20 * 1024 * 1024

Acknowledgement = collections.namedtuple("Acknowledgement", "batch insurer date documents sha256")
Item = collections.namedtuple("Item", "number status reason")


class AcknowledgementError(ValueError):
    """The file is not an acknowledgement in the agreed format."""


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def _utc_naive(text):
    """An xs:dateTime → naive UTC ``datetime``; without a zone it is Prague time."""
    moment = date_parser.isoparse(text) if hasattr(date_parser, "isoparse") else date_parser.parse(text)
    if moment.tzinfo is None:
        moment = pytz.timezone(LOCAL_TZ).localize(moment, is_dst=False)
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


def parse(content, schema):
    """Validate and read an acknowledgement (``content``: bytes)."""
    if not content:
        raise AcknowledgementError("the file is empty")
    if len(content) > MAX_SIZE:
        raise AcknowledgementError("the file is too large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise AcknowledgementError("the file is not well-formed XML (%s)" % error)
    if not schema.validate(root):
        error = schema.error_log.last_error
        message = re.sub(r"\{%s\}" % re.escape(NS), "", error.message) if error is not None else "invalid"
        raise AcknowledgementError("the file does not match the acknowledgement format (line %s: %s)"
                                   % (getattr(error, "line", "?"), message))
    documents = []
    for node in root.iterfind("{%s}document" % NS):
        reason = node.findtext("{%s}reason" % NS)
        reason = reason.strip() if reason else None
        status = node.get("status")
        if status == "rejected" and not reason:
            raise AcknowledgementError("the rejected document %s has no reason" % node.get("number"))
        documents.append(Item(node.get("number"), status, reason))
    try:
        date = _utc_naive(root.get("date"))
    except (ValueError, OverflowError):
        raise AcknowledgementError("the date %s cannot be read" % root.get("date"))
    return Acknowledgement(root.get("batch"), root.get("insurer"), date, documents, sha256(content))


def build(batch, insurer, date, documents):
    """An acknowledgement file (bytes), as the insurer sends it; used by tests,
    the demo data and the benchmark.  ``documents``: ``[(number, status, reason)]``."""
    root = etree.Element("{%s}acknowledgement" % NS, nsmap={None: NS})
    root.set("format", "1")
    root.set("batch", batch)
    root.set("insurer", insurer)
    root.set("date", date)
    for number, status, reason in documents:
        node = etree.SubElement(root, "{%s}document" % NS, number=number, status=status)
        if reason:
            etree.SubElement(node, "{%s}reason" % NS).text = reason
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
