"""The web app end to end: real headless Chromium (Playwright) against a real uvicorn server, real desktops.
Screenshots of the page go to tests/web/artifacts/ and are checked."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright
from web_helpers import TOKEN, ConfirmTyping, Scripts, serve, wait_for

from deskpilot.desktop import processes
from deskpilot.desktop.apps import CATALOG
from deskpilot.web.runs import RunManager
from tests.conditions import scaled

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    scripts = Scripts()
    manager = RunManager(
        tmp_path_factory.mktemp("web") / "runs", provider_factory=scripts, guard_class=ConfirmTyping
    )
    with serve(manager, TOKEN) as base:
        yield base, manager, scripts
        scripts.hold.set()
        manager.stop_all()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(app, browser):
    """The page, opened with the token; every request it makes must go to the server."""
    base = app[0]
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    elsewhere, errors = [], []
    page.on("request", lambda r: r.url.startswith((base, "data:", "blob:")) or elsewhere.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/?token={TOKEN}")
    expect(page).to_have_url(f"{base}/")  # the token left the address bar for a cookie
    expect(page.locator("#apps input")).to_have_count(len(CATALOG))  # one box per catalog app
    yield page
    context.close()
    assert not elsewhere, f"the page fetched from elsewhere: {elsewhere}"
    assert not errors, f"script errors: {errors}"


def check_screenshot(page, name: str) -> None:
    """Save the page, and check that it is the full viewport, not blank and not overflowing sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    image = Image.open(path).convert("RGB")
    assert image.size == (1280, 800)
    assert len(image.getcolors(1 << 24)) > 100, f"{name}.png looks blank"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.title() == "deskpilot"


def start_run(page, instruction: str, model: str, apps=(), size: str = "1024x768") -> str:
    page.fill("#model", model)
    page.select_option("#size", size)
    for app in apps:
        page.check(f"#apps input[value='{app}']")
    page.fill("#instruction", instruction)
    page.press("#instruction", "Enter")  # Enter submits
    expect(page.locator("#run-head")).to_be_visible()
    return page.evaluate("view.id")


def until(page, script: str, timeout: float = 30.0, what: str = "the page"):
    """Poll a JS expression (the page's CSP rules out Playwright's wait_for_function)."""
    return wait_for(lambda: page.evaluate(script), timeout, what)


def test_a_local_run_started_from_the_keyboard_finishes_with_its_timeline(page):
    # Keyboard only: Tab reaches the form, every field has a label, Enter starts the run.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the desktop view"
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "instruction":
            break
    assert page.evaluate("document.activeElement.id") == "instruction"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus shows
    page.keyboard.press("Enter")  # nothing to do yet: the server's message is shown
    expect(page.locator("#form-error")).to_have_text("instruction: instruction must not be blank")
    page.keyboard.type("type hello world in the text editor")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "model"
    assert page.input_value("#model") == "local"  # the offline model is the default
    page.keyboard.press("Control+a")
    page.keyboard.type("nope:x")
    page.keyboard.press("Enter")
    expect(page.locator("#form-error")).to_contain_text("model 'nope:x': unknown model spec 'nope:x'")
    page.keyboard.press("Control+a")
    page.keyboard.type("local")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "max-steps"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # terminal, then editor
    page.keyboard.press("Space")
    assert page.is_checked("#apps input[value='editor']")
    page.focus("#instruction")
    page.keyboard.press("Enter")

    expect(page.locator("#run-status")).to_have_text("finished · completed", timeout=90_000)
    typed = page.locator("#timeline .call", has_text="type “hello world”")
    expect(typed).to_have_count(1)
    expect(typed.locator(".err")).to_have_count(0)
    until(
        page, "[...document.querySelectorAll('#timeline img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    assert page.locator("#timeline img").count() >= 1
    expect(page.locator("#chat-log .user")).to_have_text(["type hello world in the text editor"])
    expect(page.locator("#chat-log .agent").last).to_contain_text("hello world")
    expect(page.locator("#runs li").first).to_contain_text("completed · local")
    expect(page.locator("#stop-button")).to_be_hidden()
    check_screenshot(page, "finished-run")


def test_confirmations_are_approved_and_denied_in_a_dialog(page):
    start_run(page, "Type two things that need approval", "script:confirm")
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    expect(page.locator("#confirm-reason")).to_have_text("typing this text needs your approval")
    expect(page.locator("#confirm-action")).to_contain_text('"text": "CONFIRM one"')
    expect(page.locator("#confirm-action")).to_contain_text('"tool": "computer"')
    assert page.evaluate("document.activeElement.id") == "deny-button"  # the safe answer has focus
    check_screenshot(page, "confirmation")
    page.click("#approve-button")

    expect(page.locator("#confirm-action")).to_contain_text('"text": "CONFIRM two"', timeout=30_000)
    page.keyboard.press("Escape")  # closes the dialog; the action keeps waiting
    expect(dialog).to_be_hidden()
    page.click("#pending-button")
    expect(dialog).to_be_visible()
    page.click("#deny-button")

    expect(page.locator("#run-status")).to_have_text("finished · completed", timeout=30_000)
    expect(page.locator("#timeline .call", has_text="CONFIRM one")).to_contain_text("approved by the user")
    denied = page.locator("#timeline .call", has_text="CONFIRM two")
    expect(denied).to_contain_text("denied by the user")
    expect(denied.locator(".err")).to_contain_text("The user did not approve this action")


def test_live_view_take_over_and_stop(page, app):
    _, manager, scripts = app
    run_id = start_run(page, "Wait for a slow model", "script:hold", apps=["terminal"])
    live = manager.live(run_id)
    desktop = wait_for(lambda: live.desktop, what="the desktop")
    until(page, "window.deskpilot.frames > 0", what="a first frame")
    first, started = page.evaluate("window.deskpilot.frames"), time.monotonic()
    time.sleep(2.0)
    fps = (page.evaluate("window.deskpilot.frames") - first) / (time.monotonic() - started)
    assert fps >= 5, f"live view at {fps:.1f} fps"
    assert page.evaluate(
        "[document.getElementById('screen').width, document.getElementById('screen').height]"
    ) == [
        1024,
        768,
    ]
    check_screenshot(page, "live-view")

    # Take over: the click lands where it was made on the scaled-down view.
    page.click("#takeover-button")
    expect(page.locator("#takeover-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#run-status")).to_have_text("running · you have control")
    box = page.locator("#screen").bounding_box()
    assert box["width"] < 1024  # the view is scaled down: the click must be mapped back
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.25)
    wait_for(lambda: _near(desktop.input.pointer(), (307, 192)), what="the pointer at (307, 192)")
    assert page.evaluate("document.activeElement.id") == "screen"
    page.keyboard.type("echo web > web.txt")
    page.keyboard.press("Enter")
    wait_for(lambda: (desktop.home / "web.txt").is_file(), what="the command typed in the browser")
    assert (desktop.home / "web.txt").read_text() == "web\n"
    check_screenshot(page, "take-over")
    page.click("#takeover-button")
    expect(page.locator("#takeover-button")).to_have_attribute("aria-pressed", "false")

    # A follow-up message goes to the agent (it reads it before its next model call).
    page.fill("#chat-input", "Please hurry")
    with page.expect_response(lambda r: r.url.endswith(f"/api/runs/{run_id}/messages")) as sent:
        page.press("#chat-input", "Enter")
    assert sent.value.status == 202
    expect(page.locator("#chat-input")).to_have_value("")

    # The kill switch.
    pgid = desktop.pgid
    page.click("#stop-button")
    clicked = time.monotonic()
    expect(page.locator("#run-status")).to_have_text("finished · stopped", timeout=scaled(2.0) * 1000)
    assert time.monotonic() - clicked < scaled(2.0)
    assert not processes.pid_alive(pgid)
    expect(page.locator("#stop-button")).to_be_hidden()
    expect(page.locator("#chat-input")).to_be_disabled()


def _near(point: tuple[int, int], target: tuple[int, int]) -> bool:
    return abs(point[0] - target[0]) <= 2 and abs(point[1] - target[1]) <= 2


def test_a_past_run_opens_from_the_list_and_replays(page, app):
    base, manager, _ = app
    run_id = manager.start("script:clicks", "An earlier run", ["terminal"], (800, 600), 10).id
    wait_for(lambda: manager.live(run_id) is None, what="the run to end")  # from now on it is read from disk
    page.reload()
    page.click(f"#runs button[data-id='{run_id}']")
    expect(page.locator("#run-status")).to_have_text("recorded · completed")
    expect(page.locator(f"#runs button[data-id='{run_id}']")).to_have_attribute("aria-current", "true")
    until(page, "document.querySelectorAll('#timeline .step').length >= 3", what="the timeline")
    until(
        page, "[...document.querySelectorAll('#timeline img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    srcs = page.eval_on_selector_all("#timeline img", "imgs => imgs.map(i => i.getAttribute('src'))")
    assert srcs and all(s.startswith(f"/api/runs/{run_id}/shots/") for s in srcs)
    expect(page.locator("#screen")).to_be_visible()  # the final screen
    report = page.request.get(base + page.get_attribute("#report-link", "href"))
    assert report.ok and "deskpilot run" in report.text()
    check_screenshot(page, "past-run")

    # The click is drawn where it was made; the image opens large and Escape closes it.
    click = page.locator("#timeline .call", has_text="left click at (200, 150)")
    expect(click.locator("svg circle.mark").first).to_have_attribute("cx", "200")
    expect(click.locator("svg circle.mark").first).to_have_attribute("cy", "150")
    click.locator("button.shot").click()
    expect(page.locator("#image-dialog")).to_be_visible()
    expect(page.locator("#image-dialog svg circle.mark").first).to_have_attribute("cx", "200")
    check_screenshot(page, "timeline-image")
    page.keyboard.press("Escape")
    expect(page.locator("#image-dialog")).to_be_hidden()

    page.click("#replay-button")
    expect(page.locator("#run-title")).to_have_text(f"Replay of {run_id}: An earlier run", timeout=30_000)
    expect(page.locator("#run-status")).to_have_text("finished · completed", timeout=60_000)
    expect(page.locator("#timeline .call", has_text="left click at (200, 150)")).to_have_count(1)


def test_the_page_without_the_token_says_how_to_get_in(app, browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(f"{app[0]}/?token=wrong")
    expect(page.locator("#auth-banner")).to_be_visible()
    expect(page.locator("#auth-banner")).to_contain_text("Open the link that deskpilot serve printed")
    expect(page.locator("#runs li")).to_have_count(0)
    check_screenshot(page, "no-token")
    context.close()
