"""Argument types shared by the management commands that generate data."""

from argparse import ArgumentTypeError


def count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if number < 0:
        raise ArgumentTypeError(f"expected zero or more, not {number}")
    return number


def fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ArgumentTypeError(f"expected a number between 0 and 1, not {value!r}") from None
    if not 0 <= number <= 1:
        raise ArgumentTypeError(f"expected a number between 0 and 1, not {number}")
    return number
