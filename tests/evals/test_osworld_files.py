"""PDF, text, JSON, archive, SQLite, audio-tag and e-book metrics on files the tests write."""

import json
import sqlite3
import subprocess
import zipfile

import pytest

from deskpilot.evals.metrics import files, pdf


def write_pdf(path, text):
    """A one-page PDF whose text layer is `text` (built by hand: header, objects, xref, trailer)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return str(path)


def test_pdfs(tmp_path):
    a, b = write_pdf(tmp_path / "a.pdf", "Hello PDF world"), write_pdf(tmp_path / "b.pdf", "Hello PDF world")
    c = write_pdf(tmp_path / "c.pdf", "Something else entirely")
    assert pdf.pdf_text(a) == "Hello PDF world"
    assert pdf.compare_pdfs(a, b) == 1.0
    assert pdf.compare_pdfs(c, b) < 0.5
    assert pdf.compare_pdfs([a, c], [b, b]) < 1.0
    assert pdf.compare_pdfs(str(tmp_path / "missing.pdf"), b) == 0.0
    assert pdf.check_pdf_pages(a, {"relation": "eq", "ref_value": 1}) == 1.0
    assert pdf.check_pdf_pages(a, {"relation": "gt", "ref_value": 1}) == 0.0
    assert pdf.compare_pdf_images(a, b) == 1.0
    assert pdf.compare_pdf_images(a, c) == 0.0


def test_line_and_text_metrics(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("CPU %user %idle\n10:00:01 all 1\n10:00:02 all 2\nAverage: 3\n")
    assert files.check_line_number(str(report), {"expected": "2"}) == 1.0
    assert files.check_line_number(str(report), {"expected": "31"}) == 0.0
    assert files.file_contains(str(report), {"expected": ["CPU", "%idle"]}) == 1.0
    assert files.file_contains(str(report), {"expected": ["%steal"]}) == 0.0
    assert files.check_list(str(report), {"expect": [r"^CPU"], "unexpect": ["ERROR"]}) == 1.0
    assert files.check_list(str(report), {"expect": [r"^CPU"], "unexpect": ["Average"]}) == 0.0
    assert files.check_list(str(report), {"expect": ["Orchis"]}) == 0.0
    assert files.check_list(None, {"expect": []}) == 0.0
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("def f():\n    return 1\n")
    b.write_text("def f():\n  return 1")
    assert files.compare_python_pure_text(str(a), str(b)) == 1.0
    b.write_text("def f():\n  return 2")
    assert files.compare_python_pure_text(str(a), str(b)) == 0.0
    got, gold = tmp_path / "got.txt", tmp_path / "gold.txt"
    got.write_text("The answer is 42.0\n")
    gold.write_text("42.0")
    assert files.compare_result_files(str(got), str(gold)) == 1.0
    gold.write_text("43")
    assert files.compare_result_files(str(got), str(gold)) == 0.0
    assert files.compare_config(str(gold), {"expected": "43"}) == 1.0
    assert files.compare_config(str(gold), {"expected": "44"}) == 0.0


def test_csv_records(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,role\nAda,admin\nBob,user\n")
    assert (
        files.check_csv(
            str(path), {"expect": [{"name": "Ada", "role": "admin"}], "unexpect": [{"name": "Eve"}]}
        )
        == 1.0
    )
    assert files.check_csv(str(path), {"expect": [{"name": "Ada", "role": "user"}]}) == 0.0
    assert files.check_csv(str(path), {"unexpect": [{"name": "Bob"}]}) == 0.0


def test_json_metrics(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"editor": {"fontSize": 14}, "files.autoSave": "afterDelay"}))
    rules = {"expect": [{"key": ["editor", "fontSize"], "method": "eq", "ref": 14}]}
    assert files.check_json(str(settings), rules) == 1.0
    assert (
        files.check_json(
            str(settings), {"expect": [{"key": ["editor", "tabSize"], "method": "eq", "ref": 4}]}
        )
        == 0.0
    )
    assert (
        files.check_json(
            str(settings), {"unexpect": [{"key": ["files.autoSave"], "method": "eq", "ref": "afterDelay"}]}
        )
        == 0.0
    )
    yaml_file = tmp_path / "c.yaml"
    yaml_file.write_text("a:\n  b: 3\n")
    assert (
        files.check_json(
            str(yaml_file), {"expect": [{"key": ["a", "b"], "method": "gt", "ref": 2}]}, is_yaml=True
        )
        == 1.0
    )
    keys = tmp_path / "keybindings.json"
    keys.write_text('// comment\n[{"key": "ctrl+j", "command": "editor.action.joinLines"}]')
    assert (
        files.check_json_keybindings(
            str(keys), {"expected": {"key": "ctrl+j", "command": "editor.action.joinLines"}}
        )
        == 1.0
    )
    assert files.check_json_keybindings(str(keys), {"expected": {"key": "ctrl+k", "command": "x"}}) == 0.0
    assert (
        files.is_extension_installed(
            "ms-python.python\n", {"type": "contain", "expected": "ms-python.python"}
        )
        == 1.0
    )
    assert (
        files.is_extension_installed(
            "ms-python.python\n", {"type": "not_contain", "expected": "ms-python.python"}
        )
        == 0.0
    )


def test_sqlite_and_mp3(tmp_path):
    db = tmp_path / "d.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
        connection.execute("INSERT INTO t VALUES (1)")
    assert files.run_sqlite3(str(db), {"sql": "SELECT COUNT(*) = 1 FROM t"}) == 1.0
    assert files.run_sqlite3(str(db), {"sql": "SELECT COUNT(*) = 2 FROM t"}) == 0.0
    mp3 = tmp_path / "song.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-metadata", "title=Morning",
         "-metadata", "artist=Ada", str(mp3)],
        check=True,
    )  # fmt: skip
    rules = {"title": {"method": "eq", "ref": "Morning"}, "artist": {"method": "re", "ref": "^Ad"}}
    assert files.check_mp3_meta(str(mp3), rules) == 1.0
    assert files.check_mp3_meta(str(mp3), {"title": {"method": "eq", "ref": "Evening"}}) == 0.0


def test_archives_html_and_epub(tmp_path):
    def zipped(name, members):
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            for member, text in members.items():
                z.writestr(member, text)
        return str(tmp_path / name)

    a, b = zipped("a.zip", {"x.txt": "one"}), zipped("b.zip", {"x.txt": "one"})
    c = zipped("c.zip", {"x.txt": "two"})
    assert files.compare_zip_files(a, b) == 1.0
    assert files.compare_zip_files(c, b) == 0.0
    assert files.compare_archive(a, b, file_type="text") == 1.0
    assert files.compare_archive(c, b, file_type="text") == 0.0
    assert files.compare_archive(zipped("d.zip", {"y.txt": "one"}), b, file_type="text") == 0.0
    h1, h2 = tmp_path / "a.html", tmp_path / "b.html"
    h1.write_text('<html><body><td sdnum="1033">x</td></body></html>')
    h2.write_text("<html><body><td>x</td></body></html>")
    assert files.compare_htmls(str(h1), str(h2)) == 0.0
    assert files.compare_htmls(str(h1), str(h2), ignore_sdnum=True) == 1.0
    book = {
        "toc.ncx": "<ncx>\n<navPoint/>\n</ncx>",
        "content.opf": "<opf/>",
        "c1.html": "<html><p>Hi</p></html>",
    }
    e1, e2 = zipped("a.epub", book), zipped("b.epub", book)
    assert files.compare_epub(e1, e2) == 1.0
    assert files.compare_epub(zipped("c.epub", {**book, "c1.html": "<html><p>Bye</p></html>"}), e2) < 1.0
    with pytest.raises(Exception, match="file_type 'hologram'"):
        files.compare_archive(a, b, file_type="hologram")
