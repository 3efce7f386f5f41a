"""Numbers from request parameters: anything but a plain integer in range is absent."""

from __future__ import annotations

import pytest

from pqrs.core.params import BIGINT_MAX, int_param, int_params


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(2**63), None),  # one past a 64-bit id: SQLite raised OverflowError on it
        (str(10**30), None),
        ("0", None),
        ("-1", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("٣", None),
        (" 4", None),
        ("4\x00", None),
        ("", None),
        (None, None),
        ("1" * 60_000, None),
    ],
)
def test_an_id_parameter(value, expected):
    assert int_param(value) == expected


def test_a_bounded_parameter_and_a_list_of_ids():
    assert int_param("-1", minimum=-5, maximum=5) == -1
    assert int_param("6", minimum=-5, maximum=5) is None
    assert int_params(["3", "x", "3", str(2**63), "1"], limit=10) == [3, 1]
    assert int_params([str(n) for n in range(1, 100)], limit=5) == [1, 2, 3, 4, 5]
