"""Image, audio, video and OCR metrics on media the tests make (Pillow, ffmpeg)."""

import subprocess

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

from deskpilot.evals.metrics import images, media


def picture(path, size=(64, 48), mode="RGB", color=(200, 60, 60), shape=True):
    image = Image.new("RGB", size, color)
    if shape:
        draw = ImageDraw.Draw(image)
        draw.rectangle((8, 8, 30, 30), fill=(20, 180, 40))
        draw.ellipse((34, 10, 58, 40), fill=(30, 30, 220))
    if mode == "P":
        image = image.quantize(colors=16)  # an exact palette for these few colours
    image.save(path)
    return str(path)


def test_ssim_metrics(tmp_path):
    a, b = picture(tmp_path / "a.png"), picture(tmp_path / "b.png")
    blank = picture(tmp_path / "blank.png", shape=False)
    assert images.compare_images(a, b) == 1.0
    assert images.compare_images(a, blank) < 0.9
    assert images.compare_images(a, b, reference_base_result=0.5) == 1.0
    assert images.compare_images(a, blank, reference_base_result=0.99) == 0.0
    assert images.check_structure_sim(a, b) == 1.0
    assert images.check_structure_sim(a, blank) == 0.0
    assert images.check_structure_sim_with_threshold(a, b, ssim_threshold=0.9) == 1.0
    assert images.compare_image_list([a], [b]) == 1.0
    assert images.compare_image_list([a], [blank]) == 0.0
    big = Image.open(a).resize((128, 96), Image.Resampling.NEAREST)
    big.save(tmp_path / "big.png")
    assert images.check_structure_sim_resized(str(tmp_path / "big.png"), a) == 1.0
    assert images.check_structure_sim(None, a) == 0.0


def test_adjustment_metrics(tmp_path):
    original = picture(tmp_path / "o.png")
    darker = tmp_path / "dark.png"
    ImageEnhance.Brightness(Image.open(original)).enhance(0.7).save(darker)
    assert images.check_brightness_decrease_and_structure_sim(str(darker), original) == 1.0
    assert images.check_brightness_decrease_and_structure_sim(original, str(darker)) == 0.0
    saturated = tmp_path / "sat.png"
    ImageEnhance.Color(Image.open(original)).enhance(1.2).save(saturated)
    assert images.check_saturation_increase_and_structure_sim(str(saturated), original) == 1.0
    assert images.check_saturation_increase_and_structure_sim(original, original) == 0.0
    contrast = tmp_path / "con.png"
    ImageEnhance.Contrast(Image.open(original)).enhance(1.4).save(contrast)
    assert images.check_contrast_increase_and_structure_sim(str(contrast), original) == 1.0
    assert images.check_contrast_increase_and_structure_sim(original, str(contrast)) == 0.0
    mirrored = tmp_path / "m.png"
    Image.open(original).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(mirrored)
    assert images.check_image_mirror(str(mirrored), original) == 1.0
    assert images.check_image_mirror(original, original) == 0.0
    palette = picture(tmp_path / "p.png", mode="P")
    assert images.check_palette_and_structure_sim(palette, original) == 1.0
    assert images.check_palette_and_structure_sim(original, original) == 0.0


def test_geometry_and_file_metrics(tmp_path):
    image = Image.new("RGB", (100, 100), "white")
    ImageDraw.Draw(image).polygon([(45, 45), (55, 45), (50, 55)], fill="yellow")
    image.save(tmp_path / "tri.png")
    assert images.check_triangle_position(str(tmp_path / "tri.png")) == 1.0
    off = Image.new("RGB", (100, 100), "white")
    ImageDraw.Draw(off).polygon([(5, 5), (15, 5), (10, 15)], fill="yellow")
    off.save(tmp_path / "off.png")
    assert images.check_triangle_position(str(tmp_path / "off.png")) == 0.0
    text = Image.new("RGB", (200, 50), "white")
    ImageDraw.Draw(text).rectangle((2, 10, 40, 30), fill="black")
    text.save(tmp_path / "left.png")
    assert images.check_textbox_on_leftside(str(tmp_path / "left.png")) == 1.0
    assert images.check_textbox_on_leftside(str(tmp_path / "off.png")) == 0.0
    assert images.check_image_size(str(tmp_path / "left.png"), {"width": 200, "height": 50}) == 1.0
    assert images.check_image_size(str(tmp_path / "left.png"), {"height": 60}) == 0.0
    assert images.check_image_file_size(str(tmp_path / "left.png"), {"max_size": 500000}) == 1.0
    assert images.check_image_file_size(str(tmp_path / "left.png"), {"max_size": 10}) == 0.0
    mask = Image.new("RGB", (20, 20), "black")
    ImageDraw.Draw(mask).rectangle((5, 5, 15, 15), fill="white")
    mask.save(tmp_path / "mask.png")
    Image.new("RGB", (20, 20), (10, 200, 10)).save(tmp_path / "green.png")
    assert images.check_green_background(str(tmp_path / "green.png"), str(tmp_path / "mask.png")) == 1.0
    assert images.check_green_background(str(tmp_path / "off.png"), str(tmp_path / "mask.png")) == 0.0


def test_gimp_config_status(tmp_path):
    gimprc = tmp_path / "gimprc"
    gimprc.write_text(
        '# GIMP gimprc\n(theme "Light")\n(default-image\n(show-menubar no)\n(undo-levels 100)\n'
    )
    assert images.check_config_status(str(gimprc), {"key": "undo-levels", "value": "100"}) == 1.0
    assert images.check_config_status(str(gimprc), {"key": "undo-levels", "value": "5"}) == 0.0
    assert images.check_config_status(str(gimprc), {"key": ["theme"], "value": '"Light"'}) == 1.0
    assert images.check_config_status(None, {"key": "x", "value": "y"}) == 0.0


def tone(path, frequency, seconds=1.0):
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}", str(path)],
        check=True,
    )  # fmt: skip
    return str(path)


def test_audio_and_video(tmp_path):
    a, b, c = tone(tmp_path / "a.wav", 440), tone(tmp_path / "b.wav", 440), tone(tmp_path / "c.wav", 3000)
    same, other = media.compare_audios(a, b), media.compare_audios(a, c)
    assert same == 1.0  # identical clips align at distance 0
    assert other < same
    assert media.compare_audios(None, b) == 0.0
    assert media.mfcc(np.zeros(22050, dtype=np.float32)).shape[0] == media.N_MFCC

    def clip(name, source):
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                source,
                "-frames:v",
                "10",
                str(tmp_path / name),
            ],
            check=True,
        )
        return str(tmp_path / name)

    v1, v2 = clip("v1.mp4", "testsrc=size=64x48:rate=5"), clip("v2.mp4", "testsrc=size=64x48:rate=5")
    v3 = clip("v3.mp4", "mandelbrot=size=64x48:rate=5")
    assert media.compare_videos(v1, v2) == 1.0
    assert media.compare_videos(v1, v3) == 0.0


def test_ocr_and_python_test_suite(tmp_path):
    image = Image.new("RGB", (420, 80), "white")
    from PIL import ImageFont

    font = ImageFont.load_default(size=36)
    ImageDraw.Draw(image).text((10, 15), "Hello Deskpilot", fill="black", font=font)
    image.save(tmp_path / "t.png")
    assert media.compare_image_text(str(tmp_path / "t.png"), {"type": "text", "text": "Hello"}) == 1.0
    assert media.compare_image_text(str(tmp_path / "t.png"), {"type": "text", "text": "Goodbye"}) == 0.0
    (tmp_path / "solution.py").write_text("def add(a, b):\n    return a + b\n")
    test = tmp_path / "test_suite.py"
    test.write_text("from solution import add\ndef test():\n    return add(2, 2) == 4\n")
    assert media.check_python_file_by_test_suite(None, str(test)) == 1.0
    (tmp_path / "solution.py").write_text("def add(a, b):\n    return a - b\n")
    assert media.check_python_file_by_test_suite(None, str(test)) == 0.0
