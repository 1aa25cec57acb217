"""The paraphrase benchmark's checks: the address the line expects against what the omnibox shows, and a
cell's value against the value the line expects."""

from bench.bench_paraphrase import same_address, same_value


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
