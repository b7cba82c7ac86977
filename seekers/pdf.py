"""A tiny PDF writer for the class list: a table on A4 landscape pages, Helvetica, no dependency.
Enough for a printable list; anything richer would justify a library.

Cells are wrapped onto as many lines as they need, never cut: a row is as tall as its longest cell, and the header
row is repeated on every page."""

PAGE_W, PAGE_H = 842, 595  # A4 landscape in points
MARGIN, LEADING, SIZE, PADDING = 40, 13, 10, 6

# Upper bounds of Helvetica's glyph widths (1/1000 em, from the AFM), grouped, so a wrapped line never runs into the
# next column. Characters not listed are at most 556 (lower case letters, digits, most punctuation).
_NARROW = dict.fromkeys("ijl|.,;:!'", 278) | dict.fromkeys("ftrI -()[]/\\", 333)
_WIDE = dict.fromkeys("mwMW", 944) | dict.fromkeys("@%&", 1015)


def _char_width(ch: str) -> int:
    if ch in _NARROW:
        return _NARROW[ch]
    if ch in _WIDE:
        return _WIDE[ch]
    if ch.isupper():
        return 778
    return 556


def text_width(text: str, size: int = SIZE) -> float:
    return sum(_char_width(ch) for ch in text) * size / 1000


def wrap(text: str, width: float, size: int = SIZE) -> list[str]:
    """Break `text` into lines no wider than `width` points: at spaces, and inside a word only if the word alone is
    wider than the column. Every character is kept."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:  # a word wider than the column: break it
                if line and text_width(line + ch, size) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return lines


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(*, title: str, rows: list[list[str]], widths: list[int]) -> bytes:
    """rows[0] is the header (bold, repeated on each page); widths are column widths in points."""
    header = [wrap(cell, (width - PADDING) / 1.1) for cell, width in zip(rows[0], widths, strict=True)]  # bold is wider
    body = [[wrap(cell, width - PADDING) for cell, width in zip(row, widths, strict=True)] for row in rows[1:]]

    def height(cells) -> int:
        return max(len(lines) for lines in cells) * LEADING + 4

    top = PAGE_H - MARGIN - 2 * LEADING  # below the title
    room = top - MARGIN - height(header)
    pages: list[list] = [[]]
    used = 0
    for cells in body:
        h = height(cells)
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0
        pages[-1].append(cells)
        used += h

    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for number, page_rows in enumerate(pages, start=1):
        ops = [
            b"BT /F2 14 Tf %d %d Td (%s) Tj ET" % (MARGIN, PAGE_H - MARGIN, _escape(f"{title} ({number}/{len(pages)})"))
        ]
        y = top
        for i, cells in enumerate([header, *page_rows]):
            x = MARGIN
            for lines, width in zip(cells, widths, strict=True):
                for n, line in enumerate(lines):
                    if line:
                        ops.append(
                            b"BT /%s %d Tf %d %d Td (%s) Tj ET"
                            % (b"F2" if i == 0 else b"F1", SIZE, x, y - n * LEADING, _escape(line))
                        )
                x += width
            y -= height(cells)
            ops.append(b"0.7 G %d %d m %d %d l S" % (MARGIN, y + LEADING - 3, MARGIN + sum(widths), y + LEADING - 3))
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_obj, PAGE_W, PAGE_H, content, font, bold)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
