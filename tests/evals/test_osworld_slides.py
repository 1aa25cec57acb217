"""Impress metrics on presentations the tests write with python-pptx."""

import zipfile

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from deskpilot.evals.metrics import slides


def deck(path, title="Hello", body="World", bold=False, left=1, notes="", background=None, size=None):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(left), Inches(1), Inches(4), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = title
    run.font.bold = bold
    if size:
        run.font.size = Pt(size)
    slide.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1)).text_frame.text = body
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    if background:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor(*background)
    prs.save(path)
    return str(path)


def test_compare_pptx_files(tmp_path):
    base = deck(tmp_path / "a.pptx")
    assert slides.compare_pptx_files(base, deck(tmp_path / "b.pptx")) == 1.0
    assert slides.compare_pptx_files(deck(tmp_path / "c.pptx", body="Other"), base) == 0.0
    moved = deck(tmp_path / "d.pptx", left=2)
    assert slides.compare_pptx_files(moved, base) == 0.0
    assert slides.compare_pptx_files(moved, base, examine_shape=False) == 1.0
    bold = deck(tmp_path / "e.pptx", bold=True)
    assert slides.compare_pptx_files(bold, base) == 0.0
    assert slides.compare_pptx_files(bold, base, examine_font_bold=False) == 1.0
    assert slides.compare_pptx_files(deck(tmp_path / "f.pptx", notes="say hi"), base) == 0.0
    assert slides.compare_pptx_files(deck(tmp_path / "g.pptx", background=(255, 0, 0)), base) == 0.0
    assert slides.compare_pptx_files(deck(tmp_path / "h.pptx", size=30), base) == 0.0
    assert slides.compare_pptx_files(None, base) == 0.0
    (tmp_path / "broken.pptx").write_text("not a zip")
    assert slides.compare_pptx_files(str(tmp_path / "broken.pptx"), base) == 0.0


def test_orientation_transition_and_fill(tmp_path):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(7.5), Inches(10)
    prs.slides.add_slide(prs.slide_layouts[6])
    prs.save(tmp_path / "portrait.pptx")
    assert slides.check_slide_orientation_Portrait(str(tmp_path / "portrait.pptx")) == 1.0
    assert slides.check_slide_orientation_Portrait(deck(tmp_path / "land.pptx")) == 0.0

    red = deck(tmp_path / "red.pptx", background=(255, 0, 0))
    assert slides.evaluate_presentation_fill_to_rgb_distance(red, {"rgb": [255, 0, 0]}) == 1.0
    assert slides.evaluate_presentation_fill_to_rgb_distance(red, {"rgb": [0, 0, 255]}) < 0.5

    plain = deck(tmp_path / "t.pptx")
    with zipfile.ZipFile(plain) as z:
        members = {n: z.read(n) for n in z.namelist()}
    xml = members["ppt/slides/slide1.xml"].decode()
    xml = xml.replace("</p:sld>", "<p:transition><p:dissolve/></p:transition></p:sld>")
    with zipfile.ZipFile(tmp_path / "dissolve.pptx", "w") as z:
        for name, data in members.items():
            z.writestr(name, xml if name == "ppt/slides/slide1.xml" else data)
    rules = {"slide_idx": 0, "transition_type": "dissolve"}
    assert slides.check_transition(str(tmp_path / "dissolve.pptx"), rules) == 1.0
    assert slides.check_transition(plain, rules) == 0.0


def test_image_stretch_and_center(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 10), "green").save(tmp_path / "p.png")

    def with_picture(name, full):
        prs = Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        if full:
            slide.shapes.add_picture(str(tmp_path / "p.png"), 0, 0, prs.slide_width, prs.slide_height)
        else:
            slide.shapes.add_picture(str(tmp_path / "p.png"), Inches(1), Inches(1), Inches(2), Inches(1))
        prs.save(tmp_path / name)
        return str(tmp_path / name)

    original = with_picture("o.pptx", False)
    assert slides.check_image_stretch_and_center(with_picture("s.pptx", True), original) == 1.0
    assert slides.check_image_stretch_and_center(original, original) == 0.0


def test_impress_settings(tmp_path):
    xcu = tmp_path / "registrymodifications.xcu"
    xcu.write_text(
        '<?xml version="1.0"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="AutoSaveTimeIntervall"'
        ' oor:op="fuse"><value>3</value></prop></item>'
        '<item oor:path="/org.openoffice.Office.Impress/Misc/Start"><prop oor:name="EnablePresenterScreen"'
        ' oor:op="fuse"><value>false</value></prop></item></oor:items>'
    )
    assert slides.check_auto_saving_time(str(xcu), {"minutes": 3}) == 1.0
    assert slides.check_auto_saving_time(str(xcu), {"minutes": 10}) == 0.0
    assert slides.check_presenter_console_disable(str(xcu)) == 1.0
    assert slides.check_presenter_console_disable(str(tmp_path / "missing.xcu")) == 0.0


def test_left_panel_from_the_accessibility_tree():
    cp, st = (
        "https://accessibility.ubuntu.example.org/ns/component",
        "https://accessibility.ubuntu.example.org/ns/state",
    )
    shown = (
        f'<desktop-frame xmlns:cp="{cp}" xmlns:st="{st}"><application name="soffice"><frame>'
        '<split-pane cp:parentcoord="(0, 0)" st:visible="true"/></frame></application></desktop-frame>'
    )
    assert slides.check_left_panel(shown) == 1.0
    assert slides.check_left_panel(shown.replace("(0, 0)", "(300, 0)")) == 0.0
