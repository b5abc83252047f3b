"""Embedded files of a PDF (the encrypted signature packages travel inside
the signed document).  Works with PyPDF2 < 2, which Odoo 11 uses."""
import hashlib
import io

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
    if acro_form is not None and "/Fields" not in acro_form.getObject():
        # PyPDF2 1.28 adds an empty form dictionary; readers expect its field list
        acro_form.getObject()[NameObject("/Fields")] = ArrayObject()
    names = ArrayObject()
    for name, data, description in sorted(files, key=lambda item: item[0]):
        stream = DecodedStreamObject()
        stream.setData(data)
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
    tree = names_dict.getObject().get("/EmbeddedFiles")
    if not tree:
        return result
    _collect(tree.getObject(), result)
    return result


def _collect(node, result):
    names = node.get("/Names")
    if names:
        names = names.getObject()
        for index in range(0, len(names), 2):
            spec = names[index + 1].getObject()
            stream = spec["/EF"].getObject()["/F"].getObject()
            result[str(names[index])] = stream.getData()
    for kid in node.get("/Kids") or ():
        _collect(kid.getObject(), result)


def page_count(pdf_bytes):
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    pages = getattr(reader, "pages", None)
    return len(pages) if pages is not None else reader.getNumPages()


def _call(obj, name, legacy_name):
    """The method ``name`` of a PyPDF2 object, or its older spelling."""
    return getattr(obj, name, None) or getattr(obj, legacy_name)
