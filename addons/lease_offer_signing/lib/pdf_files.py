"""Embedded files of a PDF (the encrypted signature packages travel inside
the signed document).  Works with PyPDF2 < 2, which Odoo 11 uses."""
import hashlib
import io

try:  # PyPDF2 1.28 renamed its classes; 1.26 (Odoo 11's) has only the old names
    from PyPDF2 import PdfReader as PdfFileReader, PdfWriter as PdfFileWriter
except ImportError:  # pragma: no cover
    from PyPDF2 import PdfFileReader, PdfFileWriter
from PyPDF2.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                            createStringObject)


def embed_files(pdf_bytes, files, metadata=None):
    """A copy of ``pdf_bytes`` with ``files`` (``[(name, bytes, description)]``)
    attached as embedded files, and ``metadata`` (``{'/Title': ...}``) set."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    writer = PdfFileWriter()
    _call(writer, "append_pages_from_reader", "appendPagesFromReader")(reader)
    add_object = _call(writer, "_add_object", "_addObject")
    acro_form = writer._root_object.get("/AcroForm")
    if acro_form is not None and "/Fields" not in _resolve(acro_form):
        # PyPDF2 1.28 adds an empty form dictionary; readers expect its field list
        _resolve(acro_form)[NameObject("/Fields")] = ArrayObject()
    names = ArrayObject()
    for name, data, description in sorted(files, key=lambda item: item[0]):
        stream = DecodedStreamObject()
        _call(stream, "set_data", "setData")(data)
        stream.update({
            NameObject("/Type"): NameObject("/EmbeddedFile"),
            NameObject("/Subtype"): NameObject("/application#2Foctet-stream"),
            NameObject("/Params"): DictionaryObject({
                NameObject("/Size"): NumberObject(len(data)),
                NameObject("/CheckSum"): createStringObject(hashlib.md5(data).digest()),
            }),
        })
        filespec = DictionaryObject({
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): createStringObject(name),
            NameObject("/UF"): createStringObject(name),
            NameObject("/Desc"): createStringObject(description or name),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): add_object(stream)}),
        })
        names.extend([createStringObject(name), add_object(filespec)])
    if names:
        writer._root_object.update({
            NameObject("/Names"): DictionaryObject({
                NameObject("/EmbeddedFiles"): DictionaryObject({NameObject("/Names"): names}),
            }),
            NameObject("/PageMode"): NameObject("/UseAttachments"),
        })
    if metadata:
        _call(writer, "add_metadata", "addMetadata")(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded_files(pdf_bytes):
    """``{name: bytes}`` of the files embedded in a PDF."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    root = reader.trailer["/Root"]
    result = {}
    names_dict = root.get("/Names")
    if not names_dict:
        return result
    tree = _resolve(names_dict).get("/EmbeddedFiles")
    if not tree:
        return result
    _collect(_resolve(tree), result)
    return result


def _collect(node, result):
    names = node.get("/Names")
    if names:
        names = _resolve(names)
        for index in range(0, len(names), 2):
            spec = _resolve(names[index + 1])
            stream = _resolve(_resolve(spec["/EF"])["/F"])
            result[str(names[index])] = _call(stream, "get_data", "getData")()
    for kid in node.get("/Kids") or ():
        _collect(_resolve(kid), result)


def page_count(pdf_bytes):
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    pages = getattr(reader, "pages", None)
    return len(pages) if pages is not None else reader.getNumPages()


def _resolve(obj):
    """The object behind an indirect reference."""
    return _call(obj, "get_object", "getObject")()


def _call(obj, name, legacy_name):
    """The method ``name`` of a PyPDF2 object, or its older spelling."""
    return getattr(obj, name, None) or getattr(obj, legacy_name)
