"""Browser requests worded as people word them (written for these tests, none from a paraphrase set): pages
described rather than named, sites named loosely, facts to find, forms filled in loose words."""

from __future__ import annotations

import pytest

from deskpilot.local.nlu import understand
from deskpilot.local.nlu.web import page_kinds, page_request


def reading(instruction: str, open_app: str = "browser") -> list[tuple]:
    parsed = understand(instruction, open_app=open_app)
    assert not parsed.question, parsed.question
    return [(c.kind, c.target, c.text, c.op, tuple(c.args)) for c in parsed.commands]


@pytest.mark.parametrize(
    "instruction, page",
    [
        ("get me to the login screen", "login"),  # was a scroll
        ("open the sign in page", "sign in"),  # was a click on "open the sign"
        ("where can I sign up for their newsletter?", "sign up for their newsletter"),
        ("I'd like to change my settings on this site", "change my settings"),  # was a question
        ("visit the local test site's pricing page", "pricing"),  # was a question
        ("show me the downloads", "downloads"),
        ("follow the link to the prices", "prices"),
        ("how do I contact them? open that page", "contact them"),
        ("open pricing from here please", "pricing"),
    ],
)
def test_a_page_described_is_a_page_to_find(instruction, page):
    assert reading(instruction) == [("click", page, "", "page", ())]


def test_a_page_request_that_names_no_page_asks_which():
    assert "Which page" in understand("open the page", open_app="browser").question


def test_a_remark_after_a_page_request_asks_nothing():
    commands = reading("I want to give the shop some feedback, where do I do that")
    assert [(c[0], c[3]) for c in commands] == [("click", "page")]
    assert "feedback" in page_kinds(commands[0][1])


def test_the_site_named_loosely():
    # a clause that only says where is no request of its own
    assert reading("on the local site, open the contact page") == [("click", "contact", "", "page", ())]
    # with no browser open, the site's home page and pages after an address are still web pages
    assert reading("could you bring up the local site's home page", "") == [("goto", "/", "", "", ())]
    assert [c[0] for c in reading("go to 127.0.0.1:8000 and open the about us page", "")] == ["goto", "click"]


def test_facts_to_find_and_things_to_search_for():
    assert reading("find the discount code for today") == [
        ("lookup", "", "", "", ("discount", "code", "today"))
    ]
    assert reading("find a lamp in the catalog")[0][:3] == ("fill", "search", "lamp")
    assert reading("search for desk lamp please")[0][:3] == ("fill", "search", "desk lamp")  # not just "desk"
    assert reading("do you have any kettles? check the catalog")[0][:3] == ("fill", "search", "kettles")


def test_forms_filled_in_loose_words_are_sent():
    assert reading("put Ana in the name box, ana@ex.com in email and hit send") == [
        ("fill", "name", "Ana", "", ()), ("fill", "email", "ana@ex.com", "", ()), ("submit", "", "", "", ())]  # fmt: skip
    assert [c[0] for c in reading("user is dave, password is qwerty1, log in")] == ["fill", "fill", "submit"]
    assert [c[0] for c in reading("contact the shop with name Kim and email kim@k.org")] == [
        "fill",
        "fill",
        "submit",
    ]
    assert reading("use the contact page to send name Lou and email lou@l.net")[0] == (
        "click",
        "contact",
        "",
        "page",
        (),
    )
    sent = reading(
        "in chromium open http://127.0.0.1:8000/feedback.html and leave the feedback 'fast delivery'", ""
    )
    assert [c[:3] for c in sent] == [("goto", "http://127.0.0.1:8000/feedback.html", ""), ("fill", "feedback", "fast delivery"),
                                     ("submit", "", "")]  # fmt: skip
    assert [c[0] for c in reading("leave feedback saying 'too slow' and submit")] == [
        "fill",
        "submit",
    ]  # sent once


def test_more_loose_web_wordings():
    # an address typed into the address bar is that address (was typed into the editor)
    assert reading("type localhost:8000 into the address bar and press enter", "") == [
        ("goto", "localhost:8000", "", "", ())]  # fmt: skip
    # a question in six words (was read as "go back")
    assert reading("how much would the basic plan set me back each month?")[0][0] == "lookup"
    # "login form: user frank": the form's name is no value
    assert [c[1:3] for c in reading("fill the login form: user frank, pass abc123")][:2] == [
        ("username", "frank"), ("password", "abc123")]  # fmt: skip
    assert [c[1:3] for c in reading("message the shop: name Zoe, email zoe@z.io")][:2] == [
        ("name", "Zoe"), ("email", "zoe@z.io")]  # fmt: skip
    # "... and search": the search is run
    assert reading("type hello into the search box and search")[-1][:3] == ("key", "", "Return")
    # the page where the answer is, named
    assert reading("check the about page for the year they started") == [("click", "about", "", "page", ())]


def test_with_no_browser_open_the_site_and_addresses_are_still_web_work():
    assert reading("open the website", "") == [("goto", "/", "", "", ())]  # was a question
    assert reading("launch chromium and show me localhost:8000/contact.html", "") == [
        ("goto", "localhost:8000/contact.html", "", "", ())
    ]  # fmt: skip  (only the browser was opened)
    assert reading("visit localhost port 8000", "") == [("goto", "localhost:8000", "", "", ())]
    assert reading("on the test site, what's the discount code?", "") == [
        ("lookup", "", "", "", ("discount", "code"))
    ]
    clicked = understand("subscribe me to the mailing list on the local site").commands
    assert [(c.kind, c.app) for c in clicked] == [("click", "browser")]  # the plan looks for its page


def test_links_and_pages_named_in_more_ways():
    assert reading("click the link that says About us", "browser") == [("click", "About us", "", "page", ())]
    assert reading("open the 'about us' page") == [("click", "about us", "", "page", ())]
    assert reading("head to the shop's homepage and then to Contact") == [
        ("goto", "/", "", "", ()), ("click", "Contact", "", "page", ())]  # fmt: skip
    # a second question about what the page found shows asks nothing
    assert reading("could you check whether there is a Pro plan and what it costs") == [
        ("lookup", "", "", "", ("pro", "plan"))]  # fmt: skip


@pytest.mark.parametrize(
    "instruction",
    [
        "log in using alice / hunter2",
        "enter alice for the username and hunter2 for the password and log in",
    ],
)
def test_sign_in_wordings_name_both_values(instruction):
    assert [c[:3] for c in reading(instruction, "browser")] == [
        ("fill", "username", "alice"), ("fill", "password", "hunter2"), ("submit", "", "")]  # fmt: skip


def test_more_form_and_search_wordings():
    assert [c[:3] for c in reading("fill the name field with Jo and the email field with jo@x.io, then submit")] == [
        ("fill", "name", "Jo"), ("fill", "email", "jo@x.io"), ("submit", "", "")]  # fmt: skip
    assert [c[:3] for c in reading("my name's Jo, email jo@x.io - send the contact form")][-1] == (
        "submit",
        "",
        "",
    )
    assert [c[:3] for c in reading("send 'hello there' through the feedback form")] == [
        ("fill", "feedback", "hello there"), ("submit", "", "")]  # fmt: skip
    assert reading("look up garden hoses")[0][:3] == ("fill", "search", "garden hoses")
    assert reading("find me a garden hose in the catalog")[0][:3] == ("fill", "search", "garden hose")
    for said in ("join the newsletter", "I'd like to subscribe to the newsletter"):
        assert reading(said) == [("click", "subscribe", "", "", ())], said


@pytest.mark.parametrize(
    "instruction, want",
    [
        # one request per sentence; the second only points back at the first
        ("Do they sell lanterns? Look them up.", [("fill", "search", "lanterns"), ("key", "", "Return")]),
        ("do they stock candles? look them up", [("fill", "search", "candles"), ("key", "", "Return")]),
        (
            "Do they have rain boots? Search for them.",
            [("fill", "search", "rain boots"), ("key", "", "Return")],
        ),
        ("is there any promo going on right now? show it to me", [("lookup", "", "")]),
        ("Is there a sale on at the moment? Show it to me.", [("lookup", "", "")]),
        (
            "Log in please. user: mo pass: k9k9",
            [("fill", "username", "mo"), ("fill", "password", "k9k9"), ("submit", "", "")],
        ),
        # values with no field names: an address is the email, capitalised words before it the name
        (
            "now go to the contact form and send it for Ida Berg, ida@berg.se",
            [
                ("click", "contact", ""),
                ("fill", "email", "ida@berg.se"),
                ("fill", "name", "Ida Berg"),
                ("submit", "", ""),
            ],
        ),
        (
            "I'd like to reach the store. Could you send them my name, Ada Lee, and my email ada@lee.dev?",
            [
                ("click", "reach the store", ""),
                ("fill", "name", "Ada Lee"),
                ("fill", "email", "ada@lee.dev"),
                ("submit", "", ""),
            ],
        ),
        (
            "head to contact and send it with name Ivo Pinto, email ivo@p.net thanks",
            [
                ("click", "contact", ""),
                ("fill", "name", "Ivo Pinto"),
                ("fill", "email", "ivo@p.net"),
                ("submit", "", ""),
            ],
        ),
        # a message that names a page is sent, not followed
        (
            "could you inform them that the contact page has a broken button",
            [("fill", "message", "the contact page has a broken button"), ("submit", "", "")],
        ),
        ("check all the boxes and save", [("toggle", "all", ""), ("submit", "", "")]),
        ("I need a small. put it in my basket", [("click", "small", ""), ("click", "add to cart", "")]),
        ("small for me please", [("click", "small", "")]),
        (
            "change the size to small and put it in the basket",
            [("click", "small", ""), ("click", "add to cart", "")],
        ),
        (
            "express costs too much, let's go with the cheaper standard one. place it",
            [("click", "standard", ""), ("submit", "", "")],
        ),
        (
            "order it with express shipping, I need it before Friday",
            [("click", "express", ""), ("submit", "", "")],
        ),
        ("It would be nice if you could sign me up for this newsletter.", [("click", "subscribe", "")]),
        ("oh never mind the order, take me to the pricing page instead", [("click", "pricing", "")]),
        ("shop search: desk fan", [("fill", "search", "desk fan"), ("key", "", "Return")]),
        ("find me a picnic blanket", [("fill", "search", "picnic blanket"), ("key", "", "Return")]),
        (
            "I'm looking for a travel mug, please search for that",
            [("fill", "search", "travel mug"), ("key", "", "Return")],
        ),
        ("after that, write: great service", [("fill", "message", "great service"), ("submit", "", "")]),
        (
            "what does the basic plan cost? I think it's under Pricing",
            [("lookup", "", ""), ("click", "Pricing", "")],
        ),
    ],
)
def test_web_requests_in_more_everyday_shapes(instruction, want):
    assert [c[:3] for c in reading(instruction)] == want


@pytest.mark.parametrize(
    "instruction",
    [
        "search for the stuff we discussed earlier",
        "post a review for the shop",
        "buy the shirt in my regular size",
    ],
)
def test_web_requests_that_leave_out_what_they_need_ask(instruction):
    assert understand(instruction, open_app="browser").question


def test_orders_and_the_cart_in_loose_words():
    assert reading("I'd like overnight delivery, go ahead and order") == [
        ("click", "overnight", "", "", ()), ("submit", "", "", "", ())]  # fmt: skip
    assert reading("complete the order with express") == [
        ("click", "express", "", "", ()),
        ("submit", "", "", "", ()),
    ]
    assert reading("I'd like to buy a medium t-shirt") == [
        ("click", "medium", "", "", ()), ("click", "add to cart", "", "", ())]  # fmt: skip


def test_a_forms_values_in_parentheses_and_a_wish_to_write_to_the_shop():
    # the values were dropped as an aside, and the form asked which value goes where
    assert [c[:3] for c in reading("complete this form with my details (name Ola Nordmann, email ola@nord.no) and send it off")] == [
        ("fill", "name", "Ola Nordmann"), ("fill", "email", "ola@nord.no"), ("submit", "", "")]  # fmt: skip
    commands = reading(
        "i wanna write to the shop, find their contact form and send my name Eli Roth with eli@roth.org"
    )
    assert [c[0] for c in commands] == ["click", "click", "fill", "fill", "submit"]  # was a question
    assert "contact" in page_kinds(commands[0][1])


def test_wishes_for_options_and_contact_stories():
    assert reading("I just want dark mode, no newsletter. then save") == [
        ("toggle", "dark mode", "", "", ()), ("toggle", "newsletter", "", "", ()), ("submit", "", "", "", ())]  # fmt: skip
    # options set are kept: the form is saved after them (nlu5b)
    wished = understand("I just want dark mode, no newsletter", "browser").commands
    assert [(c.kind, c.count) for c in wished] == [("toggle", 1), ("toggle", 0), ("submit", 1)]
    # a story of what the form needs, then the values: the contact page, its fields, and the form sent
    told = reading(
        "I'm trying to contact the team. The form there needs a name and an email: use Bo Kim and bo@kim.io"
    )
    assert [c[:2] for c in told][1:] == [("fill", "email"), ("fill", "name"), ("submit", "")]
    assert "contact" in page_kinds(told[0][1])
    wish = reading(
        "I want to get in touch with them. Can you send them my name, Bo Kim, and my email bo@kim.io?"
    )
    assert [c[0] for c in wish] == ["click", "fill", "fill", "submit"]  # was a new file to name
    assert reading("could u tell them the about page has a typo")[0][:3] == (
        "fill",
        "message",
        "the about page has a typo",
    )
    assert understand("search for what we discussed on monday", "browser").question


@pytest.mark.parametrize(
    "instruction, want",
    [
        # the address cut off as a clause of its own is the value of the step before (asked which option)
        ("head to the contact page and send it as Uma Rao, uma@rao.in", ["click", "fill", "fill", "submit"]),
        # "alright," before the request (the whole clause was clicked as a link's words)
        (
            "alright, head to the contact form and send it for Tom Berg, tom@berg.no",
            ["click", "fill", "fill", "submit"],
        ),
        # what a form wants, told before the values, is no request (it submitted the form)
        ("Their order form wants a size; pick large", ["click"]),
    ],
)
def test_clauses_cut_loose_from_their_request(instruction, want):
    commands = reading(instruction)
    assert [c[0] for c in commands] == want
    assert commands[0][3] == "page" or want == ["click"]


def test_the_form_on_the_page_shown_is_filled_there():
    # "the form on the open web page" named no other page (it looked for a page called "form on the open web")
    commands = reading(
        "Fill in the form on this web page with the name 'Ada' and the email 'ada@x.org', then send it."
    )
    assert [c[0] for c in commands][:2] == ["fill", "fill"]
    assert reading("use the contact page to send name Lou and email lou@l.net")[0][:2] == ("click", "contact")


def test_two_things_compared_are_one_question():
    # was: close the app, then submit a form
    assert reading("could you compare the basic and pro plans") == [
        ("lookup", "", "", "", ("basic", "pro", "plans"))
    ]


@pytest.mark.parametrize(
    "instruction, keys",
    [
        ("press the back button", ["alt+Left"]),  # was a click on "the back button"
        ("scroll all the way to the top of the page", ["Home"]),  # was a page called "top of the"
        ("jump to the bottom", ["End"]),
        ("put the zoom back to 100%", ["ctrl+0"]),  # was: back one page
        ("reset the zoom please", ["ctrl+0"]),  # was a clear
        ("show me the page source", ["ctrl+u"]),
        ("open my browsing history", ["ctrl+h"]),
        ("go full screen", ["F11"]),
        ("reload it ignoring the cache", ["ctrl+shift+r"]),
        ("copy the url of this page", ["ctrl+l", "ctrl+c", "Escape"]),
    ],
)
def test_the_browsers_own_controls(instruction, keys):
    assert [(c[0], c[2]) for c in reading(instruction)] == [("key", k) for k in keys]


def test_home_and_the_site_by_its_name():
    assert reading("take me back home") == [("goto", "/", "", "", ())]  # was the keys "take+me+Home"
    assert reading("go home, then open Pricing")[0] == ("goto", "/", "", "", ())
    assert reading("pull up the demo store", "") == [("goto", "/", "", "", ())]  # was: which file?
    assert reading("load the shop", "browser") == [("goto", "/", "", "", ())]


def test_tabs_words_and_addresses_are_no_pages():
    assert [c[0] for c in reading("open another tab and go to 127.0.0.1:8000/links.html")] == ["key", "goto"]
    assert reading("find the phrase 'free delivery' on this page")[0][:3] == ("key", "", "ctrl+f")
    assert reading("type in the address 127.0.0.1:8000/about.html")[0][:2] == (
        "goto",
        "127.0.0.1:8000/about.html",
    )


@pytest.mark.parametrize(
    "instruction, user, secret",
    [
        ("please sign in, I'm lotte and the pw is Tulpen#3", "lotte", "Tulpen#3"),  # was: what to search for
        ("sign in with the account quill (password: ink-pot7)", "quill", "ink-pot7"),  # was a click
        ("credentials are rhea / m00nrise, log in", "rhea", "m00nrise"),
        ("could you log me in? it's rhea and m00nrise", "rhea", "m00nrise"),
    ],
)
def test_a_sign_in_said_loosely(instruction, user, secret):
    assert reading(instruction) == [
        ("fill", "username", user, "", ()),
        ("fill", "password", secret, "", ()),
        ("submit", "", "", "", ()),
    ]


def test_a_form_read_whole_keeps_the_page_opened_before_it():
    # the address was dropped with the steps misread: from a blank tab the name went into the address bar
    commands = reading("visit 127.0.0.1:8000/contact.html, then send it as Ulla Berg (ulla@berg.fi)")
    assert [c[0] for c in commands] == ["goto", "fill", "fill", "submit"]


def test_a_question_that_points_at_a_thing_named_before_it():
    # was a check box "voucher" ticked, then a look-up of "one"
    assert reading("I'd like a gift voucher for my sister, where do I get one?") == [
        ("lookup", "", "", "", ("gift", "voucher"))
    ]


def test_numbered_steps_and_links_opened_in_a_new_tab():
    commands = reading("1) open the links page 2) reload it 3) go back")  # was one click on all of it
    assert [c[0] for c in commands] == ["click", "key", "key"]
    # a new tab shown, not left in the background (Ctrl+click)
    assert reading("open the About us link in a new tab")[0][2] == "ctrl+shift"


def test_a_contact_form_said_loosely():
    # was a check box called "Berg"
    assert reading(
        "This is Tove Berg, my address is tove@berg.se. Please pass that on through the contact form"
    ) == [
        ("fill", "name", "Tove Berg", "", ()),
        ("fill", "email", "tove@berg.se", "", ()),
        ("submit", "", "", "", ()),
    ]
    # an address in the request is no sign-in value ("login" in login.html)
    assert reading("go to /login.html and sign in as mo with password k9k9")[0][0] == "goto"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("post a note saying 'loved it' and send it", ["fill", "submit"]),  # Return only adds a line there
        ("I'm in a hurry. go with overnight and order", ["click", "submit"]),  # the hurry sent the form
        ("order one via express shipping", ["click", "submit"]),  # was a sort of lines
        ("add us to the e-mail list", ["click"]),
        ("save these settings as they are", ["submit"]),  # was: which file name?
        # a setting not saved is lost; the page it is on is opened first (the box alone was looked for on the page
        # its own words name: "newsletter" is the newsletter page)
        ("switch dark mode on in the preferences", ["click", "toggle", "submit"]),
        ("check whether they sell rain boots", ["fill", "key"]),  # the search, not a lookup
        ("I'd like to complain that the lid was cracked", ["fill", "submit"]),
        ("go for the overnight option", ["click"]),  # was the browser's forward button
        ("choose the small one and pop it in the bag", ["click", "click"]),  # "pop it in the bag" asked
        ("comment - the photos load slowly", ["fill", "submit"]),  # was an edit: lower case
        ("please register me for the mailing list", ["click"]),  # a button "register" (it says Subscribe)
        ("I don't want the newsletter any more, untick it", ["toggle", "submit"]),  # which option? asked
    ],
)
def test_forms_sent_and_options_kept(instruction, want):
    assert [c[0] for c in reading(instruction)] == want


@pytest.mark.parametrize(
    "instruction, page",
    [
        ("signup page pls", "signup"),  # no verb: it asked what to do
        ("the spot where I can rate my order", "rate my order"),
        ("preferences", "preferences"),
        ("grab the shop's downloads for me", "downloads"),
    ],
)
def test_a_page_named_with_no_verb_or_a_loose_one(instruction, page):
    assert reading(instruction) == [("click", page, "", "page", ())]


@pytest.mark.parametrize(
    "instruction",
    [
        "put my size in the basket",  # it clicked the cart button with the size shown
        "pass on my contact details to them",  # it sent the empty form
        "look up the stuff I mentioned earlier",  # it searched for those words
        "select a delivery option and check out",  # it clicked "a"
        "post the review I wrote yesterday",
    ],
)
def test_a_value_pointed_at_but_never_said_is_asked_for(instruction):
    assert "Which one do you mean" in understand(instruction, "browser").question


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "small, then place the order",
            [("click", "small"), ("click", "place order")],
        ),  # "small" alone asked
        (
            "the small one, pop it in the basket",
            [("click", "small"), ("click", "add to cart")],
        ),  # a line to add
        ("express delivery, then confirm", [("click", "express"), ("submit", "")]),  # asked both
        ("newsletter off please", [("toggle", "newsletter"), ("submit", "")]),  # which option? asked
        (
            "turn all the options off and save",
            [("toggle", "all"), ("submit", "")],
        ),  # an option "all the options"
        (
            "I'd like standard delivery for this order, please place it",
            [("click", "standard"), ("submit", "")],
        ),
    ],
)
def test_options_said_in_few_words(instruction, want):
    assert [c[:2] for c in reading(instruction)] == want


def test_loose_sign_ins_and_contacts_with_odd_punctuation():
    assert [c[2] for c in reading("user account: user=vik, pass=r0ver")][:2] == ["vik", "r0ver"]  # "account"
    assert reading("Noor Aziz here - noor@aziz.pk, send it through")[0] == (
        "fill",
        "name",
        "Noor Aziz",
        "",
        (),
    )
    assert reading("look for oven mitts in the catalogue")[0][2] == "oven mitts"  # "... in the catalogue"
    assert reading("fetch me the about page") == [("click", "about", "", "page", ())]  # "me the about"
    assert reading("any sale on today?")[0][0] == "lookup"  # a question with no question word asked


@pytest.mark.parametrize(
    "instruction",
    [
        "in what year did they open their doors?",  # a preposition before the question word
        "show me what a jar of honey goes for",
        "show me what they charge",  # the files were listed  # "show me what ...": a question, not a page
        "is delivery free on weekends?",  # a yes/no question
        "since when has it existed?",  # every word a question word
        "has it been around for ages?",  # a yes/no question with "has" (it sent a form)
    ],
)
def test_questions_in_many_shapes_are_looked_up(instruction):
    assert reading(instruction)[0][0] == "lookup"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("third link please", [("click", "the third link")]),  # a page called "third" was looked for
        ("follow the 2nd link on this page", [("click", "the second link")]),
        ("oops, go home", [("goto", "/")]),  # the keys "oops,+go+Home"
        ("find me wool socks", [("fill", "search"), ("key", "")]),  # asked
        ("the tiniest size pls", [("click", "small")]),
        ("quickest delivery, then place my order", [("click", "overnight"), ("click", "place order")]),
        ("put 'arrived broken' into the text box", [("fill", "message")]),  # which field?
        ("show me data.csv in the browser", [("goto", "/data.csv")]),  # the editor opened it
        (
            "open 127.0.0.1:8000/prefs.html and hit save",
            [("goto", "127.0.0.1:8000/prefs.html"), ("submit", "")],
        ),
        ("take me to the contcat pg", [("click", "contact")]),  # slips: it asked which file
        ("I'd love the weekly digest, subscribe me", [("click", "subscribe")]),  # the wish asked
    ],
)
def test_dev6p_kinds_in_my_own_words(instruction, want):
    assert [c[:2] for c in reading(instruction)] == want


@pytest.mark.parametrize(
    "instruction, asked",
    [
        ("the user name is jonas, log me in", "password"),  # it signed in with no password
        ("the password is hunter22, sign in", "user name"),
        ("enter Rosa Diaz as the name, then submit", "email"),  # it sent a name alone
        ("I'd like to post a comment", "message"),  # it only opened the page
        ("go back to the page we talked about", "Which one"),
        ("enable the option we agreed on", "Which one"),
        (
            "switch on the setting we talked about",
            "Which one",
        ),  # "setting" was taken for a slip of "settings"
    ],
)
def test_a_form_or_a_thing_half_said_asks(instruction, asked):
    assert asked in understand(instruction, "browser").question


def test_words_before_a_page_noun_that_are_no_page_name():
    # a slip of "fill" before "the form" was a page called "fil up the"
    assert page_request("fil up the form") is None
    assert page_request("the checkout screen") == "checkout"


def test_everything_is_every_check_box():
    # was a check box called "everything on the settings page"
    assert reading("switch off everything on the settings page")[0][:2] == ("toggle", "all")


def test_a_bare_show_me_points_back_at_the_question():
    assert reading("are there any vouchers today? let me see") == [
        ("lookup", "", "", "", ("vouchers", "today"))
    ]


def test_a_second_question_that_only_asks_how_much_is_no_lookup_of_its_own():
    # "... and how much are they?" looked up the word "much" after the page of plans
    assert [c[0] for c in reading("which tiers exist and how much are they?")] == ["lookup"]


@pytest.mark.parametrize(
    "instruction, want",
    [
        # slips of request words, fixed against a dictionary: a word no dictionary knows, one slip from one
        ("opne the prcing pag", [("click", "pricing", "", "page", ())]),
        ("whts the discont code", [("lookup", "", "", "", ("discount", "code"))]),
        # a question inside a statement, a fact asked as if it were goods
        ("I can't remember what the coupon was", [("lookup", "", "", "", ("coupon",))]),
        ("got a voucher code?", [("lookup", "", "", "", ("voucher", "code"))]),
        (
            "do you folks stock picnic rugs?",
            [("fill", "search", "picnic rugs", "", ()), ("key", "", "Return", "", ())],
        ),
        # the values' shapes: an address fills the email field; a form given all it asks for is sent
        (
            "contact them: my name's Ada Vo and my address is ada@vo.dev",
            [
                ("fill", "name", "Ada Vo", "", ()),
                ("fill", "email", "ada@vo.dev", "", ()),
                ("submit", "", "", "", ()),
            ],
        ),
        (
            "username kit password lamp5",
            [
                ("fill", "username", "kit", "", ()),
                ("fill", "password", "lamp5", "", ()),
                ("submit", "", "", "", ()),
            ],
        ),
        # greetings and courtesies carry no step; a remark beside a question is no request
        ("hey there, quick question - what does Pro cost?", [("lookup", "", "", "", ("pro",))]),
        ("refresh pls", [("key", "", "F5", "", ())]),
        # a wish to order: the choice, then the order
        (
            "we'd like to order it with overnight delivery",
            [("click", "overnight", "", "", ()), ("submit", "", "", "", ())],
        ),
        (
            "order with the quickest shipping",
            [("click", "overnight", "", "", ()), ("submit", "", "", "", ())],
        ),
        # what the words leave unread goes to the page shown (plans.browser.plan_guess)
        ("switch to the dark look", [("guess", "", "", "", ())]),
        ("i'll take the small one pls", [("click", "small", "", "", ())]),
    ],
)
def test_web_requests_read_by_their_kind_rather_than_their_phrase(instruction, want):
    assert reading(instruction) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        # a remark on the page's state beside a step is no request of its own
        ("refresh it pls, this site seems frozen", [("key", "", "F5", "", ())]),
        # a pointer after a thing named: that thing is what to look up
        (
            "someone told me there's a promo voucher on here - dig it up for me",
            [("lookup", "", "", "", ("promo", "voucher"))],
        ),
        # an address in brackets is what the words before it mean; "use X to" opens X
        ("show me the team page (team.html)", [("goto", "/team.html", "", "", ())]),
        (
            "use the product finder (finder.html) to look up a kettle",
            [
                ("goto", "/finder.html", "", "", ()),
                ("fill", "search", "kettle", "", ()),
                ("key", "", "Return", "", ()),
            ],
        ),
        # a file named on the web site, with the browser open, is opened there
        (
            "open prices.csv and tell me the Pro price",
            [("goto", "/prices.csv", "", "", ()), ("lookup", "", "", "", ("pro",))],
        ),
        # the site's first page is its home page, not the page before
        ("head back to the top page of the shop", [("goto", "/", "", "", ())]),
        # the current state, then the wish: the option wished for
        ("delivery says standard but we'd prefer overnight", [("click", "overnight", "", "", ())]),
        # sizes by their letters
        (
            "pick size M and add it to my basket",
            [("click", "medium", "", "", ()), ("click", "add to cart", "", "", ())],
        ),
    ],
)
def test_web_kinds_from_dev7p_in_my_own_words(instruction, want):
    assert reading(instruction) == want


@pytest.mark.parametrize(
    "instruction", ["how much is the tier we're on?", "what does the package I have include?"]
)
def test_what_only_the_user_knows_is_asked(instruction):
    assert understand(instruction, open_app="browser").question


# Kinds from dev8p's first run, in my own words (none of its lines): whom a request is with, what the user
# will do themselves, a pronoun for the thing a wish named, a page described twice, a fact named alone or
# wished to be known, a choice accepted, a size wanted in the cart, a sender's name, the home page in a word.
@pytest.mark.parametrize(
    "instruction, want",
    [
        # "with" before a determiner names whom, not a value to fill in
        (
            "how can we get in touch with those folks",
            [("click", "get in touch with those folks", "", "page", ())],
        ),
        # what the user says they will do themselves is no step (no value is taken from it)
        (
            "open the sign-in screen, I'll enter the password on my own",
            [("click", "sign-in", "", "page", ())],
        ),
        # a pronoun for the thing the wish before named
        ("we'd like to order the hoodie, show us its page", [("click", "hoodie", "", "page", ())]),
        ("I really want your weekly updates, sign me up for them", [("click", "subscribe", "", "", ())]),
        # the page named, then described again
        (
            "bring up the sizes page, the one with the shirt on it",
            [("click", "sizes", "", "page", ())],
        ),
        # a fact named alone, or wished to be known, is looked up on the site
        ("coupon code please", [("lookup", "", "", "", ("coupon", "code"))]),
        (
            "After I pay I'd like to know whether there's a promo code, could you check for me?",
            [("lookup", "", "", "", ("promo", "code"))],
        ),
        # a choice accepted, then the order
        (
            "honestly overnight delivery works for me, place the order",
            [("click", "overnight", "", "", ()), ("click", "place order", "", "", ())],
        ),
        # a size wanted in the cart is put there
        (
            "I want the small size of that shirt in my basket",
            [("click", "small", "", "", ()), ("click", "add to cart", "", "", ())],
        ),
        # the sender's name is the form's name, not its message
        (
            "send them a contact note as Ada Byrne, ada.b@post.test",
            [
                ("fill", "email", "ada.b@post.test", "", ()),
                ("fill", "name", "Ada Byrne", "", ()),
                ("submit", "", "", "", ()),
            ],
        ),
        # the home page said in a word
        ("home pls", [("goto", "/", "", "", ())]),
    ],
)
def test_web_kinds_from_dev8p_in_my_own_words(instruction, want):
    assert reading(instruction) == want


def test_a_question_split_from_a_pointer_is_looked_up():
    # "..., show me where it says": the page that answers the question
    commands = reading("since when has this place been in business, show me where it says")
    assert [c[0] for c in commands] == ["lookup"]
    assert "about" in page_kinds("since when has this place been in business")


def test_a_values_with_and_a_pointer_after_an_action_stay_as_they_were():
    # a value after "with" is still a value; "can you find it" after a step that acted is not re-read
    assert understand("where do I sign up with ann@post.test", open_app="browser").commands[0].kind != "click"
    assert reading("I wonder if there's a voucher around here, can you find it")[0][0] == "lookup"


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "the order form, could it be under the products page?",
            [("click", "products", "", "page", ()), ("click", "order", "", "page", ())],
        ),
        (
            "the downloads, is it on the links page?",
            [("click", "links", "", "page", ()), ("click", "downloads", "", "page", ())],
        ),
    ],
)
def test_a_page_asked_to_be_under_another_is_reached_through_it(instruction, want):
    assert reading(instruction) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("hop over to the price list", [("click", "price list", "", "page", ())]),
        ("scoot to the login", [("click", "login", "", "page", ())]),
        ("swing by their contact page", [("click", "contact", "", "page", ())]),
        ("bring up wherever I can leave a comment", [("click", "leave a comment", "", "page", ())]),
        ("take me wherever I'd change my preferences", [("click", "change my preferences", "", "page", ())]),
        ("let's look at the pricing", [("click", "pricing", "", "page", ())]),
        ("grab the coupon code off the about page", [("click", "about", "", "page", ())]),
        ("tell me what the pricing page says about pro", [("click", "pricing", "", "page", ())]),
        ("put me on the newsletter list", [("click", "subscribe", "", "", ())]),
        ("count me in for the newsletter", [("click", "subscribe", "", "", ())]),
    ],
)
def test_dev9_kinds_pages_in_my_own_words(instruction, want):
    assert reading(instruction) == want


def test_a_sign_in_as_someone_with_a_secret_is_both_values():
    assert [c[:3] for c in reading("sign in as kim with tulip7")] == [
        ("fill", "username", "kim"), ("fill", "password", "tulip7"), ("submit", "", "")]  # fmt: skip
    # "go back to where we were" stays the browser's back
    assert reading("open About us and then go back to where I was")[-1][:3] == ("key", "", "alt+Left")


def test_each_box_ticked_or_unticked_in_a_list_is_a_step():
    assert [c[:2] for c in reading("enable dark mode, untick the newsletter, then save")][:2] == [
        ("toggle", "dark mode"), ("toggle", "newsletter")]  # fmt: skip


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("have it delivered by overnight shipping then order", [("click", "overnight"), ("submit", "")]),
        ("grab me the express option and confirm", [("click", "express"), ("submit", "")]),
        ("go with overnight and complete the purchase", [("click", "overnight"), ("submit", "")]),
        ("it's on standard now but I'd rather have express, buy it", [("click", "express"), ("submit", "")]),
        ("I want express", [("click", "express")]),
    ],
)
def test_an_order_shipped_some_way_said_loosely(instruction, want):
    assert [c[:2] for c in reading(instruction)] == want


def test_a_word_of_the_sentence_is_no_value_for_a_field():
    commands = reading("send a note through the contact form, I'm Ola Berg, ola@berg.no")
    assert ("fill", "name", "Ola Berg") in [c[:3] for c in commands]
    assert all(c[2] not in ("through", "via") for c in commands)


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("we still need the coupon for today", ("coupon",)),
        ("tell me the pro tier's monthly fee", ("pro", "tier", "monthly", "fee")),
        ("fee for the pro tier?", ("fee", "pro", "tier")),
        ("the founding year?", ("founding", "year")),
        ("dig up how much Pro is a month", ("pro", "month")),
    ],
)
def test_facts_wished_for_or_asked_in_few_words_are_looked_up(instruction, args):
    assert reading(instruction) == [("lookup", "", "", "", args)]


def test_remarks_and_loose_ends_beside_web_steps_do_nothing():
    assert reading("that's the wrong tab. take me to the pricing")[-1][:2] == ("click", "pricing")
    assert reading("the coupon code, quickly") == [("lookup", "", "", "", ("coupon", "code"))]
    assert reading("we never had an account, just open the home page") == [("goto", "/", "", "", ())]
    assert reading("open the prices and keep that page open")[0][:2] == ("click", "prices")


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("go to the feedback bit, it's feedback.html", [("goto", "/feedback.html")]),
        (
            "the prefs screen is prefs.html. switch dark mode on there",
            [("goto", "/prefs.html"), ("toggle", "dark mode")],
        ),
        (
            "what did Q3 bring in? (the numbers are at 127.0.0.1:8000/report.txt)",
            [("goto", "127.0.0.1:8000/report.txt")],
        ),
        (
            "I'd like to be subscribed to their news; it's on subscribe.html",
            [("goto", "/subscribe.html"), ("click", "subscribe")],
        ),
        ("oops, I meant the price list - pricing.html", [("goto", "/pricing.html")]),
    ],
)
def test_an_address_said_beside_a_request_is_opened_first(instruction, want):
    assert [c[:2] for c in reading(instruction)][: len(want)] == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("press Send on the feedback screen", [("click", "feedback"), ("click", "Send")]),
        ("tap Subscribe in the newsletter section", [("click", "newsletter"), ("click", "Subscribe")]),
        ("follow Pricing from the start page", [("click", "Pricing")]),
        ("go back to the index", [("goto", "/")]),
    ],
)
def test_a_control_or_link_said_with_the_page_it_is_on(instruction, want):
    assert [c[:2] for c in reading(instruction)] == want


@pytest.mark.parametrize("instruction", ["look the catalog up for me", "search the catalog for us",
                                         "write them a message through the feedback page"])  # fmt: skip
def test_what_to_search_or_send_never_said_is_asked(instruction):
    assert understand(instruction, open_app="browser").question


def test_a_claim_to_check_is_looked_up():
    assert reading("my sister said the pro tier is 30 a month, please check that's still true") == [
        ("lookup", "", "", "", ("pro", "tier", "30", "month"))]  # fmt: skip
    assert reading("is it true that the shop opened in 2011?")[0][0] == "lookup"


def test_a_pointer_after_a_fact_named_is_that_fact():
    assert reading("can't remember their coupon code, could you dig it up") == [
        ("lookup", "", "", "", ("coupon", "code"))]  # fmt: skip


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("combien coûte le plan Pro?", ("lookup", "")),
        ("wo ist die Kontakt Seite?", ("click", "contact")),
        ("öffne die Preise bitte", ("click", "prices")),
        ("Was kostet Pro? (what does pro cost)", ("lookup", "")),
    ],
)
def test_web_requests_in_a_few_other_languages(instruction, want):
    assert reading(instruction)[0][:2] == want


@pytest.mark.parametrize("instruction", ["go ahead and check out", "put a tee in my basket"])
def test_an_order_or_cart_whose_choice_is_never_said_asks(instruction):
    assert "Which" in understand(instruction, open_app="browser").question


def test_an_order_whose_choice_is_said_does_not_ask():
    assert not understand("ship it the cheapest way and check out", open_app="browser").question


@pytest.mark.parametrize(
    "instruction, page",
    [
        ("open how to get in touch", "how to get in touch"),
        ("show me who they are", "who they are"),
        ("could you take me to the page about what it costs please", "what it costs"),
    ],
)
def test_a_page_asked_for_by_what_it_tells_is_found_by_that(instruction, page):
    """ "open how to get in touch": the page that tells it (it asked for a file name, or what to do)."""
    commands = understand(instruction, "browser").commands
    assert [(c.kind, c.op, c.target) for c in commands] == [("click", "page", page)]


@pytest.mark.parametrize(
    "instruction, args",
    [
        ("I'd love to find out what the Basic tier costs", ("basic", "tier")),  # was a sum to compute
        ("let me see what their coupon is", ("coupon",)),  # was a message to send
        ("we're curious when the company was founded", ("company", "founded")),
        ("I'd like to see the promo code", ("promo", "code")),  # was a check box
    ],
)
def test_a_question_wrapped_in_a_wish_to_know_is_looked_up(instruction, args):
    assert reading(instruction) == [("lookup", "", "", "", args)]


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("please switch off both the newsletter and dark mode", [("newsletter", 0), ("dark mode", 0)]),
        ("tick newsletter and dark mode, then save", [("newsletter", 1), ("dark mode", 1)]),
        ("I want both the newsletter and dark mode", [("newsletter", 1), ("dark mode", 1)]),
    ],
)
def test_two_check_boxes_turned_by_one_verb_are_both_turned(instruction, want):
    commands = understand(instruction, "browser").commands
    assert [(c.target, c.count) for c in commands if c.kind == "toggle"] == want
    assert commands[-1].kind == "submit"


@pytest.mark.parametrize(
    "instruction",
    [
        "use Ida Berg for the name and ida@berg.se for the email, then send",
        "fill the name field with Ida Berg and the email with ida@berg.se and submit",
        "kindly put Ida Berg into the name box and ida@berg.se as the email and send",
    ],
)
def test_a_name_said_with_its_field_fills_the_name(instruction):
    fills = {c.target: c.text for c in understand(instruction, "browser").commands if c.kind == "fill"}
    assert fills == {"name": "Ida Berg", "email": "ida@berg.se"}


@pytest.mark.parametrize(
    "instruction, sent",
    [
        ("put in the comments box that the page loads slowly", False),  # was a question
        ("tell them in the feedback form that the photos are lovely", True),  # was a question
        ("type into the review field: great service. then submit it", True),
    ],
)
def test_words_said_into_the_feedback_box_named_first_are_the_message(instruction, sent):
    commands = understand(instruction, "browser").commands
    assert commands[0].kind == "fill" and commands[0].target == "message"
    assert commands[0].text in ("the page loads slowly", "the photos are lovely", "great service")
    assert [c.kind for c in commands[1:]] == ["submit"] * sent


def test_a_control_on_the_home_page_is_clicked_on_the_sites_root():
    assert reading("press Contact on the main page")[:2] == [
        ("goto", "/", "", "", ()),
        ("click", "Contact", "", "", ()),
    ]
    assert reading("hit About us on the homepage")[0][:2] == ("goto", "/")


@pytest.mark.parametrize(
    "instruction",
    [
        "open the contact page and then head back to where we began",
        "see the downloads, then go back to the page I started on",
    ],
)
def test_going_back_to_where_the_task_started_is_the_start_page(instruction):
    commands = understand(instruction, "browser").commands
    assert (commands[-1].kind, commands[-1].op) == ("goto", "start") and len(commands) == 2


@pytest.mark.parametrize(
    "instruction, page",
    [
        ("locate the page which lists the plans", "plans"),  # was a question
        ("show the page with the sign-in form", "sign-in"),  # was a question
        ("find the page that tells you who runs the shop", "who runs the shop"),  # was a search on the page
        ("take me to the page with the subscribe button", "subscribe button"),  # was a click on those words
    ],
)
def test_a_page_asked_for_by_what_it_holds_is_that_page(instruction, page):
    assert reading(instruction) == [("click", page, "", "page", ())]


@pytest.mark.parametrize(
    "instruction", ["swap the delivery method", "change my size please", "pick another shipping option"]
)
def test_an_option_to_change_with_no_choice_said_asks_which(instruction):
    assert understand(instruction, "browser").question


@pytest.mark.parametrize(
    "instruction, keys",
    [
        ("press the back button three times", ["alt+Left"] * 3),  # was a click on those words
        ("go 2 pages back", ["alt+Left"] * 2),  # was one page back
        ("step forward twice", ["alt+Right"] * 2),
    ],
)
def test_going_back_or_forward_more_than_once_presses_the_key_that_often(instruction, keys):
    assert [c.text for c in understand(instruction, "browser").commands] == keys


@pytest.mark.parametrize(
    "instruction, option, on, page",
    [
        (
            "switch off dark mode in my preferences",
            "dark mode",
            0,
            "preferences",
        ),  # the box was 'dark mode in ...'
        ("untick the newsletter box on the settings page", "newsletter", 0, "settings"),  # the box was lost
        ("turn the newsletter on in the prefs", "newsletter", 1, "prefs"),
    ],
)
def test_a_check_box_said_with_the_page_it_is_on_is_turned_there(instruction, option, on, page):
    commands = understand(instruction, "browser").commands
    assert [(c.kind, c.target, c.op) for c in commands[:2]] == [
        ("click", page, "page"),
        ("toggle", option, ""),
    ]
    assert commands[1].count == on and commands[-1].kind == "submit"


def test_checking_a_fact_on_a_page_turns_no_check_box():
    assert all(
        c.kind != "toggle" for c in understand("check the coupon on the about page", "browser").commands
    )


def test_a_question_who_they_are_is_looked_up():
    assert [c.kind for c in understand("who are you guys", "browser").commands] == [
        "lookup"
    ]  # a sheet's bold
