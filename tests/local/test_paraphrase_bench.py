"""The paraphrase benchmark's address check compares what the line expects with what the omnibox shows."""

from bench.bench_paraphrase import same_address


def test_an_address_with_its_port_matches_the_omnibox():
    assert same_address("127.0.0.1:8000/pricing.html", "127.0.0.1:8000/pricing.html")
    assert same_address("http://localhost:8000/", "127.0.0.1:8000")


def test_a_page_name_alone_matches_and_another_page_does_not():
    assert same_address("about.html", "127.0.0.1:8000/about.html")
    assert not same_address("127.0.0.1:8000/about.html", "127.0.0.1:8000/pricing.html")
