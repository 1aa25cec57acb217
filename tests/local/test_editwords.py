"""Edit requests read by their parts (deskpilot.local.nlu.editwords): lines named by place or words, a word of
a line, where new text goes; and the editor ops they lead to."""

import pytest

from deskpilot.local.nlu import understand
from deskpilot.local.plans.editor import transform

DOC = "Get eggs\nPhone the vet\nFix the gate\nBook flights\nText Omar\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        ("get rid of line three", "Get eggs\nPhone the vet\nBook flights\nText Omar\n"),
        ("erase the next-to-last line", "Get eggs\nPhone the vet\nFix the gate\nText Omar\n"),
        ("could you scrap the penultimate line", "Get eggs\nPhone the vet\nFix the gate\nText Omar\n"),
        ("ditch the line about the vet", "Get eggs\nFix the gate\nBook flights\nText Omar\n"),
        ("remove the line starting with Book", "Get eggs\nPhone the vet\nFix the gate\nText Omar\n"),
        ("make line 4 all caps", "Get eggs\nPhone the vet\nFix the gate\nBOOK FLIGHTS\nText Omar\n"),
        ("lowercase the top line", "get eggs\nPhone the vet\nFix the gate\nBook flights\nText Omar\n"),
        ("put the word gate in capitals", "Get eggs\nPhone the vet\nFix the GATE\nBook flights\nText Omar\n"),
        ("bump line 5 up to the top", "Text Omar\nGet eggs\nPhone the vet\nFix the gate\nBook flights\n"),
        ("move line 1 below line 3", "Phone the vet\nFix the gate\nGet eggs\nBook flights\nText Omar\n"),
        (
            "slot Pack bags in after line 1",
            "Get eggs\nPack bags in\nPhone the vet\nFix the gate\nBook flights\nText Omar\n",
        ),
        (
            "put Pack bags above the last line",
            "Get eggs\nPhone the vet\nFix the gate\nBook flights\nPack bags\nText Omar\n",
        ),
        (
            "add asap to the end of line 2",
            "Get eggs\nPhone the vet asap\nFix the gate\nBook flights\nText Omar\n",
        ),
        (
            "put 'TODO: ' at the start of line 3",
            "Get eggs\nPhone the vet\nTODO: Fix the gate\nBook flights\nText Omar\n",
        ),
        ("delete the last word of line 2", "Get eggs\nPhone the\nFix the gate\nBook flights\nText Omar\n"),
        (
            "remove the first word of the final line",
            "Get eggs\nPhone the vet\nFix the gate\nBook flights\nOmar\n",
        ),
        ("take 'the' out of line 3", "Get eggs\nPhone the vet\nFix gate\nBook flights\nText Omar\n"),
        (
            "change vet to dentist on line 2",
            "Get eggs\nPhone the dentist\nFix the gate\nBook flights\nText Omar\n",
        ),
        (
            "rewrite line 1 to say Get milk",
            "Get milk\nPhone the vet\nFix the gate\nBook flights\nText Omar\n",
        ),
        (
            "the fifth line should read Text Ines",
            "Get eggs\nPhone the vet\nFix the gate\nBook flights\nText Ines\n",
        ),
        (
            "lines 1 and 2 should swap places",
            "Phone the vet\nGet eggs\nFix the gate\nBook flights\nText Omar\n",
        ),
        (
            "exchange the third and fourth lines",
            "Get eggs\nPhone the vet\nBook flights\nFix the gate\nText Omar\n",
        ),
        (
            "make a copy of line 4",
            "Get eggs\nPhone the vet\nFix the gate\nBook flights\nBook flights\nText Omar\n",
        ),
    ],
)
def test_an_edit_read_by_its_parts_gives_the_document_wanted(instruction, want):
    commands = understand(instruction, open_app="editor").commands
    edits = [c for c in commands if c.kind == "edit"]
    assert len(edits) == 1, commands
    assert transform(edits[0].op, edits[0].args, DOC) == want


def test_an_edit_then_save_is_the_edit_and_a_save():
    commands = understand("insert Walk the dog after line 2 and save it", open_app="editor").commands
    assert [(c.kind, c.op) for c in commands] == [("edit", "insert_at"), ("save", "")]
    assert commands[0].args == (3, "Walk the dog")


def test_a_line_the_document_lacks_is_no_guess():
    from deskpilot.local.plans.common import GiveUp

    with pytest.raises(GiveUp):
        transform("delete_word", (9, 1), DOC)


SHOP = "Bread: 2 loaves\nOranges\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n"


@pytest.mark.parametrize(
    "instruction, want",
    [
        # a line's value said as how it should be
        (
            "the oranges line has to say 6 oranges",
            "Bread: 2 loaves\n6 oranges\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "ok so, bread should be 3 loaves",
            "Bread: 3 loaves\nOranges\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "milk should read 2 litre now",
            "Bread: 2 loaves\nOranges\nMilk = 2 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "we open later now, opening should be 10am",
            "Bread: 2 loaves\nOranges\nMilk = 1 litre\nKim - kitchen\nOpening 10am\n",
        ),
        (
            "Kim moved teams, she's in garden now",
            "Bread: 2 loaves\nOranges\nMilk = 1 litre\nKim - garden\nOpening 9am\n",
        ),
        # a line that goes, said by why
        (
            "oranges needs to go from the list",
            "Bread: 2 loaves\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "Kim quit last week so she has to be removed",
            "Bread: 2 loaves\nOranges\nMilk = 1 litre\nOpening 9am\n",
        ),
        (
            "bought the milk this morning, so that item can go",
            "Bread: 2 loaves\nOranges\nKim - kitchen\nOpening 9am\n",
        ),
        # a line placed
        (
            "Eggs should go between Oranges and Milk",
            "Bread: 2 loaves\nOranges\nEggs\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "Oranges should be the first item, before Bread",
            "Oranges\nBread: 2 loaves\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "oranges are the priority so they go at the top",
            "Oranges\nBread: 2 loaves\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "hey, stick 'Jam' right after the Oranges line",
            "Bread: 2 loaves\nOranges\nJam\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        (
            "put 'Jam' at the bottom - no wait, right before the Milk line",
            "Bread: 2 loaves\nOranges\nJam\nMilk = 1 litre\nKim - kitchen\nOpening 9am\n",
        ),
        # a first line said with a colon; the whole text said
        ("new top line please: Shopping", "Shopping\n" + SHOP),
        ("the note should only say 'gone fishing' and nothing else", "gone fishing\n"),
        # values corrected
        (
            "opening is at 8am now, not 9am",
            "Bread: 2 loaves\nOranges\nMilk = 1 litre\nKim - kitchen\nOpening 8am\n",
        ),
        (
            "we open at 10am - hmm, actually make it 10:30am",
            "Bread: 2 loaves\nOranges\nMilk = 1 litre\nKim - kitchen\nOpening 10:30am\n",
        ),
        ("remove the word kitchen from the start of every line", SHOP),
    ],
)
def test_an_edit_said_as_a_goal_or_a_reason(instruction, want):
    commands = understand(instruction, open_app="editor").commands
    edits = [c for c in commands if c.kind == "edit"]
    assert len(edits) == 1, commands
    assert transform(edits[0].op, edits[0].args, SHOP) == want


@pytest.mark.parametrize(
    "instruction, doc, want",
    [
        ("there are double spaces here and there, make them single spaces", "a  b\nc  d\n", "a b\nc d\n"),
        ("number the steps like 1) 2) 3)", "mix\nbake\n", "1) mix\n2) bake\n"),
        ("'soon' shows up three times, keep only the first", "soon\nlater\nsoon\nsoon\n", "soon\nlater\n"),
        ("one 'the' too many in there", "see the the film\n", "see the film\n"),
        ("too shouty, only the first letter must stay a capital", "BIG SALE NOW\n", "Big sale now\n"),
        ("the fruit names need capital first letters", "kiwi\nfig\n", "Kiwi\nFig\n"),
        ("'NB' at the start of every line can go", "NB call\nNB write\n", "call\nwrite\n"),
        ("below that, write 'Line A' and then 'Line B'", "Top\n", "Top\nLine A\nLine B\n"),
    ],
)
def test_more_kinds_said_loosely(instruction, doc, want):
    commands = understand(instruction, open_app="editor").commands
    edits = [c for c in commands if c.kind == "edit"]
    assert len(edits) == 1, commands
    assert transform(edits[0].op, edits[0].args, doc) == want


@pytest.mark.parametrize(
    "instruction, result",
    [
        ("write plums on a new line at the bottom", "figs\npears\nplums\n"),
        ("add another line: plums, thanks", "figs\npears\nplums\n"),
        ("could you append plums for me", "figs\npears\nplums\n"),
        ("put a new line plums at the very top", "plums\nfigs\npears\n"),
        ("start the document with a line plums", "plums\nfigs\npears\n"),
        ("switch out pears for plums", "figs\nplums\n"),
        ("substitute plums for pears", "figs\nplums\n"),
        ("I'd like you to put plums instead of pears", "figs\nplums\n"),
        ("wherever it says pears, write plums", "figs\nplums\n"),
        ("I wrote pears but meant plums", "figs\nplums\n"),
        ("change the word pears to plums", "figs\nplums\n"),
        ("turn all the letters into capitals", "FIGS\nPEARS\n"),
    ],
)
def test_whole_document_edits_said_loosely(instruction, result):
    """Lines added at an end, one text for another and capitals, said in everyday words (they asked, typed the
    courtesy into the document, or replaced the wrong way round)."""
    commands = understand(instruction, "editor").commands
    text = "figs\npears\n"
    for c in commands:
        if c.kind == "edit":
            text = transform(c.op, c.args, text)
    assert text == result, commands


@pytest.mark.parametrize(
    "instruction", ["add something at the end", "add the thing we discussed at the bottom"]
)
def test_words_that_only_point_are_not_added(instruction):
    assert not understand(instruction, "editor").commands


@pytest.mark.parametrize(
    "instruction, line",
    [
        ("append see you soon to the document", "see you soon"),
        ("add another line to the list: plums", "plums"),
        ("can you append plums at end", "plums"),
    ],
)
def test_where_a_line_goes_is_not_its_text(instruction, line):
    """ "append X to the document": the open document is where the line goes (the words were added as
    'X to the document' in a run of the independent set's kind, seen as one more editor miss)."""
    commands = understand(instruction, "editor").commands
    assert [(c.op, c.args) for c in commands if c.kind == "edit"] == [("append_line", (line,))]


@pytest.mark.parametrize(
    "instruction",
    [
        "append 'gray' to *.log",
        "put a copy of line 2 at the bottom",
        "append 'x' to the file and delete what's in G9",
    ],
)
def test_a_file_a_copy_or_a_second_step_is_not_a_line_to_add(instruction):
    commands = understand(instruction, "editor").commands
    assert not any(
        c.op == "append_line" and " " in c.args[0] and ("to" in c.args[0] or "copy" in c.args[0])
        for c in commands
    ), commands
