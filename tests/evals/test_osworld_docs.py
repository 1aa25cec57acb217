"""Writer metrics on documents the tests write with python-docx and odfpy."""

from docx import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.shared import Pt, RGBColor

from deskpilot.evals.metrics import METRICS, docs


def make_docx(path, paragraphs, **style):
    doc = Document()
    for text in paragraphs:
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        if style.get("italic14"):
            run.italic, run.font.size = True, Pt(style["italic14"])
        if style.get("strike"):
            run.font.strike = True
        if style.get("font"):
            run.font.name = style["font"]
        if style.get("center"):
            paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
        if style.get("spacing"):
            paragraph.paragraph_format.line_spacing = style["spacing"]
    doc.save(path)
    return str(path)


def test_compare_docx_files(tmp_path):
    a = make_docx(tmp_path / "a.docx", ["Hello  world", "Second"])
    b = make_docx(tmp_path / "b.docx", ["Hello world", "Second"])
    c = make_docx(tmp_path / "c.docx", ["Hello world", "Other"])
    assert docs.compare_docx_files(a, b) == 1.0  # blanks collapse by default
    assert docs.compare_docx_files(a, b, ignore_blanks=False) == 0.0
    assert docs.compare_docx_files(a, c) == 0.0
    assert docs.compare_docx_files(None, b) == 0.0
    d = make_docx(tmp_path / "d.docx", ["Second", "Hello world"])
    assert docs.compare_docx_files(d, b, ignore_order=True, ignore_blanks=False) == 1.0
    assert 0.5 < docs.compare_docx_files(c, b, content_only=True) < 1.0
    e = make_docx(tmp_path / "e.docx", ["HELLO WORLD", "second"])
    assert docs.compare_docx_files(e, b, ignore_case=True) == 1.0
    assert docs.compare_docx_files(e, b) == 0.0
    f = make_docx(tmp_path / "f.docx", ["Hello world", "", "Second"])
    assert docs.compare_docx_files_and_ignore_new_lines(f, b, ignore_blanks=False) == 1.0
    assert docs.compare_docx_files(f, b, ignore_blanks=False) == 0.0


def test_compare_odt_files(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    paths = []
    for name, text in (("a.odt", "Same text"), ("b.odt", "Same text"), ("c.odt", "Changed")):
        doc = OpenDocumentText()
        doc.text.addElement(P(text=text))
        doc.save(str(tmp_path / name))
        paths.append(str(tmp_path / name))
    assert docs.compare_docx_files(paths[0], paths[1]) == 1.0
    assert docs.compare_docx_files(paths[0], paths[2]) == 0.0
    assert docs.compare_docx_files(paths[0], make_docx(tmp_path / "x.docx", ["Same text"])) == 0.0


def test_tables_and_images(tmp_path):
    def table_doc(name, cell):
        doc = Document()
        table = doc.add_table(rows=2, cols=2)
        table.cell(1, 1).text = cell
        doc.save(tmp_path / name)
        return str(tmp_path / name)

    assert docs.compare_docx_tables(table_doc("a.docx", "x"), table_doc("b.docx", " x ")) == 1.0
    assert docs.compare_docx_tables(table_doc("c.docx", "x"), table_doc("d.docx", "y")) == 0.0

    from PIL import Image

    def image_doc(name, color):
        Image.new("RGB", (8, 8), color).save(tmp_path / f"{name}.png")
        doc = Document()
        doc.add_picture(str(tmp_path / f"{name}.png"))
        doc.save(tmp_path / f"{name}.docx")
        return str(tmp_path / f"{name}.docx")

    assert docs.compare_docx_images(image_doc("r1", "red"), image_doc("r2", "red")) == 1.0
    assert docs.compare_docx_images(image_doc("r3", "red"), image_doc("b1", "blue")) == 0.0


def test_formatting_metrics(tmp_path):
    plain = make_docx(tmp_path / "plain.docx", ["Title", "Body"])
    centred = make_docx(tmp_path / "centred.docx", ["Title", "Body"], center=True)
    assert docs.is_first_line_centered(centred) == 1.0
    assert docs.is_first_line_centered(plain) == 0.0
    italic = make_docx(tmp_path / "i14.docx", ["Title", "Body"], italic14=14)
    italic12 = make_docx(tmp_path / "i12.docx", ["Title", "Body"], italic14=12)
    assert docs.check_italic_font_size_14(italic, plain) == 1.0
    assert docs.check_italic_font_size_14(italic12, plain) == 0.0
    struck = make_docx(tmp_path / "s.docx", ["Title", "Body"], strike=True)
    assert docs.evaluate_strike_through_last_paragraph(struck, plain) == 1.0
    assert docs.evaluate_strike_through_last_paragraph(plain, plain) == 0.0
    times = make_docx(tmp_path / "t.docx", ["A", "B"], font="Times New Roman")
    assert docs.compare_font_names(times, {"font_name": "Times New Roman"}) == 1.0
    assert docs.compare_font_names(plain, {"font_name": "Times New Roman"}) == 0.0
    double = make_docx(tmp_path / "d.docx", ["Title", "Body"], spacing=2.0)
    assert (
        docs.compare_line_spacing(double, make_docx(tmp_path / "d2.docx", ["Title", "Body"], spacing=2.0))
        == 1.0
    )
    assert docs.compare_line_spacing(double, plain) == 0.0


def test_page_breaks_footers_and_colours(tmp_path):
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.add_paragraph("one").add_run().add_break(WD_BREAK.PAGE)
    doc.sections[0].footer.paragraphs[0].text = "Page 1"
    doc.save(tmp_path / "b.docx")
    plain = make_docx(tmp_path / "p.docx", ["one"])
    assert docs.contains_page_break(str(tmp_path / "b.docx")) == 1.0
    assert docs.contains_page_break(plain) == 0.0
    assert docs.has_page_numbers_in_footers(str(tmp_path / "b.docx")) == 1.0
    assert docs.has_page_numbers_in_footers(plain) == 0.0

    def coloured(name, vowel_rgb):
        doc = Document()
        cell = doc.add_table(rows=1, cols=1).cell(0, 0)
        paragraph = cell.paragraphs[0]
        for word, rgb in (("apple", vowel_rgb), ("pear", (0, 0, 255))):
            run = paragraph.add_run(word)
            run.font.color.rgb = RGBColor(*rgb)
        doc.save(tmp_path / name)
        return str(tmp_path / name)

    good, bad = coloured("g.docx", (255, 0, 0)), coloured("x.docx", (0, 128, 0))
    assert docs.evaluate_colored_words_in_tables(good, good) == 1.0
    assert docs.evaluate_colored_words_in_tables(bad, bad) == 0.0


def test_references_train_records_and_fuzzy_math(tmp_path):
    a = make_docx(tmp_path / "a.docx", ["Intro", "References", "Smith 2020. Title.", "Doe 2021. Other."])
    b = make_docx(tmp_path / "b.docx", ["Intro", "References", "Smith 2020. Title.", "Doe 2021. Other."])
    c = make_docx(tmp_path / "c.docx", ["Intro", "References", "Smith 2020. Title."])
    assert docs.compare_references(a, b) == 1.0
    assert docs.compare_references(c, b) == 0.0
    initial = make_docx(
        tmp_path / "i.docx", ["06:00:00, T1, S1, 1", "06:05:00, T1, S2, 1", "06:07:00, T2, S1, 2"]
    )
    gold = make_docx(tmp_path / "g.docx", ["06:00:00, T1, S1, 1", "06:07:00, T2, S1, 2"])
    done = make_docx(tmp_path / "d.docx", ["06:00:00, T1, S1, 1", "06:07:00, T2, S1, 2"])
    assert docs.compare_unique_train_records(done, [gold, initial]) == 1.0
    assert docs.compare_unique_train_records(initial, [gold, initial]) == 0.0
    math = make_docx(tmp_path / "m.docx", ["x=2 y=3 z=4"])
    assert docs.fuzzy_place_math(math, {"expected": ["x=2", "y=3", "z=4"]}) == 1.0
    assert docs.fuzzy_place_math(make_docx(tmp_path / "n.docx", ["x=2"]), {"expected": ["x=2"]}) == 0.0


def test_tabstops(tmp_path):
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Inches

    def tabbed(name, position):
        doc = Document()
        paragraph = doc.add_paragraph("Name\tValue")
        paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(position), WD_TAB_ALIGNMENT.RIGHT)
        doc.save(tmp_path / name)
        return str(tmp_path / name)

    assert docs.check_tabstops(tabbed("a.docx", 6), tabbed("b.docx", 6)) == 1.0
    assert docs.check_tabstops(tabbed("c.docx", 3), tabbed("d.docx", 6)) < 1.0
    assert docs.check_tabstops(make_docx(tmp_path / "e.docx", ["Name\tValue"]), tabbed("f.docx", 6)) == 0.0


def test_default_font_from_registry(tmp_path):
    xcu = tmp_path / "registrymodifications.xcu"
    xcu.write_text(
        '<?xml version="1.0"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Office.Writer/DefaultFont"><prop oor:name="Standard" oor:op="fuse">'
        "<value>Times New Roman</value></prop></item></oor:items>"
    )
    assert docs.find_default_font(str(xcu), {"font_name": "Times New Roman"}) == 1.0
    assert docs.find_default_font(str(xcu), {"font_name": "Arial"}) == 0.0
    assert METRICS["find_default_font"] is docs.find_default_font
