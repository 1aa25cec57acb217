"""The paraphrase benchmark's checks: the address the line expects against what the omnibox shows, and a
cell's value against the value the line expects."""

from bench.bench_paraphrase import miss_kind, same_address, same_value, text_relation


def test_an_address_with_its_port_matches_the_omnibox():
    assert same_address("127.0.0.1:8000/pricing.html", "127.0.0.1:8000/pricing.html")
    assert same_address("http://localhost:8000/", "127.0.0.1:8000")


def test_a_page_name_alone_matches_and_another_page_does_not():
    assert same_address("about.html", "127.0.0.1:8000/about.html")
    assert not same_address("127.0.0.1:8000/about.html", "127.0.0.1:8000/pricing.html")


def test_a_folder_index_page_is_the_folder_and_no_other_page():
    assert same_address("index.html", "127.0.0.1:8000")
    assert same_address("index.html", "127.0.0.1:8000/")
    assert same_address("http://127.0.0.1:8000/index.html", "127.0.0.1:8000/")
    assert same_address("127.0.0.1:8000/docs/index.html", "127.0.0.1:8000/docs/")
    assert not same_address("index.html", "127.0.0.1:8000/about.html")
    assert not same_address("index.html", "127.0.0.1:8000/docs/")
    assert not same_address("127.0.0.1:8000/docs/index.html", "127.0.0.1:8000/")


def test_an_empty_cell_matches_an_expected_empty_text_and_nothing_else():
    assert same_value(None, "")
    assert not same_value(None, 0)
    assert not same_value(None, "Total")
    assert same_value("1,250", 1250) and same_value(4.199999999999999, 4.2)


def test_a_wrong_text_is_told_by_how_it_differs():
    assert text_relation("b\na\n", "a\nb\n") == "line order"
    assert text_relation("a\nb\nc", "a\nb\n") == "extra text"
    assert text_relation("a", "a\nb") == "text missing"
    assert text_relation("A\nB", "a\nb") == "letter case only"
    assert text_relation(None, "a") == "no file"
    assert text_relation("x\ny", "a\nb") == "other words, same line count"


def test_a_miss_is_named_by_kind_without_the_line():
    editor = {"app": "editor", "expect": {"file": "a.txt", "content": "a\nb\n"}}
    assert miss_kind(editor, {"status": "ask_user"}) == "asked when clear"
    assert (
        miss_kind(editor, {"status": "done", "why": "file 'b\\na\\n'"})
        == "wrong end state (file: line order)"
    )
    stopped = {
        "status": "fail",
        "reason": "infeasible",
        "text": "I could not finish: The file 'secret.txt' is gone.",
    }
    assert miss_kind(editor, stopped) == "stopped (infeasible: The file _ is gone.)"
    assert (
        miss_kind({"app": "calculator", "expect": {"asks": True}}, {"status": "done"})
        == "acted when it should ask"
    )
