"""Editor requests said by their shape (deskpilot.local.nlu.editwords._document_shapes and neighbours): both
sides of an unquoted replacement read whole, spaces trimmed, the lines reversed or joined, the middle lines
going, a line given its place or commented out, the whole text said anew, repeats, a line that goes for a
reason said before it, edits said one after another, and "would you mind ...ing"."""

import pytest

from deskpilot.local.nlu import understand
from deskpilot.local.plans.editor import transform

DOC = "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the cat\nPay the gas bill\n"


def _apply(instruction: str, doc: str = DOC) -> str:
    parsed = understand(instruction, open_app="editor")
    assert not parsed.question, parsed.question
    edits = [c for c in parsed.commands if c.kind == "edit"]
    assert edits, parsed.commands
    for c in edits:
        doc = transform(c.op, c.args, doc)
    return doc


@pytest.mark.parametrize(
    "instruction, want",
    [
        # one text for another, each side several words, unquoted
        (
            "change the gas bill to the water bill",
            "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the cat\nPay the water bill\n",
        ),
        (
            "swap Aunt May for Uncle Joe",
            "Buy stamps\nPost the parcel\nRing Uncle Joe\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "replace the cat with the neighbour's dog",
            "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the neighbour's dog\nPay the gas bill\n",
        ),
        ("correct the spelling stmps -> stamps", DOC),
        (
            "parcel -> big parcel",
            "Buy stamps\nPost the big parcel\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        # order, joining, the middle
        (
            "arrange the items in reverse order",
            "Pay the gas bill\nFeed the cat\nRing Aunt May\nPost the parcel\nBuy stamps\n",
        ),
        (
            "merge the top two lines",
            "Buy stamps Post the parcel\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "combine the last two lines with a comma",
            "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the cat, Pay the gas bill\n",
        ),
        (
            "merge line 3 with line 4",
            "Buy stamps\nPost the parcel\nRing Aunt May Feed the cat\nPay the gas bill\n",
        ),
        ("scrap the line in the middle", "Buy stamps\nPost the parcel\nFeed the cat\nPay the gas bill\n"),
        # a new line given its place, a line commented out
        (
            "pop Water the ferns in as the third line",
            "Buy stamps\nPost the parcel\nWater the ferns\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "comment out line 2",
            "Buy stamps\n#Post the parcel\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "comment out the line about the cat using //",
            "Buy stamps\nPost the parcel\nRing Aunt May\n//Feed the cat\nPay the gas bill\n",
        ),
        # the whole text said anew
        ("overwrite the whole text with: Gone fishing", "Gone fishing\n"),
        ("type 'Closed today' as the sole content of the file", "Closed today\n"),
        # a line that goes for a reason said first
        (
            "we don't need to ring Aunt May any more, scrap that",
            "Buy stamps\nPost the parcel\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "just paid the gas bill - strike it off the list",
            "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the cat\n",
        ),
        # "would you mind ...ing"
        ("would you mind putting Walk the dog at the bottom?", DOC + "Walk the dog\n"),
        # edits one after another
        (
            "alphabetise it and then number each line",
            "1. Buy stamps\n2. Feed the cat\n3. Pay the gas bill\n4. Post the parcel\n5. Ring Aunt May\n",
        ),
        (
            "flip the order of the lines, then delete line 1",
            "Feed the cat\nRing Aunt May\nPost the parcel\nBuy stamps\n",
        ),
    ],
)
def test_an_edit_said_by_its_shape_gives_the_document_wanted(instruction, want):
    assert _apply(instruction) == want


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("tidy up the whitespace at both ends of every line", "a b\nc\n"),
        ("remove the leading spaces", "a b  \nc \n"),
        ("chop off trailing whitespace on all the lines", "  a b\n c\n"),
        ("trim every line", "a b\nc\n"),
    ],
)
def test_spaces_at_the_ends_of_lines_go(instruction, want):
    assert _apply(instruction, "  a b  \n c \n") == want


def test_repeats_kept_once_and_a_bullet_mark_said_after_the_first_line():
    doc = "Fruit\npears\nfigs\npears\n"
    assert _apply("leave only one copy of each", doc) == "Fruit\npears\nfigs\n"
    assert (
        _apply("bullet points with a + for every line below the heading", doc)
        == "Fruit\n+ pears\n+ figs\n+ pears\n"
    )


def test_the_middle_of_an_even_document_is_no_guess():
    from deskpilot.local.plans.common import GiveUp

    with pytest.raises(GiveUp):
        transform("delete_middle", (1,), "a\nb\nc\nd\n")
    assert transform("delete_middle", (2,), "a\nb\nc\nd\n") == "a\nd\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        (
            "shift Feed the cat above Post the parcel",
            "Buy stamps\nFeed the cat\nPost the parcel\nRing Aunt May\nPay the gas bill\n",
        ),
        (
            "bump the stamps line down one",
            "Post the parcel\nBuy stamps\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "move line 4 up a place",
            "Buy stamps\nPost the parcel\nFeed the cat\nRing Aunt May\nPay the gas bill\n",
        ),
        (
            "exchange the parcel and cat lines",
            "Buy stamps\nFeed the cat\nRing Aunt May\nPost the parcel\nPay the gas bill\n",
        ),
        ("wipe out all the lines below Aunt May", "Buy stamps\nPost the parcel\nRing Aunt May\n"),
        (
            "make stamps say first class stamps",
            "Buy first class stamps\nPost the parcel\nRing Aunt May\nFeed the cat\nPay the gas bill\n",
        ),
        (
            "we'd like the dog instead of the cat",
            "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the dog\nPay the gas bill\n",
        ),
        ("erase 'the gas bill'", "Buy stamps\nPost the parcel\nRing Aunt May\nFeed the cat\nPay\n"),
    ],
)
def test_lines_named_by_their_words_move_swap_and_go(instruction, want):
    assert _apply(instruction) == want


def test_lines_named_by_their_place_still_swap_by_place():
    commands = understand("swap the 1st and 3rd lines round", open_app="editor").commands
    assert (commands[0].op, commands[0].args) == ("swap_lines", (1, 3))
