"""The browser plans against a scripted browser: a small site of pages with titles and links, an address
bar, and the keys and clicks a plan sends. Fast: no desktop, no Chromium."""

from __future__ import annotations

import pytest
from PIL import Image

from deskpilot.desktop.apps import CATALOG
from deskpilot.local.nlu.schema import Command
from deskpilot.local.plans import PLANS, NeedUser
from deskpilot.perception.a11y import Node
from deskpilot.perception.elements import Element

SITE = "127.0.0.1:8000"
OPTIONS = ("Standard", "Express", "Overnight")  # the order page's drop-down list
# path -> (title, [(link text, path)]); absent paths answer as Python's http.server does
PAGES = {
    "/": ("Fixture Shop", [("About us", "/about.html"), ("Pricing", "/pricing.html"), ("Contact", "/contact.html")]),
    "/about.html": ("About us", []),
    "/pricing.html": ("Pricing", []),
    "/contact.html": ("Contact", []),
    "/links.html": ("Links", [("Pricing", "/pricing.html"), ("About us", "/about.html")]),
    "/subscribe.html": ("Newsletter", []),
    "/login.html": ("Sign in", []),
    "/prefs.html": ("Preferences", []),
    "/downloads.html": ("Downloads", []),
    "/size.html": ("T-shirt", []),
    "/order.html": ("Order", []),
}  # fmt: skip


class Browser:
    """What a plan perceives of a Chromium window, and what its acts do to it."""

    def __init__(self, address: str, site_up: bool = True, combo: str = "", button: str = ""):
        # combo: the value a drop-down list shows (OCR reads it; its accessible name is its label); button: a
        # button on every page but the home page
        self.address, self.site_up, self.combo, self.button = address, site_up, combo, button
        self.typed, self.history, self.acts, self.refuses = "", [], [], ""
        self.boxes: dict[str, bool] = {}  # check boxes on the page: name -> checked
        self.listed = False  # the drop-down list is open
        self.screen = (1280, 800)

    def _page(self) -> tuple[str, list[tuple[str, str]], str]:
        if not self.address or self.address == "about:blank":
            return "", [], ""
        if not self.site_up or self.refuses and self.address.startswith(self.refuses):
            return SITE, [], "This site can\u2019t be reached ERR_CONNECTION_REFUSED"
        path = "/" + self.address.split("/", 1)[1] if "/" in self.address else "/"
        title, links = PAGES.get(path, ("Error response", []))
        return title, links, "Error code: 404 Message: File not found." if path not in PAGES else title

    def windows(self):
        return [{"id": 1, "class": CATALOG["browser"].window_class, "title": "Chromium"}]

    def active_window(self):
        return self.windows()[0]

    def nodes(self):
        title, links, text = self._page()
        out = [Node("entry", "Address and search bar", (100, 40, 900, 60), frozenset(), self.address, "Chromium",
                    "", "frame", 3),
               Node("document web", title, (0, 80, 1280, 800), frozenset(), "", "Chromium", "", "frame", 4)]  # fmt: skip
        out.append(Node("heading", text, (40, 100, 600, 130), frozenset(), "", "Chromium", "", "frame", 5))
        for n, (name, _) in enumerate(links):
            out.append(Node("link", name, (40, 150 + 40 * n, 200, 170 + 40 * n), frozenset(), "", "Chromium",
                            "", "frame", 5))  # fmt: skip
        if self.button and title not in ("", "Fixture Shop", "Error response"):
            out.append(
                Node(
                    "push button",
                    self.button,
                    (40, 450, 200, 480),
                    frozenset(),
                    "",
                    "Chromium",
                    "",
                    "frame",
                    5,
                )
            )
        if self.combo and self.address.endswith("/order.html"):
            out.append(
                Node(
                    "combo box",
                    "Shipping method",
                    (40, 400, 200, 430),
                    frozenset(),
                    "",
                    "Chromium",
                    "",
                    "",
                    5,
                )
            )
            for n, option in enumerate(OPTIONS if self.listed else ()):  # the open list's options
                out.append(
                    Node(
                        "menu item",
                        option,
                        (40, 600 + 30 * n, 200, 625 + 30 * n),
                        frozenset(),
                        "",
                        "Chromium",
                        "",
                        "",
                        6,
                    )
                )
        for n, (name, on) in enumerate(self.boxes.items()):
            states = frozenset({"checked"} if on else set())
            out.append(
                Node(
                    "check box", name, (40, 500 + 40 * n, 60, 520 + 40 * n), states, "", "Chromium", "", "", 5
                )
            )
        return out

    def elements(self, ocr: bool = True):
        listed = self.combo and self.address.endswith("/order.html") and ocr
        shown = [Element((60, 405, 120, 425), self.combo, "", "ocr")] if listed else []  # its value
        return [
            Element(n.box, n.name or n.text, n.role, "a11y", n.states, app="Chromium") for n in self.nodes()
        ] + shown

    def shot(self):
        return Image.new("RGB", self.screen, "white")

    def act(self, act) -> None:
        action = act.input.get("action")
        self.acts.append(act.input)
        if action == "type":
            self.typed = act.input["text"]
        elif action == "key" and act.input["text"] == "Return" and self.typed:
            self.history.append(self.address)
            self.address, self.typed = self.typed.removeprefix("http://"), ""
        elif action == "key" and act.input["text"] == "alt+Left" and self.history:
            self.address = self.history.pop()
        elif action == "left_click":
            x, y = act.input["coordinate"]
            if self.listed:  # a click on an option chooses it and closes the list
                self.combo = next(
                    (o for n, o in enumerate(OPTIONS) if 600 + 30 * n <= y <= 625 + 30 * n), self.combo
                )
            self.listed = 40 <= x <= 200 and 400 <= y <= 430 and not self.listed
            for n, name in enumerate(list(self.boxes)):
                if 40 <= x <= 60 and 500 + 40 * n <= y <= 520 + 40 * n:
                    self.boxes[name] = not self.boxes[name]
            _, links, _ = self._page()
            for n, (_, path) in enumerate(links):
                if 40 <= x <= 200 and 150 + 40 * n <= y <= 170 + 40 * n:
                    self.history.append(self.address)
                    self.address = SITE + path


def run(browser: Browser, cmd: Command) -> str:
    plan = PLANS[cmd.kind](browser, cmd)
    try:
        act = next(plan)
        for _ in range(100):
            browser.act(act)
            act = plan.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the plan did not end")


@pytest.mark.parametrize(
    "start, description, lands",
    [
        ("/", "pricing", "/pricing.html"),  # a link here
        ("/links.html", "the prices", "/pricing.html"),  # a link whose words are the kind's ("Pricing")
        ("/about.html", "contact", "/contact.html"),  # a link on the home page
        ("/", "newsletter", "/subscribe.html"),  # no link: the address such a page usually has
        ("/", "sign in", "/login.html"),
        ("/", "settings", "/prefs.html"),
        ("/about.html", "downloads", "/downloads.html"),  # the description's own word
        ("/pricing.html", "pricing", "/pricing.html"),  # the page shown already
        ("/", "links", "/links.html"),  # not "Contact", whose role (a link) is no meaning of its words
        ("/", "t-shirt", "/size.html"),  # the home page "Fixture Shop" is no product page
    ],
)
def test_a_described_page_is_found_by_its_link_or_its_usual_address(start, description, lands):
    browser = Browser(SITE + start)
    run(browser, Command("click", target=description, op="page", app="browser"))
    assert browser.address == SITE + lands


def test_a_page_named_with_no_site_shown_is_on_this_desktops_site():
    browser = Browser("about:blank")
    run(browser, Command("goto", target="/pricing.html", app="browser"))
    assert browser.address == SITE + "/pricing.html"
    with pytest.raises(NeedUser, match="Which site"):  # unless that site does not answer
        run(Browser("about:blank", site_up=False), Command("goto", target="/pricing.html", app="browser"))


@pytest.mark.parametrize("field, lands", [("search", "/search.html"), ("username", "/login.html")])
def test_a_field_not_on_this_page_is_looked_for_on_the_page_its_kind_has(field, lands):
    browser = Browser(SITE + "/")
    PAGES["/search.html"] = ("Catalog search", [])
    try:
        with pytest.raises(Exception, match=field):  # the scripted page has no field to type into
            run(browser, Command("fill", target=field, text="pens", app="browser"))
    finally:
        del PAGES["/search.html"]
    assert browser.address == SITE + lands


def test_a_button_not_on_this_page_is_looked_for_on_the_page_its_words_describe():
    browser = Browser(SITE + "/", button="Subscribe")
    run(browser, Command("click", target="subscribe", app="browser"))
    assert browser.address == SITE + "/subscribe.html"
    assert browser.acts[-1]["action"] == "left_click" and browser.acts[-1]["coordinate"] == [120, 465]


def test_an_option_the_drop_down_list_already_shows_is_not_clicked():
    # a click would open the list, and the form's button would then only close it
    browser = Browser(SITE + "/order.html", combo="Standard")
    assert "already chosen" in run(browser, Command("click", target="standard", app="browser"))
    assert not [a for a in browser.acts if a["action"].endswith("click")]


def test_a_question_no_page_words_answer_goes_to_the_page_its_kind_has():
    browser = Browser(SITE + "/")
    run(browser, Command("lookup", args=("year", "start", "selling"), app="browser"))
    assert browser.address == SITE + "/about.html"


@pytest.mark.parametrize(
    "cmd, lands",
    [  # the scripted pages hold no such option or check box: the plan then gives up, on that page
        (
            Command("click", target="overnight", app="browser", clause="order it with overnight shipping"),
            "/order.html",
        ),
        (
            Command("toggle", target="dark mode", count=1, app="browser", clause="turn on dark mode"),
            "/prefs.html",
        ),
        (
            Command("toggle", target="sounds", count=1, app="browser", clause="switch the sounds on"),
            "/prefs.html",
        ),
    ],
)
def test_an_option_not_on_this_page_is_looked_for_where_its_clause_says(cmd, lands):
    browser = Browser(SITE + "/about.html")
    with pytest.raises(Exception, match="find"):
        run(browser, cmd)
    assert browser.address == SITE + lands


def test_an_option_of_a_drop_down_list_on_another_page_is_chosen_there():
    browser = Browser(SITE + "/", combo="Standard")
    run(browser, Command("click", target="overnight", app="browser", clause="order with overnight shipping"))
    assert (browser.address, browser.combo) == (SITE + "/order.html", "Overnight")


def test_localhost_with_no_port_that_nothing_answers_is_this_desktops_site():
    browser = Browser("about:blank")
    browser.refuses = "localhost/"  # nothing listens on port 80
    run(browser, Command("goto", target="localhost/pricing.html", app="browser"))
    assert browser.address == SITE + "/pricing.html"


@pytest.mark.parametrize(
    "count, want",
    [(1, {"Dark mode": True, "Newsletter": True}), (0, {"Dark mode": False, "Newsletter": False})],
)
def test_every_check_box_is_set(count, want):
    browser = Browser(SITE + "/prefs.html")
    browser.boxes = {"Dark mode": False, "Newsletter": True}
    run(browser, Command("toggle", target="all", count=count, app="browser"))
    assert browser.boxes == want


def test_a_step_said_to_be_on_the_page_shown_stays_there():
    # it went to the newsletter page; the clause says the page shown ("in these preferences")
    browser = Browser(SITE + "/prefs.html")
    browser.boxes = {"Dark mode": False, "Newsletter": False}
    clause = "sign me up for the newsletter in these preferences"
    # no button is named so: the page's control the clause names (its "Newsletter" check box) is ticked
    run(browser, Command("click", target="subscribe", app="browser", clause=clause))
    assert browser.address == SITE + "/prefs.html" and browser.boxes == {
        "Dark mode": False,
        "Newsletter": True,
    }


class Worded(Browser):
    """Pages with sentences, not only titles (written for this test: a tea shop's pages)."""

    TEXTS = {
        "/about.html": "About us Our family has run this tea shop since 1998.",
        "/pricing.html": "Pricing Small box 5 EUR Large box 12 EUR",
        "/contact.html": "Contact us Name Email Send",
    }

    TOOLBAR = ("New Tab", "Back", "Forward", "Reload", "View site information", "Bookmark this tab", "Extensions",
               "Side panel", "Chromium", "Minimise", "Maximise", "Close")  # fmt: skip

    def _page(self):
        title, links, text = super()._page()
        path = "/" + self.address.split("/", 1)[1] if "/" in self.address else "/"
        return title, links, self.TEXTS.get(path, text)

    def nodes(self):  # the browser's own tabs and buttons, above the page
        bar = [Node("push button", name, (10 + 60 * n, 0, 60 + 60 * n, 30), frozenset(), "", "Chromium", "", "frame", 3)
               for n, name in enumerate(self.TOOLBAR)]  # fmt: skip
        return bar + super().nodes()


def test_a_question_in_words_no_page_uses_goes_to_the_page_closest_in_meaning():
    # no page says "long" or "around", and no kind of page is named: it gave up
    browser = Worded(SITE + "/")
    question = "how old is the business?"  # ~ the about page's sentence, not the toolbar's words
    run(browser, Command("lookup", args=("old", "business"), app="browser", clause=question))
    assert browser.address == SITE + "/about.html"


def test_a_bare_page_name_is_a_page_of_this_desktops_site():
    browser = Browser("about:blank")  # "pricing.html" was opened as the host http://pricing.html
    run(browser, Command("goto", target="pricing.html", app="browser"))
    assert browser.address == SITE + "/pricing.html"


def test_the_address_bar_is_no_form_field():
    # with no page shown, "log in as mo" typed "mo" into the address bar (its only text field) and gave up
    class Blank(Browser):  # an empty tab shows no page nodes (the scripted one shows an empty page)
        def nodes(self):
            return [n for n in super().nodes() if self.address != "about:blank" or n.role == "entry"]

    browser = Blank("about:blank")
    with pytest.raises(Exception, match="username"):  # the scripted login page has no fields
        run(browser, Command("fill", target="username", text="mo", app="browser", clause="log in as mo"))
    assert browser.address == SITE + "/login.html"


def test_a_question_the_page_shown_answers_best_stays_there():
    # the page shown holds "delivery" (half the words), no other page any: it gave up, having gone away
    class Ordering(Worded):
        TEXTS = {**Worded.TEXTS, "/order.html": "Your order Delivery method Standard Express"}

    browser = Ordering(SITE + "/order.html")
    question = "which delivery choices are there?"
    run(browser, Command("lookup", args=("delivery", "choices"), app="browser", clause=question))
    assert browser.address == SITE + "/order.html"


def test_an_ordinal_link_is_on_the_page_shown():
    browser = Browser(SITE + "/")  # "the last link" went to the page of links ("link" names that kind)
    run(browser, Command("click", target="the last link", app="browser"))
    assert browser.address == SITE + "/contact.html"


def test_a_question_goes_to_the_page_clearly_closest_in_meaning():
    # no page is close enough on its own (under 0.3), but one leads the rest: it gave up
    browser = Worded(SITE + "/")
    question = "has it been around long?"
    run(browser, Command("lookup", args=("around", "long"), app="browser", clause=question))
    assert browser.address == SITE + "/about.html"


def test_a_question_about_a_lists_choices_opens_the_list():
    # a closed drop-down list shows only its value: the other choices were not on the screen
    browser = Browser(SITE + "/order.html", combo="Standard")
    run(
        browser,
        Command("lookup", args=("shipping", "options"), app="browser", clause="which shipping options?"),
    )
    assert browser.address == SITE + "/order.html" and browser.listed


def test_a_request_the_words_left_unread_is_settled_by_the_controls_the_page_shows():
    # a check box named by one of its words ("dark"), turned on; a negation turns one off
    browser = Browser(SITE + "/prefs.html")
    browser.boxes = {"Dark mode": False, "Newsletter": True}
    run(browser, Command("guess", app="browser", clause="switch to the dark look"))
    assert browser.boxes == {"Dark mode": True, "Newsletter": True}
    run(browser, Command("guess", app="browser", clause="i dont want the newsletter anymore"))
    assert browser.boxes == {"Dark mode": True, "Newsletter": False}
    # a link named by a slipped word
    browser = Browser(SITE + "/")
    run(browser, Command("guess", app="browser", clause="the prcing one"))
    assert browser.address == SITE + "/pricing.html"
    # a choice of a closed drop-down list: the list opened, the choice clicked
    browser = Browser(SITE + "/order.html", combo="Standard")
    run(browser, Command("guess", app="browser", clause="ship it express"))
    assert browser.combo == "Express"


def test_a_request_that_names_no_control_of_the_page_asks_the_question_it_raised():
    browser = Browser(SITE + "/prefs.html")
    browser.boxes = {"Dark mode": False}
    with pytest.raises(NeedUser, match="What exactly"):
        run(browser, Command("guess", app="browser", clause="change the size", question="What exactly ...?"))
    assert browser.boxes == {"Dark mode": False} and not browser.acts


def test_values_typed_with_no_field_names():
    from deskpilot.local.plans.browser import loose_values

    assert loose_values("marta / hunter22") == ["marta", "hunter22"]
    assert loose_values("Ana Costa; ana@correo.pt") == ["Ana Costa", "ana@correo.pt"]
    assert loose_values("go to the pricing page, please") == []
    assert loose_values("hunter22") == []


def test_a_check_box_named_by_no_label_is_the_pages_only_one_else_a_question():
    # "flip that box on": with two boxes on the page, which one is asked; with one, it is that one
    browser = Browser(SITE + "/prefs.html")
    browser.boxes = {"Dark mode": False, "Newsletter": False}
    with pytest.raises(NeedUser, match="Which option"):
        run(browser, Command("toggle", target="the", count=1, app="browser", clause="flip that box on"))
    assert browser.boxes == {"Dark mode": False, "Newsletter": False} and not browser.acts
    browser.boxes = {"Dark mode": False}
    run(browser, Command("toggle", target="option", count=1, app="browser", clause="switch the option on"))
    assert browser.boxes == {"Dark mode": True}


class PricedBrowser(Browser):
    """The pricing page with its table: a "Tier" column of two entries and a "Cost" column."""

    def nodes(self):
        out = super().nodes()
        if self.address.endswith("/pricing.html"):
            for n, (name, role) in enumerate(
                [("Tier", "column header"), ("Lite", "table cell"), ("Max", "table cell")]
            ):
                out.append(
                    Node(
                        role,
                        name,
                        (40, 300 + 30 * n, 200, 325 + 30 * n),
                        frozenset(),
                        "",
                        "Chromium",
                        "",
                        "",
                        6,
                    )
                )
            for n, name in enumerate(["Cost", "5 EUR", "50 EUR"]):
                role = "column header" if n == 0 else "table cell"
                out.append(
                    Node(
                        role,
                        name,
                        (220, 300 + 30 * n, 400, 325 + 30 * n),
                        frozenset(),
                        "",
                        "Chromium",
                        "",
                        "",
                        6,
                    )
                )
        return out


def test_the_one_thing_asked_after_is_asked_which_when_the_page_lists_several():
    browser = PricedBrowser(SITE + "/pricing.html")
    with pytest.raises(NeedUser, match="Which tier do you mean: Lite or Max"):
        run(browser, Command("lookup", args=("tier",), app="browser", clause="what does the tier cost?"))
    # the words say which one: no question
    browser = PricedBrowser(SITE + "/pricing.html")
    run(
        browser, Command("lookup", args=("max", "tier"), app="browser", clause="what does the max tier cost?")
    )
    # several asked after, in the plural: no question
    browser = PricedBrowser(SITE + "/pricing.html")
    run(browser, Command("lookup", args=("tiers",), app="browser", clause="which tiers are there?"))


def run_task(browser: Browser, commands: list[Command]) -> None:
    """The agent's run of the commands, one after another, against the scripted browser."""
    from deskpilot.local.agent import LocalAgent

    browser.desktop, browser.image = object(), None
    plan = LocalAgent(browser)._run(commands)
    act = next(plan)
    for _ in range(200):
        browser.act(act)
        try:
            act = plan.send(None)
        except StopIteration:
            return
    raise AssertionError("the run did not end")


def test_going_back_to_where_the_task_started_opens_the_address_shown_first():
    browser = Browser(SITE + "/links.html")
    run_task(
        browser,
        [
            Command("click", target="about", op="page", app="browser"),
            Command("goto", op="start", app="browser"),
        ],
    )
    assert browser.address == SITE + "/links.html" and SITE + "/about.html" in browser.history


@pytest.mark.parametrize("backs, lands", [(1, "/pricing.html"), (2, "/about.html")])
def test_going_back_after_steps_returns_to_the_tasks_own_earlier_page(backs, lands):
    """About has no link to Contact: the page is found through the home page, which the browser's history
    holds too; "go back" is the page the task showed before, not the home page."""
    browser = Browser(SITE + "/about.html")
    pages = [Command("click", target=t, op="page", app="browser") for t in ("pricing", "contact")]
    run_task(browser, pages + [Command("key", text="alt+Left", app="browser")] * backs)
    assert browser.address == SITE + lands


def test_a_look_up_says_the_line_of_the_page_that_answers_it():
    """A table's row is one line, left to right; the row with the question's rarest word wins."""
    browser = PricedBrowser(SITE + "/pricing.html")
    done = run(
        browser, Command("lookup", args=("max", "tier"), app="browser", clause="what does the max tier cost?")
    )
    assert done.endswith("the page says 'Max 50 EUR'"), done
