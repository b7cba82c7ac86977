"""Active content in CV PDFs: companies open these files, so a CV must be a plain document.

Refused: JavaScript, actions that run when the file is opened or a page is shown (/OpenAction with an action,
/AA), /Launch
(starts programs), embedded files, rich media (Flash/3D/video), form submission or import, XFA forms. The
check reads the names in the file's dictionaries, with #xx escapes decoded (/J#61vaScript) and compressed
object streams unpacked (bounded), because that is where these entries hide. Stream contents (page text,
images, fonts) are skipped: their bytes are not dictionary names and would give false alarms.
"""

import re
import zlib

ACTIVE_NAMES = {
    b"JavaScript",
    b"JS",
    b"OpenAction",
    b"AA",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"RichMedia",
    b"SubmitForm",
    b"ImportData",
    b"XFA",
    b"GoToE",
}
# Unpacked object streams may not grow beyond this (a CV is at most 5 MB).
MAX_UNPACKED_BYTES = 32 * 1024 * 1024

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_NAME = re.compile(rb"/([^\x00\t\n\f\r /<>\[\]()%{}]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


_OPEN_WITH_ACTION = re.compile(rb"/OpenAction\s*<<")  # an action written in place (not a destination)


def _names(chunk: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) for raw in _NAME.findall(chunk)}


def _active(chunk: bytes) -> set[bytes]:
    found = _names(chunk) & ACTIVE_NAMES
    # "/OpenAction [3 0 R /Fit]" or "/OpenAction 98 0 R" mostly say where the document opens (LaTeX adds one);
    # an action written in place is refused, and dangerous action types anywhere are refused by their names.
    if b"OpenAction" in found and not _OPEN_WITH_ACTION.search(chunk):
        found.discard(b"OpenAction")
    return found


def active_content(data: bytes) -> set[str]:
    """The active-content names found in a PDF (empty for a plain document). "unchecked" when a compressed
    object stream cannot be unpacked within the bounds (treated as active by the caller)."""
    found: set[bytes] = set()
    budget = MAX_UNPACKED_BYTES
    last = 0
    for match in _STREAM.finditer(data):
        outside = data[last : match.start()]
        found |= _active(outside)
        last = match.end()
        # the stream's own dictionary: the text since the last "obj"
        header = _names(outside[outside.rfind(b"obj") :])
        if b"ObjStm" not in header:
            continue
        if header & {b"ASCIIHexDecode", b"ASCII85Decode", b"LZWDecode", b"RunLengthDecode", b"Crypt"}:
            return {"unchecked"}
        body = match.group(1)
        if b"FlateDecode" in header:
            inflater = zlib.decompressobj()
            try:
                body = inflater.decompress(body, budget)
            except zlib.error:
                return {"unchecked"}
            if inflater.unconsumed_tail:
                return {"unchecked"}
        budget -= len(body)
        found |= _active(body)
    found |= _active(data[last:])
    return {name.decode("latin-1") for name in found}
