"""Is a Python program given on the command line (`python3 -c CODE`, a here-document) plain computation?

The policy asks for confirmation before code the model runs indirectly, because the shell analysis cannot
see what such code does. A Python program can be seen: `ast.parse` gives its whole syntax tree
(https://docs.python.org/3/library/ast.html). A program counts as plain only if every node is on an allow
list: literals, arithmetic, comparisons, comprehensions, `if`/`for`/`try`, functions and lambdas, `print`,
`len`, `sum`, `sorted` and the other pure builtins, and imports of modules that compute without touching
files, processes or the network (math, json, datetime, statistics ...), plus named read-only attributes of
`sys`, `os`, `os.path`, `platform` and `string`; `open` of a literal path for reading (what `cat` does), and
the version of any other module (`numpy.__version__`). Anything else makes it indirect code again: an unknown
name (`open`, `exec`, `eval`, `compile`, `__import__`, `getattr`, `vars`), any dunder, a string holding
`__` (attribute access by name), `while`, `class`, `global`, decorators, a module off the list, or one of
the side-effect modules used as a value rather than through an allowed attribute. Work is bounded too:
`while` and endless iterators are refused, and big sizes (`10**10`, a literal over a million) may not
repeat a string or list, or size a range.
"""

from __future__ import annotations

import ast

# Builtins that compute from their arguments and return a value (print writes to stdout).
BUILTINS = {"print", "len", "sum", "min", "max", "sorted", "reversed", "enumerate", "zip", "range", "abs",
            "round", "int", "float", "complex", "str", "bool", "list", "dict", "set", "tuple", "frozenset",
            "repr", "format", "divmod", "hex", "oct", "bin", "chr", "ord", "any", "all", "map", "filter",
            "isinstance", "bytes", "ascii", "slice", "True", "False", "None", "ValueError", "KeyError",
            "IndexError", "TypeError", "ZeroDivisionError", "Exception"}  # fmt: skip
# Modules whose public names compute without side effects on files, processes or the network. Left out on
# purpose: operator (attrgetter, methodcaller reach attributes by name), typing (get_type_hints evaluates
# strings), and everything that opens files, starts processes or connects.
PURE_MODULES = {"math", "cmath", "json", "datetime", "statistics", "decimal", "fractions", "random", "textwrap",
                "itertools", "functools", "collections", "re", "calendar", "hashlib", "base64", "uuid",
                "unicodedata", "heapq", "bisect", "pprint", "time", "zoneinfo", "binascii", "colorsys",
                "difflib", "html", "keyword", "secrets", "struct", "csv", "copy"}  # fmt: skip
ENDLESS = {"count", "cycle", "repeat"}  # itertools iterators that may never end
# Modules with side effects, or with reflection, of which only these attributes may be used.
READ_ONLY_ATTRIBUTES = {
    "sys": {"version", "version_info", "platform", "path", "maxsize", "executable", "argv", "stdin", "stdout",
            "byteorder", "float_info", "int_info", "getsizeof", "getrecursionlimit", "implementation",
            "hexversion", "prefix", "base_prefix", "getdefaultencoding", "getfilesystemencoding"},
    "os": {"getcwd", "cpu_count", "getpid", "getuid", "environ", "sep", "linesep", "name", "path", "listdir",
           "pathsep", "getlogin", "uname"},
    "os.path": {"join", "exists", "isfile", "isdir", "basename", "dirname", "expanduser", "abspath",
                "getsize", "splitext", "split", "normpath", "realpath", "islink", "getmtime", "sep"},
    "platform": {"python_version", "system", "machine", "release", "version", "node", "platform",
                 "python_implementation", "architecture", "processor"},
    "string": {"ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits",
               "punctuation", "printable", "whitespace", "capwords", "Template"},
}  # fmt: skip
# Statements and expressions a plain program may use.
NODES = (ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.If, ast.For, ast.Try,
         ast.ExceptHandler, ast.Pass, ast.Break, ast.Continue, ast.Import, ast.ImportFrom, ast.alias,
         ast.FunctionDef, ast.Return, ast.Lambda, ast.arguments, ast.arg, ast.Assert, ast.Raise, ast.Delete,
         ast.Constant, ast.Name, ast.Load, ast.Store, ast.Del, ast.Attribute, ast.Subscript, ast.Slice,
         ast.Starred, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.BinOp, ast.UnaryOp, ast.BoolOp,
         ast.Compare, ast.IfExp, ast.Call, ast.keyword, ast.ListComp, ast.SetComp, ast.DictComp,
         ast.GeneratorExp, ast.comprehension, ast.JoinedStr, ast.FormattedValue, ast.operator,
         ast.unaryop, ast.boolop, ast.cmpop, ast.expr_context, ast.With, ast.withitem)  # fmt: skip
# Attributes of any other module that may be read: its version and location. Importing an installed module
# runs its code, as `python3 -m MODULE` (allowed) does anyway; nothing else of it may be used.
VERSION_ATTRIBUTES = {"__version__", "__file__", "VERSION"}
LIMIT = 10**6  # the largest literal size that may repeat a sequence or size a range
SIZERS = {"range", "bytes", "zfill", "ljust", "rjust", "center", "expandtabs"}


def is_plain(code: str) -> bool:
    """True when `code` parses and does nothing but compute and print (see the module docstring)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    nodes = list(ast.walk(tree))
    if not all(isinstance(n, NODES) for n in nodes):
        return False
    modules = _imports(nodes)
    if modules is None:
        return False
    local = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    local |= {a.arg for n in nodes if isinstance(n, ast.arguments) for a in _args(n)}
    local |= {n.name for n in nodes if isinstance(n, (ast.FunctionDef, ast.ExceptHandler)) and n.name}
    big = {t.id for n in nodes if isinstance(n, ast.Assign) and _big(n.value, set())
           for t in n.targets if isinstance(t, ast.Name)}  # fmt: skip
    bases = {id(n.value): n.attr for n in nodes if isinstance(n, ast.Attribute)}
    reads = {id(n.func) for n in nodes if isinstance(n, ast.Call) and _reads_a_file(n)}
    for node in nodes:
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            if "__" in str(node.value):
                return False
        elif isinstance(node, ast.FunctionDef) and (node.decorator_list or node.name.startswith("_")):
            return False
        elif isinstance(node, ast.Attribute):
            opaque = isinstance(node.value, ast.Name) and modules.get(node.value.id, "").startswith("?")
            if opaque and node.attr in VERSION_ATTRIBUTES:
                continue
            if node.attr.startswith("_") or not _attribute_allowed(node, modules):
                return False
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id == "open" and id(node) in reads and "open" not in local:
                continue
            if node.id.startswith("__") or node.id not in BUILTINS | local | set(modules):
                return False
            module = modules.get(node.id, "")
            if module.startswith("?") and bases.get(id(node)) not in VERSION_ATTRIBUTES:
                return False  # any other module: only its version may be read
            if _reads_only(module) and id(node) not in bases:
                return False  # `os` handed around as a value could reach any of its functions
        elif isinstance(node, ast.BinOp) and not _bounded(node, big):
            return False
        elif isinstance(node, ast.Call) and _sizes(node) and any(_big(a, big) for a in node.args):
            return False
    return True


def _imports(nodes: list[ast.AST]) -> dict[str, str] | None:
    """Local name -> the module (or module attribute) it stands for; None if any import is not allowed."""
    modules: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not (alias.name.split(".")[0] in PURE_MODULES or alias.name in READ_ONLY_ATTRIBUTES):
                    modules[alias.asname or alias.name.split(".")[0]] = (
                        f"?{alias.name}"  # see VERSION_ATTRIBUTES
                    )
                elif alias.asname:
                    modules[alias.asname] = alias.name
                else:
                    modules[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                name = alias.name
                if node.level or name == "*" or name.startswith("_") or not _member_allowed(module, name):
                    return None
                modules[alias.asname or name] = f"{module}.{name}"
    return modules


def _reads_a_file(node: ast.Call) -> bool:
    """`open('notes.txt')`, `open('/tmp/a.csv', 'rb', encoding='utf-8')`: a literal path opened for reading
    (what `cat` does; the path is in the program's text, where the bash rules look for secrets)."""
    if (
        not (isinstance(node.func, ast.Name) and node.func.id == "open")
        or not node.args
        or len(node.args) > 2
    ):
        return False
    path, mode = node.args[0], node.args[1] if len(node.args) > 1 else None
    keywords = {k.arg: k.value for k in node.keywords}
    mode = keywords.pop("mode", mode)
    literal_path = isinstance(path, ast.Constant) and isinstance(path.value, str)
    reading = mode is None or (isinstance(mode, ast.Constant) and mode.value in ("r", "rt", "rb", "tr", "br"))
    return literal_path and reading and set(keywords) <= {"encoding", "errors", "newline"}


def _member_allowed(module: str, name: str) -> bool:
    if module in READ_ONLY_ATTRIBUTES:
        return name in READ_ONLY_ATTRIBUTES[module]
    return module.split(".")[0] in PURE_MODULES and not (module == "itertools" and name in ENDLESS)


def _reads_only(path: str) -> bool:
    return path in READ_ONLY_ATTRIBUTES


def _attribute_allowed(node: ast.Attribute, modules: dict[str, str]) -> bool:
    """`os.path.join`, `sys.stdin.read`: each step from a side-effect module must be a listed attribute;
    past it (a pure module, or a value such as sys.stdin) any public attribute is a method of data."""
    chain = [node.attr]
    value = node.value
    while isinstance(value, ast.Attribute):
        chain.append(value.attr)
        value = value.value
    if not isinstance(value, ast.Name) or value.id not in modules:
        return True
    path = modules[value.id]
    for attribute in reversed(chain):
        if path == "itertools" and attribute in ENDLESS:
            return False
        if not _reads_only(path):
            return True
        if attribute not in READ_ONLY_ATTRIBUTES[path]:
            return False
        path = f"{path}.{attribute}"
    return True


def _args(node: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (node.vararg, node.kwarg) if a is not None]
    return [*node.posonlyargs, *node.args, *node.kwonlyargs, *extra]


def _big(node: ast.AST, big: set[str]) -> bool:
    """A size that may be huge: an int literal over LIMIT, a power or shift, a name bound to one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and abs(node.value) > LIMIT
    if isinstance(node, ast.Name):
        return node.id in big
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, (ast.Pow, ast.LShift)) or _big(node.left, big) or _big(node.right, big)
    if isinstance(node, ast.UnaryOp):
        return _big(node.operand, big)
    return False


def _bounded(node: ast.BinOp, big: set[str]) -> bool:
    """`**` and `<<` only between literals with a moderate exponent; `*` (which repeats strings and lists)
    not by a big size."""
    if isinstance(node.op, (ast.Pow, ast.LShift)):
        right = node.right
        return (
            isinstance(node.left, ast.Constant)
            and isinstance(right, ast.Constant)
            and isinstance(right.value, int)
            and 0 <= right.value <= 4096
        )
    if isinstance(node.op, ast.Mult):
        return not (_big(node.left, big) or _big(node.right, big))
    return True


def _sizes(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Name) and func.id in SIZERS) or (
        isinstance(func, ast.Attribute) and func.attr in SIZERS
    )
