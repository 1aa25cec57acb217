"""File, profile and app-config getters on a real desktop's HOME (files written by the tests)."""

import http.server
import json
import threading

from pptx import Presentation
from pptx.util import Inches

from deskpilot.evals import getters
from deskpilot.evals.downloads import FileCache
from deskpilot.evals.metrics import slides


def get(env, **config):
    return getters.get(env, config)


def test_cloud_file_goes_through_the_cache(env, tmp_path):
    (tmp_path / "gold.txt").write_text("gold")
    (tmp_path / "gold-Sheet1.csv").write_text("a,b\n")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env.files = FileCache(tmp_path / "cache")
        base = f"http://127.0.0.1:{server.server_port}"
        path = get(env, type="cloud_file", path=f"{base}/gold.txt", dest="g.txt")
        assert path == str(env.cache_dir / "g.txt") and open(path).read() == "gold"
        both = get(
            env, type="cloud_file", multi=True, path=[f"{base}/gold.txt", f"{base}/gold-Sheet1.csv"],
            dest=["book.xlsx", "book-Sheet1.csv"], gives=[0, 1],
        )  # fmt: skip
        assert [p.rsplit("/", 1)[1] for p in both] == ["book.xlsx", "book-Sheet1.csv"]
    finally:
        server.shutdown()


def test_chrome_profile_getters(env):
    profile = env.home / ".config/google-chrome/Default"
    profile.mkdir(parents=True, exist_ok=True)
    prefs = {
        "profile": {"name": "Thomas", "default_content_setting_values": {"cookies": 4}},
        "enable_do_not_track": True,
        "safebrowsing": {"enhanced": True},
        "webkit": {"webprefs": {"default_font_size": 20}},
        "browser": {"theme": {"color_scheme2": 2}},
        "session": {"restore_on_startup": 5},
        "default_search_provider_data": {"template_url_data": {"short_name": "Bing"}},
        "extensions": {"settings": {"abc": {"path": "/home/user/ext", "manifest": {"name": "Helper"}}}},
    }
    (profile / "Preferences").write_text(json.dumps(prefs))
    assert get(env, type="profile_name") == "Thomas"
    assert get(env, type="enable_do_not_track") == "true"
    assert get(env, type="enable_safe_browsing") == "true"
    assert get(env, type="chrome_font_size")["default_font_size"] == 20
    assert get(env, type="chrome_appearance_mode_ui") == "dark"
    assert get(env, type="new_startup_page") == "true"
    assert get(env, type="data_delete_automacally") == "true"
    assert get(env, type="default_search_engine") == "Bing"
    assert get(env, type="find_unpacked_extension_path") == ["/home/user/ext"]
    assert get(env, type="find_installed_extension_name") == ["Helper"]
    (profile / "Preferences").write_text(json.dumps({"session": {"restore_on_startup": 1}}))
    assert get(env, type="new_startup_page") == "false"
    assert get(env, type="enable_do_not_track") == "false"
    assert get(env, type="chrome_appearance_mode_ui") == "system"
    (profile / "Bookmarks").write_text(json.dumps({"roots": {"bookmark_bar": {"children": []}}}))
    assert get(env, type="bookmarks") == {"bookmark_bar": {"children": []}}
    (env.home / "Desktop" / "mail.desktop").write_text("[Desktop Entry]\nName=Gmail\n")
    assert get(env, type="shortcuts_on_desktop") == {"mail.desktop": "[Desktop Entry]\nName=Gmail\n"}


def test_app_config_getters_and_folders(env):
    vlcrc = env.home / ".config/vlc/vlcrc"
    vlcrc.parent.mkdir(parents=True, exist_ok=True)
    vlcrc.write_text("qt-bgcone=0\n")
    assert open(get(env, type="vlc_config", dest="vlcrc")).read() == "qt-bgcone=0\n"
    assert get(env, type="gimp_config_file", file_name="gimprc", dest="gimprc") is None
    gimprc = env.home / ".config/GIMP/2.10/gimprc"
    gimprc.parent.mkdir(parents=True, exist_ok=True)
    gimprc.write_text("(undo-levels 5)\n")
    assert (
        open(get(env, type="gimp_config_file", file_name="gimprc", dest="gimprc")).read()
        == "(undo-levels 5)\n"
    )
    (env.home / "pics").mkdir()
    (env.home / "pics/a.jpg").write_text("")
    tree = get(env, type="list_directory", path=str(env.home / "pics"))
    assert tree == {"type": "directory", "name": "pics", "children": [{"type": "file", "name": "a.jpg"}]}


def test_media_in_slides(env, tmp_path):
    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(tmp_path / "bg.png")
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    picture = slide.shapes.add_picture(str(tmp_path / "bg.png"), 0, 0, Inches(1), Inches(1))
    deck = env.home / "Desktop/deck.pptx"
    prs.save(deck)
    # A background picture is a blip inside p:bg/p:bgPr; python-pptx cannot write one, so add it by hand.
    import zipfile

    with zipfile.ZipFile(deck) as z:
        members = {n: z.read(n) for n in z.namelist()}
    xml = members["ppt/slides/slide1.xml"].decode()
    rid = picture._element.blipFill.blip.rEmbed
    fill = f'<p:bg><p:bgPr><a:blipFill><a:blip r:embed="{rid}"/></a:blipFill><a:effectLst/></p:bgPr></p:bg>'
    xml = xml.replace("<p:cSld>", "<p:cSld>" + fill, 1)
    with zipfile.ZipFile(deck, "w") as z:
        for name, data in members.items():
            z.writestr(name, xml if name == "ppt/slides/slide1.xml" else data)
    image = get(env, type="background_image_in_slide", ppt_file_path=str(deck), slide_index=0, dest="bg.png")
    assert Image.open(image).size == (8, 8)
    assert get(env, type="audio_in_slide", ppt_file_path=str(deck), slide_index=0, dest="a.wav") is None
    assert slides.compare_pptx_files(str(deck), str(deck)) == 1.0
