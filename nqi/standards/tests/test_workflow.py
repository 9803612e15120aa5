"""The transition tables are sound (no database)."""

from nqi.standards.workflow import KEY_PROJECT, STANDARD_STATUS


def test_tables_are_consistent():
    assert STANDARD_STATUS.problems() == []
    assert KEY_PROJECT.problems() == []


def test_replaced_and_withdrawn_are_terminal():
    assert STANDARD_STATUS.is_terminal("replaced") and STANDARD_STATUS.is_terminal("withdrawn")
    assert {t.name for t in STANDARD_STATUS.transitions_from("current")} == {"replace", "withdraw"}
    assert [t.name for t in KEY_PROJECT.transitions_from("reviewing")] == [
        "return_draft",
        "submit_approval",
        "cancel",
    ]
