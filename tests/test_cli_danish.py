"""sspdesk-cli and sspdesk speak Danish also in argparse's own texts (issue 21, item 9): usage, help sections and
errors, with a sub-command's place called "kommando" – without gettext or a Danish locale on the machine."""

from __future__ import annotations

import pytest

from sspdesk.argparse_da import danish_message
from sspdesk.cli import build_parser
from sspdesk.ui.app import parse_args

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "required", "_cmd", "error:")


def test_a_missing_sub_command_is_refused_in_danish_with_exit_code_2(capsys):
    # The walk-through: "the following arguments are required: cases_cmd".
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["cases"])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.startswith("brug: sspdesk-cli cases [-h] kommando ...")
    assert "sspdesk-cli cases: fejl: disse argumenter mangler: kommando" in err
    assert not any(word in err for word in ENGLISH)


@pytest.mark.parametrize(
    ("argv", "danish"),
    [
        (["cases", "lis"], "argument kommando: ugyldigt valg: 'lis' (vælg mellem 'list', 'show'"),
        (["--vault"], "argument --vault: mangler en værdi"),
        (["cases", "list", "--bogus"], "ukendte argumenter: --bogus"),
        (["import"], "disse argumenter mangler: fil"),
    ],
)
def test_usage_errors_are_danish(capsys, argv, danish):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and danish in err
    assert not any(word in err for word in ENGLISH)


@pytest.mark.parametrize("argv", [["--help"], ["cases", "--help"], ["meetings", "show", "--help"]])
def test_help_is_danish(capsys, argv):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    out = capsys.readouterr().out
    assert stopped.value.code == 0
    assert out.startswith("brug: sspdesk-cli") and "tilvalg:" in out and "vis denne hjælp og afslut" in out
    assert not any(word in out for word in ENGLISH)


def test_the_gui_programs_help_is_danish_too(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("brug: sspdesk") and "tilvalg:" in out and "usage:" not in out


def test_an_unknown_message_is_left_as_it_is_and_an_argument_prefix_is_kept():
    assert danish_message("something new") == "something new"
    assert danish_message("argument --limit: invalid int value: 'x'") == "argument --limit: ugyldigt heltal: 'x'"
