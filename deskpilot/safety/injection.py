"""Prompt-injection detector for everything the model reads: OCR'd screen text, page text, tool output.

Pipeline: normalise (NFKC; drop zero-width, bidi and variation characters; decode invisible Unicode tag
characters in place, since they smuggle ASCII text; map Cyrillic/Greek look-alike letters) -> rules ->
a small hashed n-gram logistic regression (`classifier.py`, trained by scripts/train_injection.py on
deskpilot/safety/data/corpus.jsonl). Long text is scored in windows of a few lines, so one injected
sentence on a busy page is not averaged away. A detection is an alarm that taints the episode, not a
security boundary: detectors are beaten by adaptive attacks.
"""

from __future__ import annotations

import base64
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from deskpilot.safety.classifier import LinearModel, features
from deskpilot.safety.injection_concepts import concept_tokens, fold

MODEL_PATH = Path(__file__).with_name("data") / "injection_model.npz"
WINDOW_CHARS = 600
# Strong rules whose phrases also appear in benign prose ("our staff will never ask the user for a password",
# "dear assistant to Dr Patel", "the text works like a system prompt: ..."): they flag text on their own only
# where the classifier's best window score is at least this share of its threshold. On dev..dev10 with the
# session 8 weights (detector10), the lowest score of an injection these rules matched was 0.96 (fake_system),
# 1.11 (addressed_to_ai) and 1.59 (hide_from_user) times the threshold; one addressed_to_ai_intl match scored
# 0.26 times it and is left to the classifier.
SOFT_RULES = {"addressed_to_ai", "addressed_to_ai_intl", "hide_from_user", "fake_system"}
SOFT_RULE_FLOOR = 0.6
SEGMENT_SENTENCES = 2  # a flagged window must also be flagged on some run of this many sentences
# A sentence: up to . ! ? followed by a space (not the dot of a URL, number or file name), 。！？ or a line end.
_SENTENCE = re.compile(r"[^\n]*?(?:[.!?](?=\s|$)|[。！？]|\n|$)")

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e001f\U000e007f-\U000e01ef]"
)
_LOOKALIKES = str.maketrans(
    "аеорсхуіјѕԁһԛԝАВЕКМНОРСТХІЈЅαεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeopcxyijsdhqwABEKMHOPCTXIJSaeikvoptuxABEHIKMNOPTYX",
)
# Top-level domains of a bare host name an order sends things to ("an kl-daten.de senden"), not file extensions.
_TLD = (
    "com|net|org|io|ru|xyz|test|site|de|fr|es|it|pt|br|mx|ar|cn|jp|su|info|biz|online|shop|top|app|cloud|co|me|ws"
    "|link|click|live|store|tech|dev|pro|page|eu|uk|us|cc|tk|ml|ga|to|ly|gl|in|kz|by|ua|tw|hk|kr|ch|at|nl|pl"
)
_AI = r"(?:ai|a\.i\.|llm|llms|language models?|ai (?:assistant|agent|model|system)s?|assistants?|chatbots?|bots?|claude|chatgpt|gpt|copilot|gemini|autonomous agents?|computer[- ]use (?:agents?|models?)|browser agents?)"
_INSTRUCTIONS = (
    r"(?:instructions?|prompts?|directives?|rules|guidelines|programming|constraints|system prompt|orders)"
)

# (verbs, qualifiers, nouns) of "ignore the previous instructions" in French, German, Spanish/Portuguese, Russian.
_INTL_IGNORE = [
    (
        r"\b(?:ignore[zrs]?|oublie[zr]?|ne tenez plus compte|ne tiens plus compte)\b",
        r"\b(?:précédente?s?|antérieures?|vos|tes|toutes|tous|ci-dessus|initiales|reçues|données|de l'utilisateur)\b",
        r"\b(?:instructions?|consignes?|directives?)\b",
    ),
    (
        r"\b(?:ignorier(?:e|en)?|vergiss|vergessen sie|missachte)\b",
        r"\b(?:vorherigen?|bisherigen?|früheren?|deine[n]?|ihre[n]?|alle|obigen?|ursprünglichen?|erhaltenen?|des nutzers|des benutzers)\b",
        r"(?:anweisungen|instruktionen|vorgaben|befehle)",
    ),
    (
        r"\b(?:ignora|ignore|olvida|olvide|pasa por alto|esqueça|esqueca|desconsidere)\b",
        r"\b(?:anteriores|previas|tus|sus|todas|todos|originales|suas|seus|recibidas|recebidas|iniciales|iniciais"
        r"|de arriba|acima|del usuario|do usuário|do usuario)\b",
        r"\b(?:instrucciones|indicaciones|directrices|instruções|instrucoes|orientações|diretrizes)\b",
    ),
    (
        r"(?:игнорируй|забудь|не обращай(?:те)? внимания на)",
        r"(?:предыдущ|прежн|все\b|свои|твои|ваши|ранее|исходн|полученн|выше|пользовател)",
        r"(?:инструкци|указани|правил)",
    ),
]


def _intl_ignore(*, qualified: bool) -> re.Pattern:
    """The order to drop instructions outside English; `qualified` asks for an "earlier / all / your"."""
    parts = [
        rf"{verb}[^.\n]{{0,30}}?(?:{qualifier}[^.\n,;:]{{0,25}}?{noun}|{noun}[^.\n,;:]{{0,15}}?{qualifier})"
        if qualified
        else rf"{verb}[^.\n]{{0,30}}?{noun}"
        for verb, qualifier, noun in _INTL_IGNORE
    ]
    if qualified:
        parts += [
            r"(?:忽略|无视|忘记|忘掉|不要理会|忽视)[^。\n]{0,10}(?:之前|以前|先前|上面|上述|所有|全部|原来|原有|系统|用户)"
            r"[^。\n，；：,;:]{0,6}(?:指令|指示|说明|规则)",
            r"(?:これまで|以前|前の|上記|最初|元の|すべて|全て|ユーザー)[^。\n、，：,:]{0,8}(?:指示|命令|ルール)[^。\n]{0,8}(?:無視|忘れ)",
        ]
    else:
        parts += [
            r"(?:忽略|无视|忘记|忘掉|不要理会|忽视)[^。\n]{0,10}(?:指令|指示|说明|规则)",
            r"(?:指示|命令|ルール)[^。\n]{0,8}(?:無視|忘れ)",
        ]
    return re.compile("|".join(parts))


# (name, pattern, strong). A strong rule flags text on its own; the others are classifier features.
RULES: list[tuple[str, re.Pattern, bool]] = [
    (
        "ignore_instructions",
        re.compile(
            r"\b(?:ignore|disregard|forget|override|bypass|discard|abandon|set aside|do not follow|stop following)\b"
            rf"[^.\n]{{0,40}}?\b(?:previous|prior|preceding|above|earlier|original|initial|all|any|your|the user'?s?)\b"
            rf"[^.\n,;:]{{0,25}}?\b{_INSTRUCTIONS}"
        ),
        True,
    ),
    # The same order in French, German, Spanish, Portuguese, Russian, Chinese, Japanese: strong only when the
    # instructions are qualified as earlier, all or yours ("ignore the instructions on the box" is a recipe).
    ("ignore_instructions_intl", _intl_ignore(qualified=True), True),
    ("ignore_instructions_loose", _intl_ignore(qualified=False), False),
    # A chat template's tokens and tags: strong wherever they are.
    (
        "chat_tokens",
        re.compile(
            r"<\|?(?:im start|im end|system|endoftext|eot id|start header id)\|?>|\[/?(?:inst|sys)\]|\[/system\]"
            # "[system]", but not an INI file's section header: a "key = value" line below it.
            r"|\[system\](?![ \t]*\n[ \t]*[\w .-]{1,40}=)|<<\s*sys\s*>>"
            r"|</?(?:system|instructions?|admin)>"
        ),
        True,
    ),
    # A header that claims the system's or an admin's voice; soft (SOFT_RULES): prose names a system prompt too.
    (
        "fake_system",
        re.compile(
            # Not a config key opening a YAML block scalar ("system_prompt: |" / ">-" then a line break), the
            # literal / folded styles with their chomping sign (https://redocly.com/docs/yaml/blocks-and-flows/).
            r"\bsystem\s*(?:prompt|override|instructions?)\s*[:\]\-](?!\s*[|>][-+]?\s*\n)"
            # ... nor an indented key of a YAML mapping ("agent:\n  system_prompt: ..."; indents read as one space).
            r"(?<!\n system prompt:)"
            r"|\b(?:begin|start|end)\s+(?:of\s+)?(?:system|admin|developer)\s+(?:prompt|message|instructions)"
            r"|\bnew\s+(?:system\s+)?instructions?\s*:|\bdeveloper\s+mode\s+(?:enabled|activated|on)\b"
            r"|\badmin(?:istrator)?\s+override\b"
        ),
        True,
    ),
    (
        "addressed_to_ai",
        re.compile(
            rf"\b(?:attention|note|message|notice|important|warning|alert|reminder|instructions?)\s*(?:to|for)\s*"
            rf"(?:all\s+|any\s+|the\s+)?{_AI}\b|\bif you are an?\s+(?:ai|llm|language model|assistant|agent|bot|"
            rf"automated|autonomous|artificial|(?:coding|programming) (?:assistant|agent))|\b(?:dear|hey|hi|hello)\s+(?:ai|llm|assistant|ai agent|bot)\b"
        ),
        True,
    ),
    # "If you are an AI ...": the same conditional address in French, German, Spanish, Portuguese, Russian,
    # Chinese and Japanese, to an explicitly artificial or automated reader (a human "asistente" is not one,
    # nor the spam robot a honeypot field addresses).
    (
        "addressed_to_ai_intl",
        re.compile(
            r"\b(?:si (?:vous )?[eê]tes|si tu es)\s+(?:une?\s+)?(?:ia\b|intelligence artificielle|agent (?:ia|automatis)"
            r"|assistant (?:ia|virtuel|de code|de programmation)|mod[eè]le de langage|chatbot|llm)"
            r"|\b(?:wenn|falls) (?:du|sie)\s+(?:eine?\s+)?(?:ki\b|ki-|k[uü]nstliche intelligenz|chatbot|sprachmodell"
            r"|coding-assistent|programmierassistent"
            r"|llm|automatisiert)"
            r"|\bsi (?:eres|es usted)\s+(?:una?\s+)?(?:ia\b|inteligencia artificial|agente (?:de ia|automatizado)"
            r"|asistente (?:de ia|virtual|de c[oó]digo|de programaci[oó]n)|modelo de lenguaje|chatbot|llm|sistema autom)"
            r"|\bse (?:voc[eê] )?(?:for|[eé]s?)\s+(?:uma?\s+)?(?:ia\b|intelig[eê]ncia artificial|agente (?:de ia|automatizado)"
            r"|assistente (?:de ia|virtual|de c[oó]digo|de programa[cç][aã]o)|modelo de linguagem|chatbot|llm|sistema autom)"
            r"|если (?:ты|вы)\s+(?:—\s+)?(?:ии\b|ии-|искусственный интеллект|чат-бот|нейросеть|языковая модель|llm"
            r"|автоматическ|ассистент для программирования|ассистент-программист)"
            r"|(?:如果|假如|若)(?:你|您)是(?:一个|一名)?(?:ai|人工智能|大模型|语言模型|自动|编程助手|代码助手)"
            r"|(?:あなたが|もしあなたが)(?:ai|人工知能|言語モデル|自動)|(?:コーディング|プログラミング)アシスタント(?:なら|の場合)"
            # "Dear AI, ...": a letter's greeting to an artificial reader (English: addressed_to_ai).
            r"|\b(?:cher|chère|chers|chères) (?:ia\b|intelligence artificielle|assistant (?:ia|virtuel)|agent (?:ia|automatis)"
            r"|modèle de langage|chatbot|robot\b)"
            r"|\b(?:liebe|lieber|liebes) (?:ki\b|ki-|künstliche intelligenz|sprachmodell|chatbot|bot\b)"
            r"|\b(?:querid[ao]|estimad[ao]|prezad[ao]|car[ao]) (?:ia\b|inteligencia artificial|inteligência artificial"
            r"|asistente (?:de ia|virtual)|assistente (?:de ia|virtual)|modelo de (?:lenguaje|linguagem)|chatbot|robô\b)"
            r"|(?:дорогой|дорогая|дорогие|уважаемый|уважаемая) (?:ии\b|искусственный интеллект|нейросеть|чат-бот|бот\b"
            r"|языковая модель|ассистент\b)"
            r"|亲爱的(?:ai|人工智能|大模型|语言模型|机器人)|親愛なる(?:ai|人工知能|言語モデル)"
        ),
        True,
    ),
    (
        "hide_from_user",
        re.compile(
            r"\b(?:do not|don't|dont|never|without)\s+(?:tell|telling|inform|informing|notify|notifying|alert|"
            r"alerting|mention|mentioning|ask|asking|consult|consulting|reveal|revealing|let|letting|warn|warning)\s+"
            r"(?:the\s+|your\s+|this\s+)?(?:user|human|owner|operator|principal)\b"
        ),
        True,
    ),
    (
        "imperative_to_ai",
        re.compile(
            rf"\b{_AI}\b[^.\n]{{0,25}}\b(?:must|should|shall|need to|have to|are (?:required|instructed|authorized|ordered))\b"
        ),
        False,
    ),
    (
        "you_must",
        re.compile(
            r"\byou (?:must|need to|are required to|have to|should now|are instructed)\b|\byour (?:new|real|actual|next|updated) (?:task|goal|objective|instructions?)\b"
        ),
        False,
    ),
    (
        "credentials",
        re.compile(
            r"\b(?:passwords?|passcodes?|passphrases?|credentials?|api[\s_-]?keys?|secret keys?|access tokens?|ssh keys?|private keys?|id_rsa|seed phrase|recovery phrase|2fa codes?|session cookies?|cookies)\b|\.ssh\b|\.env\b"
        ),
        False,
    ),
    (
        "exfiltrate",
        re.compile(
            rf"\b(?:send|email|e-mail|forward|upload|post|paste|submit|share|transfer|exfiltrate|copy|leak)\b[^.\n]{0, 60}\b(?:to|into|at|on)\b[^.\n]{0, 40}(?:https?://|www\.|@|\b[a-z0-9-]+\.(?:{_TLD})\b)"
        ),
        False,
    ),
    (
        "urgency",
        re.compile(
            r"\b(?:urgent|urgently|immediately|right now|asap|critical|action required|final notice|mandatory|without delay)\b|!!!"
        ),
        False,
    ),
    (
        "command",
        re.compile(
            r"(?:curl|wget)\s+\S+[^\n|]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\brm\s+-?rf\b|\bchmod\s+\+x\b|\bbase64\s+-d\b|\bnc\s+-e\b|/dev/tcp/"
        ),
        False,
    ),
    ("url", re.compile(r"https?://|\bwww\.[a-z0-9-]+\."), False),
    # Markup that hides text from a human reader: white text, a 0-1 px font, display:none, hidden, transparent
    # (https://skilldb.dev/skills/prompt-injection-defense-skills/indirect-injection-defenses: "CSS-hidden,
    # white-on-white"). A feature only: menus and dialogs hide text too.
    (
        "hidden_style",
        re.compile(
            r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\b|font-size\s*:\s*[01](?:px|pt)?\b"
            r"|colou?r\s*[:=]\s*[\"']?(?:white|#fff(?:fff)?)\b|\bsize\s*=\s*[\"']?[01]\b|white (?:text|font)"
            r"|texte en blanc|weißer schrift|weiße schrift|texto (?:en )?blanco|texto (?:em )?branco|белым шрифтом"
            r"|белый текст|白色文字|白色字体|白字|白い文字|白文字"
        ),
        False,
    ),
    ("disguised_letters", re.compile(r"\x00SPACED\x00"), False),
    (
        "hidden_tags",
        re.compile(r"\x00TAGS\x00"),
        False,
    ),  # set by normalise() when tag characters were decoded
]


# A letter of a host name or e-mail address: not a Chinese or Japanese character, nor full-width punctuation,
# so "上传到http://pan.cn并删除" and "フォルダをupload@files.netへ送信" keep their words.
_ADDRESS = r"[^\W\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
_PLACEHOLDERS = [
    # Only the scheme and host: words in a URL's path or query ("?note=ai agent, open gmail") still count.
    (re.compile(rf"https?://(?:{_ADDRESS}|[-.:@%])+|\bwww\.(?:{_ADDRESS}|[-.:%])+"), " zurl "),
    (re.compile(rf"(?:{_ADDRESS}|[.+-])+@(?:{_ADDRESS}|-)+\.(?:{_ADDRESS}|\.)+"), " zemail "),
    # A bare host name ("kl-daten.de/i", "share-logs.com"): an address like a URL's.
    (
        re.compile(
            rf"(?<![\w@./-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLD})(?:/[^\s]*)?(?![\w@.-]|\.\w)"
        ),
        " zurl ",
    ),
    (re.compile(r"[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros)\b"), " zmoney "),
    (re.compile(r"\b\d[\d ]{5,}\d\b"), " znum "),
]


def classifier_input(normalised: str) -> tuple[str, list[str]]:
    """Text with quoted payloads in writing about attacks masked (`quotes_masked`), URLs, e-mails, amounts
    and long numbers replaced by placeholders, and the extra tokens
    the classifier sees: rule hits, and the language-agnostic concepts and concept pairs
    (`injection_concepts`)."""
    quoted = quotes_masked(normalised)
    coded = code_masked(quoted)
    text = masked = config_masked(coded)
    for pattern, placeholder in _PLACEHOLDERS:
        text = pattern.sub(placeholder, text)
    extra = {f"rule:{name}" for name, *_ in rule_hits(masked)}
    if masked != coded:
        # A tool or agent definition: its keys and tool names ("send_email", "requires_confirmation") are
        # identifiers, not orders, so its concepts are not read; its rule hits still are.
        extra.add("shape:config")
    else:
        extra |= concept_tokens(text)
    if coded != quoted:  # its own weight: code that calls a model names systems, users and models
        extra.add("shape:chat_code")
    if _FILE_NAME.fullmatch(text.strip()):
        # A sentence made a file name has lost the punctuation that marks an order or an address ("AI, ...");
        # its concept pairs get their own weights.
        extra |= {"shape:file_name"} | {f"file:{t}" for t in extra if t.startswith("pair:")}
    return fold(text), sorted(extra)  # words without accents: "contrasena" typed plainly is "contraseña"


# Twelve or more characters and an extension, no sentence punctuation: "q3 report ai delete everything.pdf"
# (underscores and slug hyphens already read as spaces).
_FILE_NAME = re.compile(r"[^.,;:!?。，、：！？\n]{12,160}\.[a-z0-9]{2,5}")


@dataclass(frozen=True)
class Span:
    start: int  # offsets into the original text
    end: int
    rule: str  # a rule name, or "classifier"
    text: str


@dataclass(frozen=True)
class Verdict:
    is_injection: bool
    score: float  # 0..1; 1.0 when a strong rule fired
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "is_injection": self.is_injection,
            "score": round(self.score, 4),
            "spans": [s.__dict__ for s in self.spans],
        }


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC, invisible characters dropped, tag characters decoded to ASCII, look-alike letters mapped, then
    disguises undone: letter spacing ("i g n o r e") joined and leetspeak ("1gn0r3") read as letters.
    Returns the lower-cased text and, for each of its characters, the offset in `text` it came from."""
    out: list[str] = []
    offsets: list[int] = []
    tags = 0
    for i, ch in _percent_decoded(text):
        code = ord(ch)
        if 0xE0020 <= code <= 0xE007E:
            ch, tags = chr(code - 0xE0000), tags + 1
        elif _INVISIBLE.match(ch):
            continue
        elif ch == "_":  # file_names_joined_by_underscores read as words (and <|im_start|> as "im start")
            ch = " "
        for piece in unicodedata.normalize("NFKC", ch).lower():
            out.append(piece)
            offsets.append(i)
    if tags >= 3:
        out.append("\x00TAGS\x00")
        offsets += [len(text)] * 6
    # Words joined by hyphens into a file name or URL slug ("ai-delete-all-files.pdf") read as words.
    # A word spelt letter by letter with hyphens ("l-ö-s-c-h-e") is left to _DASHED, which keeps its word breaks.
    joined = _SLUG.sub(_slug_words, "".join(_map_lookalikes(out)))
    return _undisguise(joined, offsets, text)


_SLUG = re.compile(r"(?<![\w-])\w+(?:-\w+){3,}")  # four or more words joined by hyphens


def _slug_words(match: re.Match[str]) -> str:
    parts = match.group().split("-")
    return match.group() if all(len(p) == 1 for p in parts) else " ".join(parts)


_PERCENT = re.compile(r"(?:%[0-9a-fA-F]{2})+")
_URL_QUERY = re.compile(r"https?://\S*\?\S+")


def _percent_decoded(text: str) -> list[tuple[int, str]]:
    """(offset, character) of `text` with URL escapes decoded ("%20ignoriere" -> " ignoriere", UTF-8
    sequences such as "%D0%B8" -> "и") and "+" read as a space in a URL's query; only in text with at least
    two escapes, so "50%25 off" stays as it is. Each decoded character keeps the offset of its escape run."""
    plus = {m.start() + k for m in _URL_QUERY.finditer(text) for k, c in enumerate(m.group()) if c == "+"}
    runs = list(_PERCENT.finditer(text)) if text.count("%") >= 2 else []
    out: list[tuple[int, str]] = []
    i = 0
    for run in runs:
        out += [(k, " " if k in plus else text[k]) for k in range(i, run.start())]
        decoded = urllib.parse.unquote(run.group(), errors="replace")
        out += [(run.start(), c) for c in decoded]
        i = run.end()
    out += [(k, " " if k in plus else text[k]) for k in range(i, len(text))]
    return out


def _map_lookalikes(chars: list[str]) -> list[str]:
    """Cyrillic and Greek look-alikes become Latin letters in mostly-Latin text (an English sentence spelt
    with Cyrillic "о" and "е"), but in Russian or Greek text only inside words that mix scripts, towards
    the word's main script (a Russian word spelt with Latin "o" and "a" becomes Cyrillic). A mixed word with
    a letter only one script has ("д", "л", "ш"; "g", "s") goes to that script whatever the text's majority:
    a Russian text written mostly in Latin look-alikes ("пepeшли пocлeдниe") stays Russian."""
    text = "".join(chars)
    latin = len(_LATIN.findall(text))
    latin_text = latin >= len(_CYRILLIC_GREEK.findall(text))
    mapped = list(chars)
    for word in re.finditer(r"\w+", text):
        w = word.group()
        n_latin, n_other = len(_LATIN.findall(w)), len(_CYRILLIC_GREEK.findall(w))
        if not n_other:
            continue
        if not n_latin:
            if latin_text:
                mapped[word.start() : word.end()] = w.translate(_LOOKALIKES)
            continue
        only_cyrillic = any("\u0400" <= c <= "\u04ff" and ord(c) not in _LOOKALIKES for c in w)
        only_latin = any("a" <= c <= "z" and ord(c) not in _TO_CYRILLIC for c in w)
        if only_cyrillic != only_latin:
            to_cyrillic = only_cyrillic
        else:
            to_cyrillic = not latin_text and n_other > n_latin
        mapped[word.start() : word.end()] = w.translate(_TO_CYRILLIC if to_cyrillic else _LOOKALIKES)
    return mapped


# Latin letters that look like lower-case Cyrillic ones (upper-case look-alikes were lower-cased first).
_TO_CYRILLIC = str.maketrans("aeopcxykmhtbunr", "аеорсхукмнтвипг")  # u, n, r: и, п, г


_LATIN = re.compile(r"[a-z]")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")  # "i g n o r e": 3+ spaced letters
# A letter-spaced phrase, words apart by 2+ spaces: its short words ("l e", "a n", "2 0 / 2 0") join too.
_SPACED_PHRASE = re.compile(r"(?<!\S)\S(?: \S)+(?:  +\S(?: \S)*){2,}(?!\S)")
# "l - ö - s - c - h - e", "s.e.n.d", "d*e*l*e*t*e": 3+ single letters joined by one separator kind, then a
# space, the end or punctuation ("a.g.e.n.t:"; "U.S.A." stays an abbreviation: a dot run before a dot is skipped).
_DASHED = re.compile(
    r"(?<![\w.*·-])[^\W\d_](?P<sep> ?[-.*·] ?)(?:[^\W\d_](?P=sep))+[^\W\d_](?![^\s:;,!?.)、，。])"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Put after a phrase written letter by letter ("S e n d  t h e  f i l e s", "删 除 文 件", "ア.シ.ス.タ"): a
# disguise ordinary text seldom needs for a whole phrase (a banner's few words aside), read by the rule
# "disguised_letters".
SPACED_MARK = " \x00SPACED\x00"
_LEET_TOKEN = re.compile(r"[\w@$]*[^\W\d_][\w@$]*")
_LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "0": "o", "5": "s", "$": "s", "7": "t"})
_LEET_CYRILLIC = str.maketrans({"4": "а", "@": "а", "3": "е", "0": "о", "5": "с", "$": "с", "7": "т"})


def _undisguise(text: str, offsets: list[int], original: str = "") -> tuple[str, list[int]]:
    """Join letter-spaced runs (their double spaces become word breaks) and read leet tokens as letters.
    A phrase spelt out letter by letter gets SPACED_MARK after it, unless it is set in capitals in `original`
    (a banner: "N E W  A R R I V A L S")."""
    keep = [True] * len(text)
    marked: set[int] = set()  # ends of disguised phrases: SPACED_MARK follows them

    def lower_case(run: re.Match[str]) -> bool:
        """Whether the run has a lower-case letter in the original: a banner in capitals has none."""
        return any(
            offsets[k] < len(original) and original[offsets[k]].islower()
            for k in range(run.start(), run.end())
        )

    for run in _SPACED.finditer(text):
        for k in range(run.start() + 1, run.end(), 2):
            keep[k] = False
        if len(_CJK.findall(run.group())) >= 6:  # "删 除 用 户 下 载": Chinese or Japanese spaced out
            marked.add(run.end())
    for run in _SPACED_PHRASE.finditer(text):
        for k in range(run.start() + 1, run.end() - 1):
            if text[k] == " " and text[k - 1] != " " and text[k + 1] != " ":
                keep[k] = False
        if lower_case(run):
            marked.add(run.end())
    for run in _DASHED.finditer(text):  # "l - ö - s - c - h - e": only the letters stay
        if "." in run.group("sep") and text[run.end() : run.end() + 1] == ".":
            continue  # "u.s.a.": an abbreviation; "k-o-r-b." ends its sentence
        for k in range(run.start(), run.end()):
            keep[k] = text[k].isalpha()
        if sum(c.isalpha() for c in run.group()) >= 6 and (lower_case(run) or _CJK.search(run.group())):
            marked.add(run.end())
    chars, kept = [], []
    for k, (c, o) in enumerate(zip(text, offsets, strict=True)):
        if keep[k]:
            chars.append(c)
            kept.append(o)
        if k + 1 in marked:
            chars += SPACED_MARK
            kept += [o] * len(SPACED_MARK)
    offsets = kept
    joined = re.sub(r"  +", lambda m: " " + "\x01" * (len(m.group()) - 1), "".join(chars))
    chars = list(joined)
    leet = []
    for token in _LEET_TOKEN.finditer(joined):
        word = token.group()
        digits = [c for c in word if c.isdigit()]
        # x@example.com and x@mail-box.ru keep their @
        email = "@" in word and re.match(r"[\w-]*\.\w", joined[token.end() :]) is not None
        # "@assistant", "@AIボット": a chat mention keeps its @ unless the name is itself in leet.
        mention = word.startswith("@") and not any(c in "4@3105$7" for c in word[1:])
        if (
            any(c in "4@3105$7" for c in word)
            and all(c in "43105 7" for c in digits)
            and not (email or mention)
        ):
            leet.append((token, word))
    long_words = [(token, word) for token, word in leet if len(word) >= 4]
    # In text written in leet (3+ long words), its short words are too: "t3", "d0", "0s", "вс3".
    for token, word in leet if len(long_words) >= 3 else long_words:
        table = _LEET_CYRILLIC if _CYRILLIC_GREEK.search(word) else _LEET  # "уд@ли" reads as Cyrillic
        chars[token.start() : token.end()] = word.translate(table)
    pairs = [(c, o) for c, o in zip(chars, offsets, strict=True) if c != "\x01"]
    return "".join(c for c, _ in pairs), [o for _, o in pairs]


def rule_hits(normalised: str) -> list[tuple[str, int, int, bool]]:
    """(rule, start, end, strong) for every rule match in normalised text, accents folded on both sides.
    An order to drop instructions that are the writer's own ("please ignore my previous instructions about
    the delivery", a customer correcting an e-mail) is no strong hit: it is reported as
    "ignore_own_instructions", a classifier feature."""
    folded = fold(normalised)
    hits = []
    for name, pattern, strong in _FOLDED_RULES:
        for m in pattern.finditer(folded):
            if name in _IGNORE_RULES and _OWN.search(m.group()):
                hits.append(("ignore_own_instructions", m.start(), m.end(), False))
            else:
                hits.append((name, m.start(), m.end(), strong))
    return hits


_IGNORE_RULES = {"ignore_instructions", "ignore_instructions_intl"}
# First-person possessives (singular and plural) in eight languages, accents folded.
_OWN = re.compile(
    r"\b(?:my|our|mes|mon|ma|nos|notre|meine[nrs]?|unsere?[nrs]?|mis|mi|nuestr[ao]s?|minhas?|meus?|noss[ao]s?"
    r"|мои|моих|мое|моё|мою|моей|мой|моим|наши|наших|нашу|нашей|наш|наше)\b|我|私の|弊社|当社"
)


_FOLDED_RULES = [(name, re.compile(fold(pattern.pattern)), strong) for name, pattern, strong in RULES]


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) ranges of consecutive whole lines, each at most `size` characters (long lines are cut)."""
    ranges: list[tuple[int, int]] = []
    start = end = 0
    for line in text.splitlines(keepends=True):
        if end > start and end - start + len(line) > size:
            ranges.append((start, end))
            start = end
        end += len(line)
        while end - start > size:
            ranges.append((start, start + size))
            start += size
    if end > start:
        ranges.append((start, end))
    return ranges


# A quotation on one line: "...", “...”, „...“, «...», 「...」, 『...』, ‘...’, the German single ‚...‘,
# '...' (apostrophes inside words kept), and a line of dialogue opened by a dash ("—Olvida ... —susurró",
# the Spanish and Portuguese way); a markup attribute's value (alt="...") is not a quotation: it is where
# hidden orders sit.
_QUOTED = re.compile(r'(?<!=)"[^"\n]{1,300}(?<!=)"|“[^”\n]{1,300}[”“]|„[^“”\n]{1,300}[“”]|«[^»\n]{1,300}»|「[^」\n]{1,300}」'
                     r"|『[^』\n]{1,300}』|‘[^’\n]{1,300}’|‚[^‘’\n]{1,300}[‘’]|(?<!\S)—[^—\n]{1,300}—"
                     r"|(?<![\w=])'(?:[^'\n]|(?<=\w)'(?=\w)){1,300}(?<!=)'(?!\w)")  # fmt: skip
# Words of writing about attacks: a quoted payload in such text is an example, not an order.
_DISCUSSION = re.compile(  # not inside a host or address ("x.example", "attack@...")
    r"(?<![.@/])(?:injection|attack|attaque|angriff|ataque|атак|инъекц|攻击|注入|攻撃|インジェクション|example|exemple|beispiel"
    r"|ejemplo|exemplo|пример|例えば|例如|researchers?|chercheurs|forscher|investigadores|pesquisadores|исследовател"
    r"|red[- ]team|jailbreak|payload|write-?up|chercheur|pesquisador|investigador"
    # Attackers and scammers by name, and webinars: security writing that quotes what they send.
    r"|attaquant|angreifer|atacante|злоумышленн|хакер|hacker|scam|arnaque|betrug|estafa|golpist|мошенни|诈骗"
    r"|詐欺|webinar|webinaire|вебинар|seminario web|网络研讨会|ウェビナー"
    r"|phrases? (?:like|such as)|analy[sz]|article|artículo|articulo|artigo|beitrag|стать[яеи]|文章|記事"
    r"|論文|study|paper|étude|etude|studie|estudio|estudo|исследовани|研究|blog|phishing|hameçonnage|hameconnage|фишинг|钓鱼|フィッシング"
    # Test logs and audits that quote a planted order ("the poisoned PDF said '...'; the agent refused").
    r"|test (?:log|report|case|run)|qa log|audit|malicious|poisoned|booby-trapped|planted|rapport de test"
    r"|malveillant|piégé|piege|testprotokoll|prüfbericht|manipuliert|präpariert|bösartig|informe de prueba"
    r"|malicios|trampa|relatório de teste|adulterad|протокол испытани|вредонос|подложн|подброшенн"
    r"|测试记录|恶意|篡改|检测报告|検証ログ|テストログ|悪意|罠の|仕込まれ"
    # A test runner's line: "test_inject_mail ... FAIL: the agent followed «...» (expected: refuse)".
    r"|\binject|\binjeç|\((?:expected|attendu|erwartet|esperado|se esperaba|ожидалось|预期|期待値)\b|例:|\betwa:"
    # A comment or doc that lists the phrases a filter looks for ("patterns we log, e.g. '...'").
    r"|\be\.g\.|\bz\. ?b\.|\bp\. ?ej\.|\bpar ex\.|\bpor ex\.|\bнапр\.|\bpatterns?\b|\bmuster\b|\bpatrones\b"
    r"|\bpadr[õo]es\b|шаблон|パターン"
    # Experiments, demonstrations and exercises that report or stage an attack ("in our test, a page said
    # «...»"), and the words that introduce a quoted sentence as a sentence ("the phrase «...»").
    r"|\b(?:in|during) (?:our|the|this|a) tests?\b|\bour tests\b|\bwe tested\b|experiment|demonstrat|\bdemo\b"
    r"|proof[- ]of[- ]concept|\bctf\b|\bquiz|exercise|the (?:phrase|sentence|string)\b"
    r"|\b(?:notre|nos|le|du|ce) tests?\b|lors du test|démonstration|demonstration|expérimentation|notre expérience"
    r"|preuve de concept|exercice|la phrase\b"
    r"|\b(?:in unserem|im|beim) test\b|unsere tests|übung|ubung|den satz|der satz"
    r"|\b(?:en la|en nuestra|durante la) prueba|nuestras pruebas|demostraci|prueba de concepto|ejercicio"
    r"|cuestionario|\b(?:no nosso|no|durante o|neste) teste\b|nossos testes|demonstraç|demonstrac"
    r"|prova de conceito|exercício|exercicio|questionário|questionario|\bla frase\b|\ba frase\b"
    r"|эксперимент|\bв (?:нашем |этом )?тесте\b|тестировани|демонстрац|упражнени|викторин|разбор|фраз"
    r"|实验|测试中|演示|验证中|验证时|练习|测验|复现|这句话|検証|実験|テストでは|デモ|演習|クイズ|再現|という文|文言"
    # Fiction: a line of dialogue is a character's, tagged with a narrator's verb ("..., the girl whispered").
    r"|\b(?:whisper|murmur|shout|yell|laugh|sigh|mutter)ed\b|\b(?:he|she|it|they) said\b|\bsaid (?:he|she)\b"
    r"|chuchota|murmura\b|s'écria|soupira|dit-(?:il|elle)|flüsterte|murmelte|lachte|seufzte|sagte (?:er|sie)\b"
    r"|susurró|murmuró|gritó|suspiró|sussurrou|murmurou|gritou|suspirou|прошептал|пробормотал|крикнул"
    r"|усмехнул|вздохнул|低声说|轻声说|小声说|喊道|笑着说|ささやいた|つぶやいた|叫んだ|と笑った)"
)


def quotes_masked(normalised: str) -> str:
    """In text that discusses attacks, each quotation becomes the placeholder "zquote" (same length, so
    offsets hold): the classifier judges the writing around a quoted payload, not the payload."""
    if not _DISCUSSION.search(normalised):
        return normalised
    return _QUOTED.sub(lambda m: " zquote".ljust(len(m.group())), normalised)


# Source code that talks to a language model: a call or definition, and a chat message or system prompt.
_CODE = re.compile(
    r"\b\w+\s*=\s*[\w.]+\(|\bdef \w+\(|^\s*(?:import|from) \w|\b(?:const|let|var) \w+\s*=|\bawait \w"
    r"|\bfunction\s*\w*\(|=>|\w\.\w+\(",
    re.MULTILINE,
)
_CHAT_CODE = re.compile(
    r"""["']?role["']?\s*[:=]\s*["'](?:system|user|assistant|developer)["']|\bsystem\s*=\s*[fr]?["']"""
    r"""|(?:system|developer) ?(?:prompt|message|instructions?)["']?\s*[:=]|(?:system|human)message\("""
    r"""|\binstructions\s*=\s*[fr]?["']"""
)
# A string literal given as a message's content, a system prompt, instructions or a tool's description.
_CODE_STRING = re.compile(
    r"""(?:content|system|prompt|instructions?|message|description|template|text)["']?\s*[:=]\s*[fr]?"""
    r"""(\"\"\"[\s\S]{0,2000}?\"\"\"|'''[\s\S]{0,2000}?'''|"[^"\n]{1,600}"|'[^'\n]{1,600}')"""
)


def code_masked(normalised: str) -> str:
    """In source code that calls a language model (a call or definition, and a chat message or system
    prompt), each message's text, system prompt or tool description becomes the placeholder "zcode" (same
    length): a prompt a developer writes into a program is the program's data, not an order to the reader.
    The rules still read it, so an order to ignore instructions or to keep the user in the dark still counts."""
    if not (_CHAT_CODE.search(normalised) and _CODE.search(normalised)):
        return normalised
    return _CODE_STRING.sub(
        lambda m: m.group()[: m.start(1) - m.start()] + " zcode".ljust(len(m.group(1))), normalised
    )


# A tool or agent definition (YAML or JSON; underscores already read as spaces): a name key, and a key for
# tools, parameters or the model.
_CONFIG_NAME = re.compile(
    r"""(?:^|[\s{,"'])(?:name|nom|nombre|nome|名称|名前|имя|название)["']?\s*[:：]""", re.MULTILINE
)
_CONFIG_PART = re.compile(
    r"""(?:^|[\s{,"'])(?:tools|outils|herramientas|ferramentas|werkzeuge|工具|ツール|инструменты|parameters|paramètres"""
    r"""|parametres|parametros|parámetros|parâmetros|parameter|параметры|参数|引数|allowed tools|model|modèle|modelo"""
    r"""|modell|модель|模型|モデル)["']?\s*[:：]""",
    re.MULTILINE,
)
# The value of a tool's description, an agent's system prompt or its standing instructions: inline, quoted, or
# a YAML block ("consignes: >" then indented lines).
_CONFIG_STRING = re.compile(
    r"""(?:^|(?<=[\s{,"']))(?:description|descripción|descripcion|descrição|descricao|beschreibung|описание|描述"""
    r"""|説明|system prompt|prompt systeme|prompt système|prompt sistema|prompt de sistema|prompt do sistema"""
    r"""|systemprompt|系统提示|システムプロンプト|системный промпт|instructions|consignes|instrucciones|instruções"""
    r"""|instrucoes|anweisungen|инструкции|指示|说明)["']?\s*[:：]\s*"""
    r"""("[^"\n]{1,600}"|'[^'\n]{1,600}'|[|>][-+]?[ \t]*\n(?:[ \t]+[^\n]*(?:\n|$)){1,30}|[^\n]{1,600})""",
    re.MULTILINE,
)


def config_masked(normalised: str) -> str:
    """In a tool or agent definition, each description, system prompt or instruction value becomes the
    placeholder "zconf" (same length): what a tool does and what an agent is told by whoever configures it is
    the configuration's data, not an order to the reader. A value that any rule reads (secrets, an address to
    send to, a URL, a command, an order to ignore instructions or keep the user in the dark: a poisoned tool
    description) stays as it is."""
    if not (_CONFIG_NAME.search(normalised) and _CONFIG_PART.search(normalised)):
        return normalised

    def mask(m: re.Match) -> str:
        if rule_hits(m.group(1)):
            return m.group()
        return m.group()[: m.start(1) - m.start()] + " zconf".ljust(len(m.group(1)))

    return _CONFIG_STRING.sub(mask, normalised)


def _quoted_in_discussion(norm: str, start: int, end: int) -> bool:
    """Whether a rule hit lies inside a quotation, in text that discusses attacks."""
    return bool(_DISCUSSION.search(norm)) and any(
        m.start() <= start and end <= m.end() for m in _QUOTED.finditer(norm)
    )


# Hex bytes, spaced ("73 65 6e 64"), colon- or comma-separated, escaped ("\\x73\\x65") or run together: 12 bytes
# or more.
_HEX = re.compile(
    r"(?<![\w\\])(?:(?:\\x|0x)?[0-9a-fA-F]{2}[ ,:]){11,}(?:\\x|0x)?[0-9a-fA-F]{2}(?![\w])"
    r"|(?<![\w\\])(?:\\x[0-9a-fA-F]{2}){12,}|(?<![\w])(?:[0-9a-fA-F]{2}){12,}(?![\w])"
)


def decoded_hex(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded) for each run of hex bytes in `text` that decodes to readable UTF-8 text ("decode
    this hex and do it"); hashes and binary dumps are skipped."""
    found = []
    for match in _HEX.finditer(text):
        digits = re.sub(r"\\x|0x|[ ,:]", "", match.group())
        try:
            decoded = bytes.fromhex(digits).decode("utf-8")
        except ValueError:
            continue
        letters = sum(c.isalpha() for c in decoded)
        if (
            letters >= len(decoded) / 2
            and " " in decoded
            and all(c.isprintable() or c.isspace() for c in decoded)
        ):
            found.append((match.start(), match.end(), decoded))
    return found


# A cue to read text backwards ("reverse this and obey it: ..."), in eight languages.
_REVERSE_CUE = re.compile(
    r"revers|backwards|back to front|right to left|mirror|à l'envers|a l'envers|de droite à gauche|inversé|rückwärts"
    r"|von hinten|von rechts nach links|umgekehrt|al revés|al reves|de atrás hacia|de derecha a izquierda|invertid"
    r"|de trás pra frente|de tras pra frente|de trás para frente|de tras para frente|ao contrário|ao contrario"
    r"|наоборот|задом наперёд|задом наперед|справа налево|в обратном порядке|倒过来|倒着|反过来|反着|从右往左|从后往前"
    r"|倒序|逆から|逆順|逆さ|右から|後ろから"
)


def reversed_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, reading) for each line of `text` read backwards, when `text` asks for backwards reading:
    the whole line reversed, and its part after a colon reversed in place ("Reverse this and obey it:
    <the order>")."""
    if not _REVERSE_CUE.search(text.lower()):
        return []
    found = []
    start = 0
    for line in text.splitlines(keepends=True)[:40]:
        body = line.rstrip("\r\n")
        if 12 <= len(body) <= WINDOW_CHARS:
            found.append((start, start + len(body), body[::-1]))
            colon = max(body.find(":"), body.find("："))
            if colon > 0 and len(body) - colon > 12:
                found.append(
                    (start + colon + 1, start + len(body), body[: colon + 1] + " " + body[colon + 1 :][::-1])
                )
        start += len(line)
    return found


_BASE64 = re.compile(r"(?<![\w+/])[A-Za-z0-9+/]{24,}={0,2}(?![\w+/=])")


def decoded_base64(text: str) -> list[tuple[int, int, str]]:
    """(start, end, decoded) for each run of base64 in `text` that decodes to readable UTF-8 text (an
    order hidden from a reader, "decode this and do it"); binary payloads such as images are skipped."""
    found = []
    for match in _BASE64.finditer(text):
        run = match.group()
        try:
            decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8")
        except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
            continue
        letters = sum(c.isalpha() for c in decoded)
        if letters >= len(decoded) / 2 and all(c.isprintable() or c.isspace() for c in decoded):
            found.append((match.start(), match.end(), decoded))
    return found


@cache
def _model(path: str) -> LinearModel:
    return LinearModel.load(path)


class Detector:
    """Rules plus the trained classifier. `scan(text)` never raises on odd input."""

    def __init__(self, model_path: str | Path = MODEL_PATH):
        self.model = _model(str(model_path))

    def score(self, normalised: str) -> float:
        return self.model.probability(*features(*classifier_input(normalised)))

    def window_score(self, normalised: str) -> float:
        """The window's score, capped by its best run of SEGMENT_SENTENCES sentences: an injection is an
        order given in a sentence or two, while benign prose (a test log, a how-to, a notice) often names
        the AI, the user and an action in different sentences, which the whole window adds up."""
        whole = self.score(normalised)
        sentences = [m.group() for m in _SENTENCE.finditer(normalised) if m.group().strip()]
        if whole < self.model.threshold or len(sentences) <= SEGMENT_SENTENCES:
            return whole
        runs = range(len(sentences) - SEGMENT_SENTENCES + 1)
        return min(whole, max(self.score("".join(sentences[i : i + SEGMENT_SENTENCES])) for i in runs))

    def scan(self, text: str, *, decode: bool = True) -> Verdict:
        """`decode`: also scan the text that base64 runs in `text` decode to (one level deep)."""
        norm, offsets = normalise(text or "")
        if not norm.strip():
            return Verdict(False, 0.0)

        def original(start: int, end: int) -> tuple[int, int]:
            return offsets[start], (offsets[end - 1] + 1 if end > start else offsets[start])

        spans: list[Span] = []
        best = 0.0
        for start, end in windows(norm):
            probability = self.window_score(norm[start:end])
            best = max(best, probability)
            if probability >= self.model.threshold:
                a, b = original(start, end)
                spans.append(Span(a, b, "classifier", text[a:b]))
        floor = SOFT_RULE_FLOOR * self.model.threshold
        for name, start, end, strong in rule_hits(norm):
            if (
                strong
                and not _quoted_in_discussion(norm, start, end)
                and (name not in SOFT_RULES or best >= floor)
            ):
                a, b = original(start, end)
                spans.append(Span(a, b, name, text[a:b]))
        encoded = [("base64", *run) for run in decoded_base64(text)] + [
            ("hex", *run) for run in decoded_hex(text)
        ]
        for rule, start, end, decoded in encoded if decode else []:
            # The decoded order alone, and read in place ("decode this and do it: <the order>").
            in_place = text[max(0, start - 300) : start] + decoded + text[end : end + 300]
            if (
                self.scan(decoded, decode=False).is_injection
                or self.scan(in_place, decode=False).is_injection
            ):
                spans.append(Span(start, end, rule, text[start:end]))
        for start, end, reading in reversed_lines(text) if decode else []:
            # Text written backwards to hide an order from a reader: read the line both ways.
            if self.scan(reading, decode=False).is_injection:
                spans.append(Span(start, end, "reversed", text[start:end]))
        strong_hit = any(span.rule != "classifier" for span in spans)
        return Verdict(
            bool(spans), 1.0 if strong_hit else best, sorted(spans, key=lambda s: (s.start, s.rule))
        )


def scan(text: str) -> Verdict:
    """Scan text with the bundled model."""
    return Detector().scan(text)
