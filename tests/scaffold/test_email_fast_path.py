"""The e-mail check's fast path accepts only what the full check (``Address``) accepts."""

from __future__ import annotations

from email.headerregistry import Address

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaffold._answers import _SETUPTOOLS_EMAIL, PLAIN_AUTHOR, PLAIN_EMAIL, email_problems


@settings(max_examples=400, deadline=None)
@given(
    email=st.from_regex(PLAIN_EMAIL, fullmatch=True),
    author=st.from_regex(PLAIN_AUTHOR, fullmatch=True),
)
def test_every_plain_pair_is_an_address(email: str, author: str) -> None:
    """Address() takes every pair the fast path lets through, so skipping it changes nothing."""
    str(Address(display_name=author, addr_spec=email))


@settings(max_examples=400, deadline=None)
@given(email=st.emails(), author=st.text(max_size=30))
def test_the_answer_is_the_same_with_or_without_the_fast_path(email: str, author: str) -> None:
    """For any address and name, the result equals the full check's."""
    try:
        str(Address(display_name=author, addr_spec=email))
        full_ok = True
    except (ValueError, IndexError):
        full_ok = False
    accepted = not email_problems(email, author)
    assert accepted == (full_ok and bool(_SETUPTOOLS_EMAIL.match(email))), (email, author)


FULL_CHECK_CASES = [
    pytest.param("a b@example.org", "Ada", id="space-in-local-part"),
    pytest.param("ada..x@example.org", "Ada", id="double-dot"),
    pytest.param("ada@example.org", 'Ada "the" Lovelace', id="quotes-in-author"),
]


@pytest.mark.parametrize(("email", "author"), FULL_CHECK_CASES)
def test_unplain_input_takes_the_full_check(email: str, author: str) -> None:
    """Input outside the plain patterns is not decided by them."""
    assert not (PLAIN_EMAIL.match(email) and PLAIN_AUTHOR.match(author))
