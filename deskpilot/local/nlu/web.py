"""Web requests worded as people word them: pages described rather than named ("the sign-in screen",
"where do I sign up for their newsletter?"), sites named loosely ("on the local site"), facts to find.

`page_request` reads a clause that asks to be taken to a page; the browser plan finds that page by its
link, here or on the site's home page, else at the address its kind of page usually has (`PAGE_KINDS`).
"""

from __future__ import annotations

import difflib
import re

from deskpilot.local.nlu.schema import Command
from deskpilot.local.nlu.text import each_plain_word

# Kinds of pages most sites have: the words that describe one -> the names its link and its address
# usually carry ("the sign-in screen", "where the newsletter is" -> login, subscribe).
PAGE_KINDS = [
    (r"pric|\bplans?\b|\bcosts?\b|\bfees?\b|\brates?\b|tariff|\btiers?\b", ("pricing", "prices", "plans")),
    (
        r"contact|get in touch|\breach\b|write to (?:them|us|the)\b|\bsupport\b|\bmessage\s+(?:them|the|us)\b",
        ("contact",),
    ),
    # who runs the shop and since when: "what year did they start", "how long have they been around"
    (
        r"\babout\b|compan|history|\bwho\b|\bstory\b|\bteam\b|found(?:ed|er)|establish|\bsince\b|\byears?\b|\bstart(?:ed)?\b|"
        r"\bowners?\b|\bbackground\b|\bbeen\s+(?:around|going|open|running|in\s+business)|\bin\s+business\b|\bhow\s+old\b",
        ("about",),
    ),
    (
        r"log ?-?in|sign ?-?in|logon|\baccount\b|credentials|user ?name|password",
        ("login", "signin", "account"),
    ),
    (
        r"newsletter|\bnews\b|subscri|mailing list|sign ?-?up|\bregist",
        ("subscribe", "newsletter", "signup", "register"),
    ),
    (
        r"setting|preferen|\bprefs\b|(?<!shipping )(?<!delivery )(?<!size )\boptions\b|dark mode|\btheme\b",
        ("settings", "preferences", "prefs"),
    ),
    (r"feedback|\bcomments?\b|suggestion|\breviews?\b|opinion|complain", ("feedback",)),
    (r"search|catalog|\bproducts?\b|\bbrowse\b", ("search", "catalog", "products")),
    (r"\border|check ?-?out|shipping|deliver|purchase", ("order", "checkout")),
    # figures a site offers as files: "the Q2 numbers", "last quarter's revenue"
    (
        r"download|\breports?\b|\bfiles?\b|revenue|\bsales\s+figures|figures|\bquarter(?:ly|s)?\b|\bq[1-4]\b|\bcsv\b|statistics|\bstats\b",
        ("downloads", "download"),
    ),
    (r"\blinks?\b|resources", ("links",)),
    # a product with sizes to choose ("the t-shirt page"): its product or size page
    (r"shirt|\btees?\b|\bsizes?\b|clothing|apparel|\bcart\b|basket", ("products", "product", "size")),
]


def page_kinds(text: str) -> list[str]:
    """The names of the kinds of pages the words describe, likeliest first: the kind of the last word that
    names one first, as the last noun heads a description ("my account settings": settings, then account)."""
    low = text.lower()
    found = [(max(m.end() for m in re.finditer(pattern, low)), n, names) for n, (pattern, names) in
             enumerate(PAGE_KINDS) if re.search(pattern, low)]  # fmt: skip
    return [name for _, _, names in sorted(found, key=lambda f: (-f[0], f[1])) for name in names]


LEAD = (
    r"^\W*(?:(?:never\s*mind|forget\s+(?:it|that)|actually|oh|oops|sorry|wait|hmm|ah|no)\s*[,.!;:-]*\s+)*"  # "oops, take me home"
    r"(?:(?:please|pls|plz|can you|could you|would you|now|then|and|also|just|ok|okay|alright|all right|right|so|well)[\s,]+)*"
)
# What a request names, up to a question mark after which at most "open it" follows ("where's the About page?
# Open it.")
WHAT = (
    r"(?P<what>[^?]+?)[\s.!]*(?:\?\s*(?:(?:so\s+|then\s+|and\s+|please\s+)*(?:open|show|take\s+me\s+to|go\s+to|bring\s+up|pull\s+up)\s+"
    r"(?:it|that|this|there|(?:that|this|the)\s+(?:page|one))(?:\s+(?:please|for\s+me|up))?\W*)?)?$"
)
# A clause that asks to be taken somewhere: the verb, then what to show.
GO = re.compile(
    LEAD
    + r"(?:(?:go|navigate|head|jump|skip|get|move|switch|return|come|browse|hop|pop|swing|scoot|zip|flip|click|proceed|continue)"
    r"(?:\s+(?:over|back|across|on|straight|through|along|right))?\s+(?:to|into)|"
    r"(?:take|bring|get|send|point|direct|lead|steer|walk)\s+(?:me|us)\s+(?:over\s+|back\s+|straight\s+)?(?:to|into|towards?)|"
    r"(?:take|bring|get|send|point|direct|lead|steer|walk)\s+(?:me|us)(?=\s+wher)|"
    r"(?:swing|stop|drop|pop|come)\s+by|(?:show|give)\s+(?:me|us)|check\s+out|"
    r"open(?:\s+up)?|visit|pull\s+up|bring\s+up|load|display|(?:grab|fetch)(?:\s+(?:me|us))?|"
    r"(?:i|we)(?:\s+(?:want|need|would like|wanna)|\s*'d\s+like)\s+to\s+(?:see|visit|go to|get to|open|view|check out|look at)|"
    r"let\s+me\s+see|can\s+(?:i|we)\s+see|(?:let'?s|let\s+us)\s+(?:go\s+to|look\s+at|see|check\s+out|visit|open|head\s+to|"
    r"(?:have|take)\s+a\s+(?:quick\s+)?(?:look|peek|gander)\s+at)|(?:have|take)\s+a\s+(?:quick\s+)?(?:look|peek|gander)\s+at|peek\s+at|(?:i'?m|we're|i am)\s+looking\s+for|find\s+me|where(?:'s|\s+is|\s+are)|"
    # "I want their newsletter", "find their contact form": a page by what it holds
    r"(?:i|we)\s+(?:want|need)(?=\s+(?:the|their|its|your|this\s+\w+'s)\s)|"
    r"(?:find|locate)(?=\s+(?:the|their|its|your)\s+[\w -]+?\s+(?:form|page)\b)|"
    # "find the page that lists the prices", "show the page with the t-shirt": a page by what it holds
    r"(?:find|locate|look\s+for|show)(?=\s+(?:the|a)\s+(?:page|screen|section|one)\s+(?:that|which|with|where|about|listing|showing|containing)\b))\s+"
    + WHAT,
    re.I,
)
# "where do I sign up for the newsletter", "I'd like to change my settings": the page to do it on
WHERE_TO = re.compile(
    LEAD + r"(?:(?:where|how)\s+(?:do|can|could|should|would|may)\s+(?:i|we|one|you)|"
    r"(?:i|we)(?:\s+(?:want|need|would like)\s+to|\s+wanna|\s*'d\s+like\s+to)|(?:i'?m|i\s+am|we'?re)\s+trying\s+to|is\s+there\s+(?:a|any)\s+(?:page|place|way)\s+(?:to|where|for))\s+"
    + WHAT,
    re.I,
)
# Words that name a web site loosely: a clause with them is web work even with no browser open yet.
NAMES_SITE = re.compile(
    r"\b(?:(?:local|test|testing|demo|fixture)\s+(?:web\s*)?(?:site|shop|store|server)|localhost|web\s*site|web\s*page|"
    r"home\s*page)\b",
    re.I,
)
# "on the local site, ...", "over at our test site": where the steps after it happen, and nothing to do
SITE_PLACE = re.compile(
    r"^\W*(?:(?:ok|so|now|then|first)\s+)?(?:on|at|in|over\s+(?:on|at)|using|from|inside|for)\s+"
    r"(?:(?:the|this|that|our|their|its|your|my)\s+)?(?:(?:local|test|testing|demo|fixture|own|little|web|online)\s+)*"
    r"(?:site|shop|store|website|web\s*site|server|localhost|browser)\W*$",
    re.I,
)
# "go ahead and order", "complete my order": the order form's button
ORDER_ONLY = re.compile(
    r"^\W*(?:(?:and|then|now|so|ok|okay|please|just|go\s+ahead\s+and)\s+)*(?:(?:i|we)(?:\s+(?:want|would\s+like|wanna|need)|\s*'d\s+like)\s+to\s+"
    r"(?:order|buy|check\s*out|place\s+(?:an?|the|my)\s+order)(?:\s+(?:it|this|that|them|now))?|order(?:\s+it)?|buy\s+it|place\s+it|check\s*-?\s*out|proceed\s+to\s+(?:the\s+)?checkout|"
    r"(?:complete|finish|finali[sz]e|confirm|submit|send)\s+(?:the\s+|my\s+|this\s+)?order)(?:\s+(?:now|please|then))?\W*$",
    re.I,
)
# "do you have any kettles?", "does the shop sell desk lamps": what to look for in the site's search
SELLER = (
    r"(?:you(?:\s+(?:guys|all|folks|people|lot))?|y'?all|they|we|(?:the|this|your|their|that)\s+(?:shop|store|site|place|"
    r"website|catalog(?:ue)?))(?:\s+(?:even|still|actually|currently|ever|also|happen\s+to|by\s+any\s+chance))?"
)
STOCK = re.compile(
    rf"^\W*(?:(?:hey|hi|so|and|quick\s+question)\W+)*(?:(?:do|does)\s+{SELLER}\s+(?:have|sell|stock|carry|offer|list|do)|"
    rf"(?:have|has)\s+{SELLER}\s+got|(?:you\s+)?got|(?:can|could)\s+(?:i|we)\s+(?:buy|get|order|find)|"
    rf"(?:(?:can\s+you\s+|please\s+)?(?:see|check|find\s+out|tell\s+me|look)\s+(?:if|whether)\s+{SELLER}\s+"
    r"(?:has|have|sells?|stocks?|carr(?:y|ies)|offers?|lists?))|"
    r"(?:is|are)\s+there)\s+(?:any\s+|some\s+|an?\s+)?(?P<what>[\w' -]+?)(?:\s+(?:in|on)\s+(?:the\s+)?(?:catalog(?:ue)?|shop|store|site))?"
    r"(?:\s+(?:here|there|from\s+(?:you|them)|in\s+stock|on\s+sale|for\s+sale|by\s+any\s+chance|at\s+all))*"
    r"\s*\??(?:\s*(?:(?:please\s+)?(?:check|look\s+(?:in|at)|search)\s+(?:the\s+)?(?:catalog(?:ue)?|shop|store|site)(?:\s+for\s+me)?))?\W*$",
    re.I,
)
# "I'm hunting for a rain jacket", "find me some socks": a thing (indefinite) to look for in the site's search
WANT_ITEM = re.compile(
    r"^\W*(?:(?:please|pls|can you|could you|now|then|and|so)\s+)*(?:(?:i'?m|i am|we'?re|we are)\s+(?:looking|searching|hunting|shopping)\s+"
    r"for|(?:find|get|show)\s+(?:me|us)|(?:find|look\s+for|search\s+for))\s+(?:(?:an?|some|any)\s+|"
    # "find me wool socks": with no article only after "find me", and no page, pronoun or question word
    r"(?<=\bfind\sme\s)(?!(?:the|my|your|their|its|this|that|these|those|where|what|how|which|who|when|it|them|one)\b))"
    r"(?P<what>[\w' -]+?)"
    r"(?:\s+(?:in|on)\s+(?:the\s+)?(?:catalog(?:ue)?|shop|store|site))?"
    r"(?:\s*[,;.]?\s*(?:(?:please|pls|so|can\s+you|could\s+you)\s+)?(?:search|look)\s+(?:for\s+|it\s+up|them\s+up)?(?:it|that|them|one|those)?)?\W*$",
    re.I,
)
# "make the size small", "set shipping to express": the option to choose
SET_OPTION = re.compile(
    r"^\W*(?:(?:please|pls|can you|could you|now|then|and)\s+)*(?:switch|change|set|make|put)\s+(?:the\s+|my\s+)?"
    r"(?:size|shipping(?:\s+method)?|delivery(?:\s+method)?|option|plan)\s+(?:to|as)\s+(?P<what>[\w-]+(?:\s+large|\s+small)?)\W*",
    re.I,
)


def option_wishes(text: str) -> list[tuple[str, bool]]:
    """Options wanted on and off, said as wishes ("I only want the newsletter, no dark mode", "sounds off"):
    [(option, on)], or [] when the clause is not only such wishes (a lone "I want X" is no toggle)."""
    pieces = [p for p in re.split(r"\s*(?:,|;|\band\b|\bbut\b)\s*", text.strip(" .!?")) if p]
    out = []
    for piece in pieces:
        on = re.match(
            r"^(?:i\s+|we\s+)?(?:(?:only|just)\s+)?(?:want|keep|need)\s+(?:both\s+)?(?:the\s+)?([\w -]{2,30}?)(?:\s+on)?$",
            piece,
            re.I,
        )
        off = re.match(
            r"^(?:(?:and|but)\s+)?(?:no|not|without|don'?t\s+want)\s+(?:more\s+|longer\s+)?(?:the\s+|any\s+)?([\w -]{2,30}?)"
            r"(?:\s+(?:any\s*more|anymore|please))*$",
            piece,
            re.I,
        )
        said = re.match(
            r"^(?:the\s+)?(?!(?:send|turn|switch|log|sign|take|put|get|shut|set|go|head|show|write|pay)\b)(?!.*\b(?:it|them|this|that)\b)"
            r"([\w -]{2,30}?)\s+(on|off)$",
            piece,
            re.I,
        )
        if on:
            out.append((on.group(1), True))
        elif off:
            out.append((off.group(1), False))
        elif said:
            out.append((said.group(1), said.group(2).lower() == "on"))
        elif out and re.match(r"^(?:the\s+)?[\w-]+(?:\s+mode)?$", piece, re.I):
            # "I want both dark mode and the newsletter": the next option, wished the same way
            out.append((re.sub(r"^the\s+", "", piece, flags=re.I), out[-1][1]))
        else:
            return []
    wish = len(out) >= 2 or any(not o for _, o in out) or re.search(r"\b(?:only|just)\s+want\b", text, re.I)
    return out if wish else []


# "user is dave, password is x, log in": after the fields, the step that sends the form
SEND_ONLY = re.compile(
    r"^\W*(?:(?:and|then|now|please|just)\s+)*(?:(?:log|sign)\s*(?:me\s+|us\s+)?in|send(?:\s+it)?(?:\s+off)?|submit(?:\s+it)?|"
    r"hit\s+(?:send|submit|enter)|press\s+(?:send|submit|enter))(?:\s+(?:now|please|pls|plz|thanks|with\s+(?:that|those|these|them)))*\W*$",
    re.I,
)
# "send 'hello there' through the feedback form": the words, then the form's box they go in
VIA_FORM = re.compile(
    LEAD
    + r"(?:send|post|submit|leave|give|write|put)\s+(?:them\s+|us\s+)?(\x00\d+\x00)\s+(?:through|via|using|in|on|with|into)\s+"
    r"(?:the|their|your|this)\s+([\w ]+?)\s+(?:form|box|page|field)\W*$",
    re.I,
)
# what a page description is not: a control, a tab or a window of its own, a file, a step of history
NOT_A_PAGE = re.compile(
    r"\b(?:button|box|field|check ?box|menu|word|words|phrase|term|drop-?down|option|radio|first|second|third|fourth|fifth|last|next|1st|2nd|3rd|4th|5th|(?:new|fresh|blank|empty|another|second|separate|extra)\s+tab|window|app|calculator|editor|"
    r"spreadsheet|terminal|folder|back|forward|previous|next|reload|refresh|bookmarks?|downloads?\s+folder|"
    r"zoom|scroll(?:ing)?)\b|\x00|@|\d|\.\w{2,4}\b|://|\b(?:how|what|when|which|who|whether|if|why)\b",
    re.I,
)
SITE = r"(?:(?:the|this|that|our|their|its|your|my|a)\s+)?(?:(?:local|test|testing|demo|fixture|own|little|web|online)\s+)*(?:site|shop|store|website|web\s*site|server|localhost)"
AROUND = re.compile(
    rf"(?:\s+(?:in|on)\s+(?:this|the\s+same|the\s+current|the\s+open|my)\s+(?:tab|window)|\s+(?:on|of|at|in|from|for|over\s+(?:on|at))\s+{SITE}|\s+(?:from\s+|over\s+)?(?:here|there)|\s+(?:please|pls|now|again|"
    r"for\s+me|then|too|as\s+well|quickly|real\s+quick|instead)|\s*,\s*(?:please|thanks|thx))+$",
    re.I,
)
OWNER = re.compile(rf"^(?:{SITE}'s|(?:their|its|our|the\s+shop's|the\s+store's))\s+", re.I)
PAGE_NOUN = r"(?:web\s*)?(?:page|pages|screen|section|area|form|tab|link|one|bit|part)"
# "the place to X", "the page where I can X": the page is the one to do X on
PLACE_TO = re.compile(
    rf"^(?:(?:the\s+)?(?:{PAGE_NOUN}|place|spot)\s+(?:(?:that|which)\s+(?:has|have|holds|shows|lists|mentions|contains|gives|covers|"
    r"talks\s+about)\s+(?:the\s+|their\s+|its\s+)?|(?:listing|showing|containing)\s+(?:the\s+|their\s+|its\s+)?|"
    r"(?:to|where|for|with|about|on|that|which)\s+(?:(?:i|we|you)\s+(?:can|could)\s+)?)|"
    # "wherever I'd change my settings", "somewhere to leave a comment" (not "where we were")
    r"(?:wherever|where|somewhere|anywhere)\s+(?:(?:where\s+|that\s+)?(?:i|we|you|one)(?:\s*'d|\s+(?:can|could|would|should|may|might|"
    r"need\s+to|have\s+to|get\s+to|go\s+to))|to)\s+)",
    re.I,
)
VAGUE_PAGE = re.compile(
    r"^(?:it|that|this|there|them|one|those|these|something|anything|stuff|the|a|an)?$", re.I
)


def describe(what: str) -> str:
    """The page a navigation's object describes ("the local site's sign-in screen please" -> "sign-in")."""
    what = AROUND.sub("", what.strip())
    what = re.sub(r"^(?:the\s+)?link\s+(?:to|for)\s+", "", what, flags=re.I)
    what = PLACE_TO.sub("", what)
    what = re.sub(r"\s+(?:on|in)\s+(?:it|there)$", "", what, flags=re.I)  # "the page with the shirt on it"
    what = OWNER.sub("", what)
    what = re.sub(r"^(?:the|a|an|their|its|our|your|my|this|that)\s+", "", what, flags=re.I)
    what = re.sub(rf"\s+{PAGE_NOUN}$|^{PAGE_NOUN}$", "", what, flags=re.I)
    return AROUND.sub("", what).strip(" ,.")


def page_request(text: str) -> str | None:
    """The page a clause asks to be taken to ("take me to the login screen" -> "login"); "" when it names
    none ("open the page"); None when the clause is no request for a page."""
    link = re.match(
        LEAD
        + r"(?:follow|click(?:\s+on)?|tap|use|open|hit|press)\s+(?:the\s+|a\s+)?link\s+(?:to|for|about|(?:that|which)\s+"
        r"(?:says|reads)|saying|reading|labell?ed|called|named|with\s+the\s+(?:text|words?))\s+(.+?)\W*$",
        text,
        re.I,
    )
    if link and not NOT_A_PAGE.search(link.group(1)):  # "follow the link to the prices"
        return describe(link.group(1)) or None
    read = re.match(LEAD + r"(?:check|look\s+(?:at|on|through|in)|see|read|scan)\s+(?:the\s+|their\s+|its\s+)?([\w -]+?)\s+"
                    r"(?:page|section)\s+(?:for|to\s+(?:find|see|learn|check)|where|and\s+(?:find|see|tell))\b", text, re.I)  # fmt: skip
    if read and not NOT_A_PAGE.search(read.group(1)):  # "check the about page for the year they started"
        return describe(read.group(1)) or None
    taken = re.match(LEAD + r"(?:grab|get|fetch|copy(?:\s+down)?|pull|take|read|find|note(?:\s+down)?|look\s+up|jot\s+down|"
                     r"dig\s+up|pick\s+up|tell\s+me|show\s+me)\s+(?:me\s+)?(?:the|their|its|today'?s|that)\s+[\w' -]+?\s+(?:off|from|on|in|at)\s+"
                     r"(?:of\s+)?(?:the\s+|their\s+|its\s+)?([\w -]+?)\s+(?:page|section|screen|tab)\W*$", text, re.I)  # fmt: skip
    if taken and not NOT_A_PAGE.search(
        taken.group(1)
    ):  # "grab the code off the about page": that page shows it
        return describe(taken.group(1)) or None
    quoted = re.match(
        LEAD
        + r"(?:open|visit|go\s+to|take\s+me\s+to|show\s+me)\s+(?:the\s+)?(\x00\d+\x00)\s+(?:page|section)\W*$",
        text,
        re.I,
    )
    if quoted:  # "open the 'about us' page"
        return quoted.group(1)
    # "... and then to Contact": a next page, the verb said before
    go = GO.match(text) or re.match(
        r"^\W*(?:and\s+)?(?:then\s+)?(?:on\s+|over\s+|back\s+)?to\s+" + WHAT, text, re.I
    )
    # "the page with the newsletter button": a page by a control it holds, the control no object of its own
    held = go and re.sub(
        rf"^((?:the\s+|a\s+)?{PAGE_NOUN}\s+(?:with|that\s+has|which\s+has|containing|where\s+(?:you|i|we)\s+(?:find|see))\s+.+?)"
        r"\s+(?:button|box|field|check\s*box|drop-?down)\b",
        r"\1",
        go.group("what"),
        flags=re.I,
    )
    # "the page which lists the plans": a relative, no question word
    held = held and re.sub(rf"^((?:the\s+|a\s+)?{PAGE_NOUN}\s+)which\b", r"\1that", held, flags=re.I)
    if go and not NOT_A_PAGE.search(held or ""):
        what = go.group("what")
        if re.match(r"^(?:an?|some|any)\s", what, re.I):
            return None  # "I'm looking for a blue teapot": a thing to search for, not a page
        if re.match(rf"^{SITE}\W*$", what, re.I):
            return None  # "open the site": its home page (another rule)
        page = describe(what)
        if VAGUE_PAGE.match(page):
            return "" if re.search(rf"\b{PAGE_NOUN}\b", what, re.I) else None
        # a page, or words that describe a kind of page; not a fact on one ("show me the discount code")
        named = re.search(rf"\b{PAGE_NOUN}\W*$", AROUND.sub("", what), re.I) or page_kinds(page)
        going = re.match(LEAD + r"(?:go|navigate|head|jump|take|bring|get|send|visit|browse)\b", text, re.I)
        if len(page.split()) <= 4 and (named or going and len(page.split()) <= 2):
            return page
    where = WHERE_TO.match(text)
    # "I want to get in touch with them, can you open ...": the wish ends where the next request starts
    wished = (
        re.split(r"\s*,\s*(?:(?:can|could|would|will)\s+you|please|pls|so)\b", where.group("what"))[0]
        if where
        else ""
    )
    if where and not NOT_A_PAGE.search(wished) and page_kinds(wished):
        what = wished
        if re.match(
            r"^(?:buy|order|purchase|get(?!\s+in\s+touch)|add|pick|choose|put|log\s+in\s+as|sign\s+in\s+as)\b",
            what,
            re.I,
        ):
            return None  # what to do on the page shown
        wish = not re.match(LEAD + r"(?:where|how|is\s+there)\b", text, re.I)
        if wish and re.match(r"^(?:subscribe|sign\s+(?:me\s+|us\s+)?up|join|register)\b", what, re.I):
            return None  # "I'd like to subscribe": its button (here, or on the page its words describe)
        if re.search(
            # "... with those folks", "with someone there": whom, not a value ("with ann@x.org", "with Bo Kim")
            r"\b(?:as|saying|that says|called|named)\b|\bwith\s+(?!(?:the|them|us|their|its|our|you|your|these|those|this|that|"
            r"him|her|me|my|a|an|some|any|someone|somebody|anyone|anybody|people|folks|staff|support|whoever)\b)",
            what,
            re.I,
        ):
            return None  # values to fill in: a form on the page shown
        return describe(what)
    # a page named with no verb: "login page pls", "the page where I can leave a comment", "about us"
    bare = re.match(
        LEAD
        + r"(?!(?:open|click|hit|press|tap|go|show|take|bring|find|fill|visit|where|what|how|use|load|pull|get|follow|see|"
        r"check|view|read|i|we|you|can|could|let|send|put|type|write|enter|make|give|leave|tell|uncheck|untick|tick|"
        r"enable|disable|toggle|turn|switch|activate|deactivate|no|not|stop|please|pls|plz|just|now|then)\b)"
        + rf"(?P<what>(?:the\s+)?(?:(?!(?:in|on|out|up|to|for|with|and|it|this|that|of|at|from|by|me|us)\b)[\w'-]+\s+){{0,3}}?{PAGE_NOUN}|(?:the\s+)?(?:{PAGE_NOUN}|place|spot)\s+(?:where|to|for|about|with|on)\s+"
        r"[\w' -]+?|(?:the\s+)?(?!(?:order|subscribe|search|save|register|join|send|submit|buy|check|sign|log|dark|light|"
        r"express|standard|overnight|small|medium|large)\b)[\w'-]+(?:\s+[\w'-]+)?)"
        + r"(?:\s*,?\s*(?:please|pls|plz|thanks|now))*\W*$",
        text,
        re.I,
    )
    if bare and not NOT_A_PAGE.search(bare.group("what")):
        what = bare.group("what")
        page = describe(what)
        if (
            page
            and not VAGUE_PAGE.match(page)
            and (page_kinds(page) or re.search(rf"\b{PAGE_NOUN}\b", what, re.I))
        ):
            return page
    return None


# The browser's own controls said in words: the keys Chromium gives them (Chrome's keyboard shortcuts,
# support.google.com/chrome/answer/157179, as listed in github.com/tem-tem/shortcuts src/data/chromeWin.json:
# Ctrl+0 default size, Home/End top/bottom of the page, Ctrl+U source, Ctrl+H history, F11 full screen,
# Esc stop loading, Ctrl+Shift+R reload ignoring the cache).
TAIL = r"(?:\s+(?:please|pls|plz|now|again|for\s+me|then|too|thanks|real\s+quick|a\s+(?:bit|little)|slightly))*\W*$"
CHROME = [
    (r"(?:press|click|hit|tap|use|push)\s+(?:on\s+)?(?:the\s+)?(?:browser'?s?\s+)?back(?:\s+(?:button|arrow|key))?|"
     r"(?:go|navigate|head|take\s+me)\s+back\s+(?:a|one)\s+(?:page|step)|(?:return|go\s+back)\s+to\s+(?:where\s+i\s+was|"
     r"the\s+page\s+before)", ("alt+Left",)),
    (r"(?:press|click|hit|tap|use|push)\s+(?:on\s+)?(?:the\s+)?(?:browser'?s?\s+)?forward(?:\s+(?:button|arrow|key))?",
     ("alt+Right",)),
    (r"(?:go|scroll|jump|move|head|skip|take\s+me|get\s+me)\s+(?:all\s+the\s+way\s+)?(?:(?:back\s+)?up\s+)?to\s+the\s+(?:very\s+)?"
     r"(?:top|start|beginning)(?:\s+of\s+(?:the|this)\s+(?:page|site|screen))?|scroll\s+all\s+the\s+way\s+up", ("Home",)),
    (r"(?:go|scroll|jump|move|head|skip|take\s+me|get\s+me)\s+(?:all\s+the\s+way\s+)?(?:down\s+)?to\s+the\s+(?:very\s+)?"
     r"(?:bottom|end)(?:\s+of\s+(?:the|this)\s+(?:page|site|screen))?|scroll\s+all\s+the\s+way\s+down", ("End",)),
    (r"(?:reset|restore|undo|clear)\s+(?:the\s+)?(?:page\s+)?zoom(?:\s+level)?|(?:zoom|(?:set|put|bring|get|turn)\s+(?:the\s+)?zoom(?:\s+level)?)\s+(?:back\s+)?(?:to\s+)?"
     r"(?:100\s*%|100\s+percent|normal|default|(?:the\s+)?(?:actual|original|normal|default)\s+size)|"
     r"(?:back\s+to\s+|(?:go|set\s+(?:it|the\s+page))\s+(?:back\s+)?to\s+)?(?:the\s+)?(?:normal|default|actual|original)\s+"
     r"(?:zoom|size)", ("ctrl+0",)),
    (r"(?:make|set|turn)\s+(?:the\s+|this\s+)?(?:it|page|text|font|words|everything|letters)(?:\s+on\s+(?:the|this)\s+page)?\s+"
     r"(?:a\s+(?:bit|little|lot)\s+|much\s+|slightly\s+)?(?:bigger|larger)", ("ctrl+equal",)),
    (r"(?:make|set|turn)\s+(?:the\s+|this\s+)?(?:it|page|text|font|words|everything|letters)(?:\s+on\s+(?:the|this)\s+page)?\s+"
     r"(?:a\s+(?:bit|little|lot)\s+|much\s+|slightly\s+)?smaller", ("ctrl+minus",)),
    (r"(?:view|show(?:\s+me)?|open|display|see)\s+(?:the\s+)?(?:this\s+)?(?:page'?s?\s+)?(?:html\s+)?source(?:\s+code)?"
     r"(?:\s+of\s+(?:the|this)\s+page)?", ("ctrl+u",)),
    (r"(?:view|show(?:\s+me)?|open|display|see|check)\s+(?:the\s+|my\s+)?(?:browser'?s?\s+|browsing\s+)?history", ("ctrl+h",)),
    (r"(?:go|switch|enter|turn\s+on|toggle|make\s+it|put\s+it\s+in|view\s+(?:it|this)\s+in)\s+(?:to\s+)?full\s*-?\s*screen"
     r"(?:\s+mode)?|full\s*-?\s*screen(?:\s+mode)?|(?:exit|leave|quit|turn\s+off|get\s+out\s+of)\s+full\s*-?\s*screen(?:\s+mode)?",
     ("F11",)),
    (r"stop\s+(?:the\s+)?(?:page\s+)?(?:from\s+)?loading(?:\s+(?:the|this)\s+page)?", ("Escape",)),
    (r"(?:hard|force|full)[\s-]+(?:reload|refresh)(?:\s+(?:the|this)\s+page)?|(?:reload|refresh)\s+(?:the\s+|this\s+)?"
     r"(?:page\s+|site\s+|it\s+|this\s+)?(?:without|bypassing|ignoring|skipping)\s+(?:the\s+)?cache", ("ctrl+shift+r",)),
    (r"copy\s+(?:the\s+|this\s+)?(?:page'?s?\s+)?(?:url|address|link|web\s+address)(?:\s+of\s+(?:the|this)\s+page)?",
     ("ctrl+l", "ctrl+c", "Escape")),
]  # fmt: skip
# "go back twice", "press back 3 times", "go two pages back": the browser's back (or forward) key, that often
TIMES = {"twice": 2, "thrice": 3, "two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_N = r"(?P<n>twice|thrice|(?:two|three|four|five|[2-5])\s+(?:times|pages|steps))"
HISTORY_STEPS = re.compile(
    LEAD
    + r"(?:(?:go|navigate|head|step|jump|move|press|hit|click|tap|use|push)\s+(?:on\s+)?(?:the\s+)?(?:browser'?s?\s+)?)?(?P<way>back|forward)"
    rf"(?:\s+(?:button|arrow|key))?\s+{_N}|(?:go|navigate|head|step|jump|move)\s+"
    r"(?P<n2>two|three|four|five|[2-5])\s+(?:pages|steps)\s+(?P<way2>back|forward)" + TAIL,
    re.I,
)


def history_steps(text: str) -> tuple[str, ...]:
    """The keys for going back or forward more than one page (`HISTORY_STEPS`), () for no such clause."""
    m = HISTORY_STEPS.match(text)
    if not m:
        return ()
    n = TIMES[(m.group("n") or m.group("n2")).split()[0].lower()]
    return ("alt+Left" if (m.group("way") or m.group("way2")).lower() == "back" else "alt+Right",) * n


# "go home", "take me back home": the site's own home page (Chromium's Home button opens its new tab page)
HOME = re.compile(
    LEAD
    + r"(?:(?:go|head|get|take\s+me|bring\s+me|return|come|navigate|jump|back)\s+(?:back\s+|straight\s+)?(?:to\s+)?"
    r"home|home\s+page|back\s+home|home(?=\W*(?:(?:please|pls|plz)\W*)?$))" + TAIL,
    re.I,
)
# "go back to where we started", "return to the page I began on": the page shown when the task began (the
# agent fills in its address), however many pages were opened since
STARTED = re.compile(
    LEAD
    + r"(?:(?:go|come|head|get|jump|navigate|return|take\s+(?:me|us)|bring\s+(?:me|us)|switch|finish|end\s+up)\s+(?:right\s+|all\s+the\s+way\s+)?"
    r"(?:back\s+)?(?:to\s+|on\s+|at\s+)?|back\s+to\s+)"
    r"(?:where\s+(?:we|i|you)\s+(?:started|began|begun|were\s+(?:at\s+first|originally|to\s+begin\s+with|at\s+the\s+start))|"
    r"(?:the\s+)?(?:page|place|spot|one)\s+(?:that\s+)?(?:we|i|you)\s+(?:started|began)(?:\s+(?:on|from|at|with|off\s+on))?|"
    r"the\s+(?:page|place|one)\s+(?:that\s+)?(?:we|i|you)\s+(?:were\s+on|had\s+open|came\s+from)\s+(?:at\s+first|originally|to\s+begin\s+with|"
    r"at\s+the\s+start)|(?:the\s+|my\s+|our\s+)?(?:original|starting|initial)\s+page|the\s+start(?:ing\s+point)?|the\s+beginning)"
    + TAIL,
    re.I,
)
# "open the fixture shop", "bring up the shop's website": the site's home page (a bare "the site" stays a question)
SITE_HOME = re.compile(
    LEAD
    + r"(?:open(?:\s+up)?|visit|go\s+to|bring\s+up|pull\s+up|load|show\s+me|take\s+me\s+to|navigate\s+to|head\s+to|"
    r"get\s+me\s+to|launch|start)\s+(?:(?:the|this|that|our|their|your|my)\s+)?(?:(?:local|test|testing|demo|fixture|shop'?s|"
    r"store'?s)\s+(?:web\s*)?(?:site|shop|store|server|website)|shop|store|fixture\s+shop|online\s+(?:shop|store))"
    + TAIL,
    re.I,
)
# "open a fresh tab": a new tab, however it is called
NEW_TAB = re.compile(r"\b(?:new|fresh|blank|empty|another|second|separate|extra)\s+tab\b", re.I)


def chrome_keys(text: str) -> tuple[str, ...]:
    """The keys for a clause that only works the browser's own controls ("reset the zoom", "press the back
    button", "scroll to the very top"); () when it is no such clause."""
    for pattern, keys in CHROME:
        if re.match(LEAD + rf"(?:{pattern})" + TAIL, text, re.I):
            return keys
    return ()


# Values as people type them: up to a space, comma, semicolon, bracket or closing quote (a trailing full stop
# ends a sentence, not the value)
VALUE = (
    r"[\"'\u2018\u201c]?([^\s\"'\u2019\u201d,;()\[\]=]+?)[\"'\u2019\u201d]?(?=[\s,;()\[\]]|[.!?:]+(?:\s|$)|$)"
)
NOT_VALUE = {"the", "a", "an", "is", "and", "as", "to", "in", "for", "my", "me", "with", "field", "box", "of", "on",
             "it", "its", "it's", "please", "then", "be", "was", "will", "should", "name", "trying", "going", "not",
             "using", "use", "at", "into", "from", "so", "this", "that", "here", "there", "page", "form", "site",
             "login", "account", "user", "username", "password", "screen", "section", "area", "bit", "part", "tab",
             # who types it ("I'll enter that on my own ... myself"), never what
             "myself", "yourself", "ourselves", "themselves", "himself", "herself", "later"}  # fmt: skip
SECRET = r"(?:password|passcode|passwd|pwd|pw|pass)\b"


def _value(pattern: str, text: str, group: int = 1) -> str:
    """The first value the pattern finds that is no filler word ("the login form: user frank": not "form")."""
    return next(
        (m.group(group) for m in re.finditer(pattern, text, re.I) if m.group(group).lower() not in NOT_VALUE),
        "",
    )


def credentials(text: str) -> tuple[str, str] | None:
    """(user name, password) of a sign-in said loosely ("I'm tomasz, pw is stork!42", "use the account bruno
    (password: k9-walker)", "login: mo / k9"); None unless the clause signs in and gives both."""
    if not re.search(
        rf"\b(?:log\s*-?\s*(?:me\s+|us\s+)?in(?:to)?|sign\s*-?\s*(?:me\s+|us\s+)?in(?:to)?|login|logon|credentials|{SECRET})\b",
        text,
        re.I,
    ):
        return None
    text = re.sub(
        r"\S*(?:://|\.html?\b)\S*|(?<!\S)/\w\S*|\b(?:localhost|127\.0\.0\.1)(?::\d+)?\S*", " ", text
    )  # no address
    secret = (
        _value(rf"\b{SECRET}\s*(?:(?:is|was|will\s+be|should\s+be|of|=|:|-)\s*)?{VALUE}", text)
        or _value(rf"{VALUE}\s+(?:as|for)\s+(?:the\s+|my\s+)?{SECRET}", text)
        or _value(
            # "sign in as kim with tulip7": after the user, what the sign-in is made with
            rf"\b(?:log|sign)\s*-?\s*(?:me\s+|us\s+)?in\s+as\s+\S+\s+(?:with|using|and)\s+(?:the\s+|my\s+)?(?:{SECRET}\s*)?{VALUE}",
            text,
        )
    )
    user = (
        _value(
            rf"\b(?:user\s*-?\s*name|user|login|account|(?:log|sign)\s*(?:me\s+)?in\s+as)\b\s*(?:(?:is|was|=|:|-)\s*)?{VALUE}",
            text,
        )
        or _value(rf"\b(?:i'?m|i\s+am)\s+{VALUE}(?=\s*(?:,|;|\band\b|\bwith\b|\(|$))", text)
        or _value(rf"{VALUE}\s+as\s+(?:the\s+|my\s+)?(?:user\s*-?\s*name|user|login)\b", text)
    )
    pair = rf"(?:\bwith|\busing|\bit'?s|\bthey'?re|\bare|:|\()\s*{VALUE}\s*(?:/|,|\band\b)\s*(?:{SECRET}\s*(?:is|:|=)?\s*)?{VALUE}"
    if not (user and secret):
        user, secret = user or _value(pair, text, 1), secret or _value(pair, text, 2)
    if not user or not secret or user == secret:
        return None
    return user, secret


MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PERSON = r"((?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+){0,2})"


def contact_details(text: str) -> tuple[str, str] | None:
    """(name, email) for a contact form said loosely ("I'm Omar Haddad, reach me at omar@x.net", "from Ines
    Duarte (ines@x.pt)"); None without an email address. The name is "" when none is said."""
    mail = MAIL.search(text)
    if not mail:
        return None
    name = (
        re.search(
            rf"\b(?:(?:my\s+)?(?:full\s+)?name(?:'s|\s+is)?\s*:?|i'?m|i\s+am|this\s+is|as|from|for|by|sign\s+it)\s+{PERSON}",
            text,
            re.I,
        )
        or re.search(rf"{PERSON}\s+here\b", text)
        # "put Ada Lee as the name", "use Bo Kim for the name field", "fill the name in with Jo Park"
        or re.search(rf"{PERSON}\s+(?:as|for|in|into|under)\s+(?:the\s+|my\s+)?name\b(?!\s*:)", text)
        or re.search(rf"\bname\s+(?:field\s+|box\s+)?(?:in\s+)?(?:with|to|as)\s+{PERSON}", text, re.I)
        or re.search(
            rf"{PERSON}\s*(?:,|\(|\band\b|\bat\b|-|<|/|;)\s*(?:(?:my\s+)?e-?mail\s*(?:is|:)?\s*)?{re.escape(mail.group(0))}",
            text,
        )
    )
    # "ana@x.pt, Ana Costa": the name after the address
    name = name or re.search(
        rf"{re.escape(mail.group(0))}\s*(?:,|;|\(|-|\band\b|\s)\s*(?:(?:my\s+)?(?:full\s+)?name(?:'s|\s+is)?\s*:?\s*)?"
        rf"(?!(?:Contact|Please|Thanks|Thank|Subscribe|Sign|Log|Login|Search|Order|Feedback|Hi|Hello|Hey|Cheers|Regards|"
        rf"Send|Submit|And|Then)\b){PERSON}",
        text,
    )
    person = name.group(1) if name else ""
    person = "" if re.match(r"(?i)(?:I|The|My|Me|Name|Email|Send|Use)\b", person) else person
    return person, mail.group(0)


# Shop words typed in a hurry: short forms, and words one slip away from a word web requests use ("prcing pg")
SHORT = {"pg": "page", "pgs": "pages", "abt": "about", "u": "you", "ur": "your", "thx": "thanks", "msg": "message",
         "pls": "please", "plz": "please", "pric": "pricing", "fil": "fill", "hw": "how", "ppl": "people", "sub": "subscribe"}  # fmt: skip
SHOP_WORDS = ("pricing", "prices", "plans", "contact", "about", "login", "signin", "subscribe", "newsletter", "settings",
              "preferences", "feedback", "search", "catalog", "catalogue", "order", "checkout", "downloads", "download",
              "links", "shipping", "delivery", "password", "username", "express", "overnight", "standard", "medium",
              "large", "small", "discount", "coupon", "basket")  # fmt: skip
# difflib's ratio from which a word is taken for a shop word: "prcing" ~ "pricing" 0.92, "contcat" ~ "contact"
# 0.86; "older" ~ "order" 0.8 and "largest" ~ "large" 0.83 stay as they are
SLIP = 0.84


# The words web requests are made of (verbs, question words, page and form nouns): a word no dictionary knows
# that is one slip (a letter dropped, added, changed or two swapped) from one of these is that word ("opne the
# prcing pag", "whts the discont code", "serch for x"); a word one slip from none (a product, a name) is left.
REQUEST_WORDS = frozenset(
    "what whats where wheres how when which who why is are was does do did can could would will should "
    "open show take bring go get find search look check send submit fill enter type sign log leave give tell "
    "write put press click hit tap follow visit head navigate return choose pick select tick untick turn switch "
    "save change set add order buy subscribe unsubscribe register join want need like please thanks thank "
    "page pages site website shop store home main front link links button form field box tab screen section "
    "price prices pricing cost costs plan plans contact about login account password username user email mail "
    "name message feedback comment review newsletter settings preferences options option dark mode light "
    "shipping delivery express overnight standard size small medium large cart basket discount code coupon promo "
    "download downloads report catalog catalogue product products monthly month year founded company team "
    "much many since the there their them then this that these those with from into for and you your "
    "me my our us back forward reload refresh new again first next last".split()
)


def slip(a: str, b: str) -> int:
    """How `a` becomes `b` by one slip: 1 two neighbours swapped, 2 a letter dropped or added, 3 a letter
    changed; 0 when it takes more."""
    if a == b or abs(len(a) - len(b)) > 1:
        return 0
    if len(a) == len(b):
        diff = [n for n in range(len(a)) if a[n] != b[n]]
        if len(diff) == 1:
            return 3
        swapped = (
            len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
        )
        return 1 if swapped else 0
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return 2 if any(long[:n] + long[n + 1 :] == short for n in range(len(long))) else 0


_KNOWN: set[str] | None = None


def known_words() -> set[str]:
    """Lower-case English words (the whole-word entries of MiniLM's WordPiece vocabulary, 22k), or an empty
    set when the model package is missing (then no word is taken for a slip by this rule)."""
    global _KNOWN
    if _KNOWN is None:
        try:
            from deskpilot.perception.semantic import model_dir

            words = (model_dir() / "vocab.txt").read_text(encoding="utf-8").split()
            _KNOWN = {w for w in words if w.isalpha() and w.islower()}
        except Exception:  # the package is optional for the NLU
            _KNOWN = set()
    return _KNOWN


def request_word(word: str) -> str:
    """The request word an unknown lower-case word is one slip from ("opne" -> "open"), else the word."""
    if len(word) < 3 or word in REQUEST_WORDS or not known_words() or word in known_words():
        return word
    # a changed letter only in longer words ("typo" is no slip of "type"; "prcie" ... "pricse" are)
    close = sorted(
        (slip(word, w), w)
        for w in REQUEST_WORDS
        if len(w) >= 3 and slip(word, w) and (slip(word, w) < 3 or len(word) >= 6)
    )
    # the likeliest slip (a swap before a dropped letter before a changed one), if one stands out
    return close[0][1] if close and (len(close) == 1 or close[0][0] < close[1][0]) else word


def fix_slips(text: str) -> str:
    """Short forms and slips of lower-case words outside quotes, addresses and emails ("the contcat pg" ->
    "the contact page"); names and values in capitals are left."""

    def fixed(word: str) -> str:
        if word in SHORT:
            return SHORT[word]
        if len(word) < 5 or word in SHOP_WORDS:
            return request_word(word)
        close = difflib.get_close_matches(word, SHOP_WORDS, n=1, cutoff=SLIP)
        # a plural or singular of a shop word is no slip ("setting", "orders")
        return (
            close[0]
            if close and not (close[0].startswith(word) or word.startswith(close[0]))
            else request_word(word)
        )

    return each_plain_word(text, fixed)


def settings_kept(commands: list[Command]) -> list[Command]:
    """Options set on a web page are kept: after the last check box turned with nothing done after it, the
    form's button ("enable dark mode in the settings": a setting not saved is lost with the page)."""
    toggled = [n for n, c in enumerate(commands) if c.kind == "toggle" and c.app == "browser"]
    if not toggled or toggled[-1] + 1 < len(commands):
        return []
    return [Command("submit", app="browser", clause="(the options set are saved)")]


# Words that send what a form was filled with ("send that through the form", "get in touch")
SENDS = re.compile(
    r"\b(?:send|submit|contact(?:ing)?|reach|get(?:ting)?\s+in\s+touch|message|write\s+to|sign\s+(?:me\s+)?up|"
    r"register|post|go\s+ahead)\b",
    re.I,
)


# The order form's choices said in any words ("I'd like it shipped overnight", "express, then check out",
# "have it sent the quickest way and buy it"): the option a shipping word or a ranking names
SHIP_OPTIONS = {"standard": "standard", "regular": "standard", "normal": "standard", "express": "express",
                "overnight": "overnight", "next-day": "overnight", "fastest": "overnight", "quickest": "overnight",
                "speediest": "overnight", "cheapest": "standard", "slowest": "standard"}  # fmt: skip
SHIP_WORD = re.compile(r"\b(standard|express|overnight|next-day|(?:regular|normal)(?=\s+(?:shipping|delivery|post))|"
                       r"(?:fastest|quickest|speediest|cheapest|slowest)(?=\s+(?:shipping|delivery|option|way|method|one|possible)))\b", re.I)  # fmt: skip
ORDERS = re.compile(r"\b(?:order|buy|purchase|check\s*-?\s*out|pay|confirm|submit|complete|finish|finali[sz]e|place\s+it|"
                    r"send\s+it\s+off|go\s+ahead)\b", re.I)  # fmt: skip
NOT_AN_ORDER = re.compile(r"\?|\b(?:search|catalog(?:ue)?|find|look\s+(?:for|up)|how|what|which|when|whether|if|cost|price|"
                          r"tell|feedback|message|say|says|saying|write|note|complain|review|comment|mode|plan|tier|pro|basic|"
                          r"subscri|newsletter|sign|log|don'?t|not|no|instead\s+of|rather\s+than|except)\b|\x00|@", re.I)  # fmt: skip


def order_choice(text: str) -> tuple[str, bool] | None:
    """(shipping option, whether to send the order) for a clause that chooses how an order ships, said
    loosely; None when the clause names no option, asks something, or is about something else."""
    words = list(SHIP_WORD.finditer(text))
    if not words or NOT_AN_ORDER.search(text):
        return None
    said = words[-1].group(1)  # "it's set to standard but I want express": the one said last
    option = said if said.lower() in ("standard", "express", "overnight") else SHIP_OPTIONS[said.lower()]
    return option, bool(ORDERS.search(text))


# A remark beside web steps that asks for nothing, whatever the words in it name ("wrong page.", "checkout is
# waiting", "I don't have an account, ..."): why or where the user is, not what to do
WEB_ASIDE = re.compile(
    r"^\W*(?:(?:oh|oops|whoops|nope|hmm|no|and|but|so|because|since|as)\W+)*(?:"
    r"(?:(?:that'?s|this\s+is|it'?s|that\s+is|this\s+is\s+the|that'?s\s+the)\s+)?(?:the\s+)?(?:wrong|incorrect|not\s+the\s+right)\s+(?:page|site|tab|one|link|screen)|"
    r"(?:the\s+|my\s+)?(?:checkout|cart|basket|order|form|payment|page|boss|client|customer|friend|meeting|train|bus)\s+(?:is|are)\s+"
    r"(?:waiting|pending|open|ready|loading|due|leaving|starting)(?:\s+(?:for\s+(?:me|us|it)|soon|now))?|"
    r"(?:i|we)\s+(?:don'?t|do\s+not|never)\s+(?:have|had|got)\s+(?:an?\s+|any\s+)?(?:account|login|password|user\s*name|log-?in|one)(?:\s+(?:here|there|with\s+them|yet))?"
    r")\W*$",
    re.I,
)
# Words after a request that only say how soon, or that the page stays ("the discount code, quick", "...
# and leave that page open"): nothing to do of their own
LOOSE_END = re.compile(
    r"(?:\s*[,;\u2014-]+\s*(?:and\s+)?(?:quick(?:ly)?|real\s+quick|asap|fast|pronto|right\s+away|chop\s+chop)|"
    r"\s*,?\s+(?:and\s+)?(?:then\s+)?(?:leave|keep)\s+(?:that|the|this|it)(?:\s+(?:page|tab))?\s+(?:open|up|there|showing)|"
    r"\s*,?\s+(?:and\s+)?(?:then\s+)?stay\s+(?:there|on\s+(?:it|that(?:\s+page)?|the\s+page)))\W*$",
    re.I,
)


def loose_ends(text: str) -> str:
    """The request without the words after it that ask for nothing (`LOOSE_END`)."""
    if re.search(r"[\"\u201c\u2018]|(?<!\w)'(?=\w)", text):
        return text
    # "I'd like to end up subscribed to the newsletter", "make sure I'm subscribed": a wish to subscribe
    text = re.sub(r"\b(?:(?:i|we)(?:'d|\s+would)\s+like\s+to|(?:i|we)\s+(?:want|wanna|need)\s+to|make\s+sure\s+(?:i'?m|i\s+am|we'?re))\s+"
                  r"(?:(?:end\s+up|be|get|become)\s+)?(?:subscribed|signed\s+up)\b", "subscribe me", text, flags=re.I)  # fmt: skip
    # "a friend said Pro is 29 a month, can you check that's right", "is it true that basic costs 9?": the
    # claim, looked up
    text = re.sub(
        r"^\W*(?:(?:a|my|some|our)\s+\w+|someone|somebody|they|people|i|we)\s+(?:told|tells|said|says|claims?|claimed|heard|read|"
        r"mentioned|thinks?|thought|believes?)\s+(?:me\s+|us\s+)?(?:that\s+)?(?P<claim>.+?)\s*[,;.\u2014-]*\s*(?:(?:can|could|would)\s+you\s+|please\s+)?"
        r"(?:check|verify|confirm|see|find\s+out|make\s+sure)\s+(?:if\s+|whether\s+|that\s+)?(?:that'?s|that\s+is|it'?s|it\s+is|this\s+is|they'?re)\s+"
        r"(?:right|true|correct|accurate|so|still\s+(?:true|right|correct|the\s+case))\W*$|"
        r"^\W*(?:is\s+it\s+(?:true|right|correct)|is\s+it\s+still\s+the\s+case)\s+that\s+(?P<asked>.+?)\W*$",
        lambda m: f"check whether {m.group('claim') or m.group('asked')}", text, flags=re.I)  # fmt: skip
    # "I forgot the shop's discount code, can u find it": the pointer is the fact named before it
    pointed = re.search(r"\s*[,.;\u2014-]+\s*(?:(?:so\s+)?(?:can|could|would)\s+(?:you|u)\s+|please\s+|pls\s+)?(?:find|get|fetch|grab|look(?:\s+up)?|dig(?:\s+up)?|"
                        r"check|show|read|tell)\s+(?:it|that|them|me\s+it|it\s+to\s+me)(?:\s+(?:up|out|for\s+me|please|pls))*\W*$", text, re.I)  # fmt: skip
    if pointed and re.search(
        rf"\b(?:the|their|its|your|today'?s|(?!(?:there|it|that|here|what|who|where|he|she)'s)\w+'s)\s+(?:[\w-]+\s+){{0,2}}?{FACT_NOUN}",
        text[: pointed.start()],
        re.I,
    ):
        text = text[: pointed.start()]
    # "click through to About from the home page": where the link is, which the page's plan finds anyway
    text = re.sub(r"(?<=\w)\s+(?:starting\s+)?from\s+(?:the\s+)?(?:site'?s\s+)?(?:home|start|main|front|index|landing)\s*page(?=\W*$)", "",
                  text, flags=re.I) if re.match(LEAD + r"(?:click|tap|follow|go|navigate|head|jump|get|take|bring|open)\b", text, re.I) else text  # fmt: skip
    return LOOSE_END.sub("", text).strip() or text


# A question wrapped in a wish to know ("I'd like to see how much Basic costs", "let me see what Pro costs", "I
# want to find out when they started"): the question itself, which the site answers
WISH_TO_KNOW = re.compile(
    r"^\W*(?:(?:please|pls|so|ok|okay|hey|hi|um|well|and|just)\W+)*(?:(?:i|we)(?:\s+(?:really\s+|just\s+)?(?:want|need|would\s+(?:like|love)|"
    r"wanna|wish)|\s*'d\s+(?:like|love))(?:\s+to)?|let\s+(?:me|us)|(?:can|could|may)\s+(?:i|we)|help\s+(?:me|us)|(?:i'?m|i\s+am|we'?re)\s+"
    r"(?:trying|hoping|keen|curious)\s+to)\s+(?:(?:quickly|just)\s+)?(?:see|know|find\s+out|check|learn|"
    r"figure\s+out|work\s+out|look\s+up|understand|hear)\s+(?=(?:how|what|when|who|which|whether|if)\b)|"
    r"^\W*(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:just\s+|really\s+)?curious\s+(?:about\s+)?(?=(?:how|what|when|who|which|whether|if)\b)",
    re.I,
)


def wished_question(text: str) -> str:
    """The question a wish to know wraps (`WISH_TO_KNOW`), asked as a question; the text as it is else."""
    m = WISH_TO_KNOW.match(text)
    if not m or re.search(
        r"[.;!]\s+\w|\b(?:and|then)\s+(?:then\s+)?(?:open|go|click|fill|send|submit|order)\b",
        text[m.end() :],
        re.I,
    ):
        return text  # one question only, no step after it
    return text[m.end() :].rstrip(" .!") + ("" if text.rstrip().endswith("?") else "?")


# Facts the site states, wished for or asked after in a few words ("I need the discount code for today",
# "read me the pro plan's price", "price of the cheapest plan?"): the words of the fact, looked up
FACT_NOUN = (r"\b(?:discounts?|coupons?|promo(?:tion)?s?|vouchers?|codes?|prices?|pricing|costs?|fees?|rates?|charges?|"
             r"years?|founding|founded|history|e-?mail\s+address|phone(?:\s+number)?|hours|reports?|revenue|figures|"
             r"plans?|tiers?|shipping\s+(?:options|methods|choices)|sizes)\b")  # fmt: skip
FACT_WISH = re.compile(
    LEAD
    + r"(?:(?:i|we)\s+|(?:i|we)(?='))?(?:(?:really\s+|just\s+|still\s+)?(?:need|want|would\s+like|'d\s+like|am\s+after|'m\s+after|'re\s+after|"
    r"could\s+use|forgot|forget|(?:can'?t|cannot|don'?t|do\s+not)\s+(?:remember|recall|find))|(?:read|tell|give|get|fetch|grab|find|show|bring|pull)\s+(?:me|us))\s+"
    r"(?:to\s+(?:know|get|find|learn|see|view|check|read|have)\s+)?(?:the|their|its|your|today'?s|(?:this|the)\s+(?:shop|store|site)'?s)\s+"
    r"(?P<what>[\w' -]+?)(?:\s+(?:for\s+today|today|please|pls|now|for\s+me))*\W*$",
    re.I,
)
FACT_ASKED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|also)\s+)?(?:the\s+|their\s+|its\s+|your\s+|today'?s\s+)?"
    r"(?!(?:got|have|has|is|are|was|do|does|did|can|could|will|would|any|an?|some|what|how|which|when|where|who|why)\b)(?P<what>[\w' -]+?)\s*\?\W*$",
    re.I,
)
NOT_FACT = re.compile(rf"\b(?:{PAGE_NOUN}|my|me|i|you|it|this|that|one|button|box|field)\b|\x00|@", re.I)


def fact_asked(text: str) -> str:
    """The fact a wish or a few words ask after (see `FACT_WISH`), "" when the clause is no such request."""
    for pattern, most in ((FACT_WISH, 6), (FACT_ASKED, 6)):
        m = pattern.match(text)
        if not m:
            continue
        what = re.sub(r"'s\b", "", m.group("what"))
        if (
            re.match(LEAD + r"(?:show|bring|pull)\b", text, re.I)
            or re.search(r"\bto\s+(?:see|view|check|read|have)\b", text, re.I)
        ) and page_kinds(what):
            continue  # "show me the prices", "I want to see the plans": the page of that kind
        if re.search(FACT_NOUN, what, re.I) and not NOT_FACT.search(what) and len(what.split()) <= most:
            return what
    return ""


# Where the page is, said beside the request ("..., it's search.html", "the newsletter page is subscribe.html",
# "(the data's at 127.0.0.1:8000/report.txt)"): that address is opened first, and a step that only described
# the page is that address
ADDR = r"(?P<addr>(?:https?://)?(?:(?:localhost|127\.0\.0\.1|[\w-]+(?:\.[\w-]+)+)(?::\d+)?)?/[\w./-]*[\w/]|(?:localhost|127\.0\.0\.1):\d+/?)"
FRAME = (
    r"(?:(?:(?:the|their|its)\s+[\w' -]{1,40}?|(?:it|that|this|they)|the\s+(?:data|numbers|figures|file|info|details))"
    r"(?:'s|'re|\s+(?:is|are|lives|sits|can\s+be\s+found))\s+(?:(?:at|on|under|in)\s+)?)"
)
HINT = re.compile(
    # said in a frame of its own ("the newsletter page is subscribe.html"), or set off by a comma or a bracket
    rf"(?:(?P<sep>^|[.;!?\u2014]\s+|,\s*|\s+-\s+|\s*(?=\())(?:\(\s*)?{FRAME}|(?P<sep2>,\s*|\s+-\s+|\s*\u2014\s*|\s*(?=\())(?:\(\s*)?)"
    + ADDR
    + r"(?![\w./-])(?:\s+(?:on|at|of)\s+(?:this|the|their|our)\s+(?:same\s+)?(?:local\s+)?(?:site|shop|store|server|website))?"
    r"\s*\)?(?=\s*(?:[.;!?,\u2014]|\s-|$))",
    re.I,
)


def address_hint(text: str, question) -> str:
    """The request with the page's address said beside it opened first (`HINT`); `question`: whether a clause
    is a question (then the page at the address is its answer). The text as it is without such a hint, or
    when the address is the request's own object ("open /pricing.html")."""
    hints = [m for m in HINT.finditer(text) if m.group(0).strip(" .,;!?\u2014-")]
    if len(hints) != 1:
        return text
    m = hints[0]
    before = (text[: m.start()] + re.sub(r"[^?!.]", "", m.group("sep") or "")).rstrip(" ,;\u2014-")
    if re.search(r"\b(?:open|visit|load|go\s+to|navigate\s+to|head\s+to|take\s+me\s+to|bring\s+up|show\s+me|pull\s+up|"
                 r"at|on|from|to|in|into)\s*$", before, re.I):  # fmt: skip
        return text  # "open /x.html", "the code on /about.html": the address is the object
    rest = (before + " " + text[m.end() :].lstrip(" .,;!?\u2014-")).strip(" ,;\u2014-")
    addr = m.group("addr")
    if not rest or question(rest):
        return f"open {addr}"
    parts = [p for p in re.split(r"(?<=[.!?;\u2014])\s+|\s*\u2014\s*|,\s+(?=(?:and\s+)?(?:then\s+)?(?:subscribe|sign|log|order|search|fill|send|tick|click|press|add|buy|choose|pick)\b)", rest) if p.strip(" .,;!?\u2014-")]  # fmt: skip

    # beside the address, only what is done on its page is a step: a clause that described the page ("open the
    # catalog search", "I meant to look at pricing") or was a remark ("I don't want to download it") is the address
    def goes(part: str) -> bool:
        part = part.strip(" .,;!?\u2014-")
        named = re.sub(
            r"\b[\w-]+(?:\s+in|\s+up)?\s+(?:page|screen|section|form)\b", "", part, flags=re.I
        )  # "the sign-in page"
        return not question(part) and not re.search(
            r"\b(?:subscri\w*|sign|log|order|search\s+for|fill|send|tick|buy|add|choose|pick|click|press|type|enter)\b",
            named,
            re.I,
        )

    kept = [p for p in parts if not goes(p)]
    return ". ".join([f"open {addr}", *[k.strip(" .,;\u2014-") for k in kept]])


# "click subscribe on the newsletter page", "press Save in the preferences screen": the page, then its control
ON_PAGE = re.compile(
    LEAD
    + r"(?:click|press|hit|tap|push|use)\s+(?:on\s+)?(?:the\s+)?(?P<control>[\w' -]+?)(?:\s+(?:button|link|box))?\s+"
    r"(?:on|in|at|from)\s+(?:the\s+|their\s+|its\s+)?(?:(?P<page>[\w -]+?)\s+(?:page|screen|form|section)|(?P<homepage>homepage))\W*$",
    re.I,
)


# "untick dark mode on the preferences page", "turn the newsletter off in my settings": the page, then the box
OPTION_ON_PAGE = re.compile(
    LEAD
    + r"(?P<verb>tick|untick|check|uncheck|enable|disable|activate|deactivate|select|clear|(?:turn|switch|flip)\s+(?:on|off)|(?:turn|switch|flip)(?=\s+.+\s+(?:on|off)\s+(?:in|on)\s))\s+"
    r"(?:the\s+|my\s+)?(?!(?:everything|all|both|each|every|it|them|that|this|these|those|box|boxes)\b)(?P<option>[\w-]+(?:\s+mode)?)(?:\s+(?:box|option|setting|check\s*box|toggle))?(?:\s+(?P<way>on|off))?\s+(?:in|on|at|from)\s+"
    r"(?:the\s+|my\s+|their\s+|its\s+|this\s+)?(?P<page>[\w -]+?)(?:\s+(?:page|screen|form|section|tab))?\W*$",
    re.I,
)


def option_on_page(text: str) -> tuple[str, bool, str] | None:
    """(option, on, page) for a check box turned with the page it is on said (`OPTION_ON_PAGE`); None when
    the place is no kind of page ("tick the box on the left")."""
    m = OPTION_ON_PAGE.match(text)
    if not m or not page_kinds(m.group("page")) or len(m.group("page").split()) > 3:
        return None
    if re.fullmatch(r"check|select|clear", m.group("verb"), re.I) and not re.search(
        r"\bmode\b|\b(?:box|option|setting|check\s*box|toggle)\s+(?:in|on|at|from)\b", m.group(0), re.I
    ):
        return None  # "check the discount on the about page": a look, not a check box
    off = re.match(r"un|disable|deactivate|clear|(?:turn|switch|flip)\s+off", m.group("verb"), re.I) or (
        (m.group("way") or "").lower() == "off"
    )
    return m.group("option"), not off, m.group("page")


def control_on_page(text: str) -> tuple[str, str] | None:
    """(control, page) for a click said with the page it is on; None otherwise."""
    m = ON_PAGE.match(text)
    if not m or re.search(r"\blink\s+to\b|\b(?:first|second|third|last|next)\b", m.group("control"), re.I):
        return None
    return m.group("control"), m.group("page") or "home"


# Web requests in a few other languages: the words of a question and of the pages most sites have, in
# German, French, Spanish, Italian and Portuguese, put in English ("wo finde ich die Preise?" -> "where do I
# find the prices?"); a sentence glossed in brackets is read as its gloss ("Wie viel kostet Basic? (how much
# is basic)")
FOREIGN = [
    (
        r"\bwie\s+viel\s+kostet|\bwas\s+kostet|\bcombien\s+co[uû]te|\bcu[aá]nto\s+cuesta|\bquanto\s+costa|\bquanto\s+custa",
        "how much is",
    ),
    (
        r"\bwo\s+finde\s+ich|\bo[uù]\s+(?:est-ce\s+que\s+je\s+)?trouve(?:r)?|\bd[oó]nde\s+encuentro|\bdove\s+trovo|\bonde\s+encontro",
        "where do I find",
    ),
    (
        r"\bwo\s+(?:ist|sind)|\bo[uù]\s+(?:est|sont)|\bd[oó]nde\s+(?:est[aá]n?|queda)|\bdove\s+(?:[eè]|sono)|\bonde\s+(?:est[aá]|fica)",
        "where is",
    ),
    (
        r"\b(?:[öo]ffne|zeig(?:e)?\s+mir|ouvre|montre(?:-moi)?|abre|mu[eé]strame|apri|mostrami|mostre-me)\b",
        "open",
    ),
    (r"\b(?:preise|preis|prix|tarifs?|precios?|prezzi|prezzo|pre[cç]os?)\b", "prices"),
    (r"\b(?:kontakt|contacto|contatti|contato)\b", "contact"),
    (r"\b(?:anmeldung|anmelden|einloggen|connexion|iniciar\s+sesi[oó]n|accedi|entrar)\b", "login"),
    (
        r"\b(?:rabattcode|gutschein(?:code)?|code\s+promo|c[oó]digo\s+(?:de\s+)?descuento|codice\s+sconto|cupom)\b",
        "discount code",
    ),
    (
        r"\b(?:[üu]ber\s+uns|ueber\s+uns|[àa]\s+propos|qui[eé]nes\s+somos|chi\s+siamo|sobre\s+n[oó]s)\b",
        "about us",
    ),
    (r"\b(?:die|der|das|den|dem|le|la|les|el|los|las|il|lo|gli|os)\b", "the"),
    (r"\b(?:und|et|y|e)\b", "and"),
    (r"\s*\b(?:bitte|s'il\s+vous\s+pla[iî]t|por\s+favor|per\s+favore)\b", ""),
    (r"\bseite\b|\bpage\b|\bp[aá]gina\b", "page"),
]
FOREIGN_WORDS = re.compile(r"\b(?:[öo]ffne|zeig|zeige|ouvre|montre|abre|apri|seite|p[aá]gina|der|das|wie|viel|kostet|kosten|wo|ich|finde|ist|sind|und|bitte|combien|co[uû]te|o[uù]|est|sont|cu[aá]nto|cuesta|"
                           r"d[oó]nde|est[aá]|quanto|costa|dove|trovo|onde|fica|custa|por\s+favor|s'il\s+vous\s+pla[iî]t|per\s+favore)\b", re.I)  # fmt: skip


def in_english(text: str) -> str:
    """A web request said (partly) in another language, in English words (`FOREIGN`); the text as it is
    when it has no word of those languages."""
    if len(FOREIGN_WORDS.findall(text)) < 2:
        return text
    glossed = re.match(
        r"^(?P<said>[^()]+?)\s*\((?:i\.?e\.?|=|meaning|in\s+english:?)?\s*(?P<gloss>[^()]{4,})\)\W*$",
        text,
        re.I,
    )
    if glossed:
        return glossed.group("gloss").strip()
    for pattern, english in FOREIGN:
        text = re.sub(pattern, english, text, flags=re.I)
    return text


# A choice the order or the cart needs that the request never makes ("place the order", "add a t-shirt to my
# cart"): the form's default is a guess, so which one is asked
CHOICE_SAID = re.compile(r"\b(?:standard|express|overnight|next-day|regular|normal|fastest|quickest|cheapest|slowest|speediest|"
                         r"small|medium|large|smallest|biggest|largest|tiniest|xs|xl|size\s+\w+|same|default|whatever|"
                         r"as\s+(?:is|it\s+is)|any(?:\s+one)?|doesn'?t\s+matter)\b", re.I)  # fmt: skip


def unmade_choice(commands: list, instruction: str) -> str:
    """The question for a lone order or add-to-cart whose option is never said, "" otherwise."""
    if len(commands) != 1 or commands[0].app != "browser" or CHOICE_SAID.search(instruction):
        return ""
    c = commands[0]
    if c.kind == "click" and c.target.lower() == "add to cart":
        return "Which size should I add to the cart: Small, Medium or Large?"
    if (c.kind == "submit" or c.kind == "click" and c.target.lower() == "place order") and re.search(
        r"\b(?:order|buy|purchase|check\s*-?\s*out)\b", instruction, re.I
    ):
        return "Which shipping method should the order use: Standard, Express or Overnight?"
    return ""
