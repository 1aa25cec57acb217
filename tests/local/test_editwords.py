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
        ("slot Pack bags in after line 1", "Get eggs\nPack bags in\nPhone the vet\nFix the gate\nBook flights\nText Omar\n"),
        ("put Pack bags above the last line", "Get eggs\nPhone the vet\nFix the gate\nBook flights\nPack bags\nText Omar\n"),
        ("add asap to the end of line 2", "Get eggs\nPhone the vet asap\nFix the gate\nBook flights\nText Omar\n"),
        ("put 'TODO: ' at the start of line 3", "Get eggs\nPhone the vet\nTODO: Fix the gate\nBook flights\nText Omar\n"),
        ("delete the last word of line 2", "Get eggs\nPhone the\nFix the gate\nBook flights\nText Omar\n"),
        ("remove the first word of the final line", "Get eggs\nPhone the vet\nFix the gate\nBook flights\nOmar\n"),
        ("take 'the' out of line 3", "Get eggs\nPhone the vet\nFix gate\nBook flights\nText Omar\n"),
        ("change vet to dentist on line 2", "Get eggs\nPhone the dentist\nFix the gate\nBook flights\nText Omar\n"),
        ("rewrite line 1 to say Get milk", "Get milk\nPhone the vet\nFix the gate\nBook flights\nText Omar\n"),
        ("the fifth line should read Text Ines", "Get eggs\nPhone the vet\nFix the gate\nBook flights\nText Ines\n"),
        ("lines 1 and 2 should swap places", "Phone the vet\nGet eggs\nFix the gate\nBook flights\nText Omar\n"),
        ("exchange the third and fourth lines", "Get eggs\nPhone the vet\nBook flights\nFix the gate\nText Omar\n"),
        ("make a copy of line 4", "Get eggs\nPhone the vet\nFix the gate\nBook flights\nBook flights\nText Omar\n"),
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
