"""Verification codes: 80 random bits, grouped for reading, forgiving to type, and nothing
else gets past reading."""
import math
import re

import pytest

from tenants.certificates.codes import ALPHABET, LENGTH, code_digest, new_code, read_code

SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_a_code_is_four_groups_of_four_and_carries_80_bits():
    assert SHAPE.match(new_code())
    assert LENGTH * math.log2(len(ALPHABET)) >= 80


def test_codes_are_random():
    codes = [new_code() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    # Every character of the alphabet turns up in every place: nothing is fixed or counted.
    for place in range(0, 19):
        if place % 5 != 4:
            assert {code[place] for code in codes} == set(ALPHABET)


@pytest.mark.parametrize("typed", ["k7qm-2xrd-9fht-w4pz", "K7QM2XRD9FHTW4PZ", " k7qm 2xrd 9fht w4pz ",
                                   "K7QM--2XRD-9FHT-W4PZ"])
def test_a_code_is_read_in_any_case_with_any_separators(typed):
    assert read_code(typed) == "K7QM-2XRD-9FHT-W4PZ"


def test_letters_that_look_like_digits_are_read_as_the_digits():
    assert read_code("KOQM-2XRD-9FHT-W4PI") == "K0QM-2XRD-9FHT-W4P1"
    assert read_code("K7QL-2XRD-9FHT-W4PZ") == "K7Q1-2XRD-9FHT-W4PZ"


@pytest.mark.parametrize("typed", ["", "K7QM-2XRD-9FHT", "K7QM-2XRD-9FHT-W4PZ-A", "K7QM-2XRD-9FHT-W4PU",
                                   "K7QM-2XRD-9FHT-W4P!", "K7QM/2XRD/9FHT/W4PZ", "K7QM-2XRD-9FHT-W4Pß",
                                   "K7QM-2XRD-9FHT-W4P\u0417", "A" * 10_000, "'; DROP TABLE certificate; --", None])
def test_anything_else_is_not_a_code(typed):
    assert read_code(typed) is None


def test_the_platform_keeps_a_digest_that_does_not_contain_the_code():
    code = new_code()
    digest = code_digest(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert code.replace("-", "").lower() not in digest
    assert code_digest(new_code()) != digest
