"""A tiny PDF writer for the class list: text lines on A4 pages, Helvetica, no dependency.
Enough for a printable list; anything richer would justify a library."""

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN, LEADING, SIZE = 50, 16, 10


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(*, title: str, rows: list[list[str]], widths: list[int]) -> bytes:
    """rows[0] is the header (bold); widths are column widths in points."""
    per_page = (PAGE_H - 2 * MARGIN) // LEADING - 2
    body = rows[1:] or [[""]]
    pages = [body[i : i + per_page] for i in range(0, len(body), per_page)]
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
        y = PAGE_H - MARGIN
        ops = [b"BT /F2 14 Tf %d %d Td (%s) Tj ET" % (MARGIN, y, _escape(f"{title} ({number}/{len(pages)})"))]
        y -= 2 * LEADING
        for i, row in enumerate([rows[0], *page_rows]):
            x = MARGIN
            for cell, width in zip(row, widths):
                max_chars = max(width // 5, 3)
                cell = cell if len(cell) <= max_chars else cell[: max_chars - 1] + "…"
                ops.append(
                    b"BT /%s %d Tf %d %d Td (%s) Tj ET" % (b"F2" if i == 0 else b"F1", SIZE, x, y, _escape(cell))
                )
                x += width
            y -= LEADING
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
