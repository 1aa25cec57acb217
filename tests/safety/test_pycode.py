"""Plain Python programs (only compute and print) are told apart from everything else."""

from __future__ import annotations

import pytest

from deskpilot.safety.pycode import is_plain

PLAIN = [
    "print(2 + 2)",
    "print(sum(range(100)))",
    "import math; print(math.sqrt(2))",
    "import json, sys; print(json.dumps(json.load(sys.stdin)['items'][0], indent=2))",
    "import sys; print(sys.version_info[:2])",
    "import datetime as dt; print(dt.date.today().isoformat())",
    "from statistics import mean, median; xs = [3, 1, 4]; print(mean(xs), median(xs))",
    "import os; print(os.path.join(os.getcwd(), 'x'), os.cpu_count())",
    "import os.path as p; print(p.basename('/a/b.txt'))",
    "print(' '.join(w.capitalize() for w in 'hello big world'.split()))",
    "print(2**64, 1 << 20)",
    "def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(20))",
    "import string; print(string.ascii_lowercase)",
    "import sys\nfor line in sys.stdin:\n    print(line.strip().upper())",
    "print(f'{3.14159:.2f}', \"don't\")",
    "import numpy, requests as rq; print(numpy.__version__, rq.__version__)",
    "print(len(open('notes.txt').read().split()))",
    "print(open('/etc/hostname').read())",
    "import json\nwith open('data.json', encoding='utf-8') as f:\n    print(json.load(f)['name'])",
]

NOT_PLAIN = [
    "import os; os.system('id')",
    "import os; os.remove('x')",
    "import subprocess; subprocess.run(['ls'])",
    "import socket; socket.create_connection(('x.io', 80))",
    "exec('print(1)')",
    "eval('1+1')",
    "__import__('os').system('id')",
    "print(().__class__.__bases__)",
    "getattr(__builtins__, 'open')('x')",
    "import operator, os; operator.methodcaller('system', 'id')(os)",  # a module handed around by value
    "import string; string.Formatter().get_field('0.x', [1], {})",  # attribute by name
    "import typing; typing.get_type_hints(print)",
    "f = print; f.__self__",
    "x = 'a' * 10**10",
    "n = 10**12\nprint(list(range(n)))",
    "while True: pass",
    "import itertools\nfor i in itertools.count(): print(i)",
    "from itertools import cycle",
    "print('{0.__class__}'.format(1))",
    "class A: pass",
    "import os; p = os\np.system('id')",
    "from os import system",
    "import pathlib; pathlib.Path('x').write_text('y')",
    "print(1",  # does not parse
    "open('notes.txt', 'w').write('x')",
    "open('notes.txt', mode='a')",
    "p = 'x'; print(open(p).read())",  # a path the bash rules cannot read in the text
    "f = open; f('x', 'w')",
    "import numpy; numpy.save('x.npy', [1])",
    "import requests; print(requests.get('https://x.io').text)",
    "import numpy; print(numpy.__version__.__class__)",
]


@pytest.mark.parametrize("code", PLAIN)
def test_plain_programs_are_recognised(code):
    assert is_plain(code), code


@pytest.mark.parametrize("code", NOT_PLAIN)
def test_anything_else_is_not_plain(code):
    assert not is_plain(code), code
