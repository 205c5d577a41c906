"""File names of downloads: an ASCII slug for everyone, the real names for browsers that read
filename*, nothing a file system refuses, and each name once in a zip."""
from types import SimpleNamespace
from urllib.parse import unquote

from tenants.certificates.downloads import ascii_name, content_disposition, real_name, zip_names


def test_the_ascii_name_says_what_it_is():
    assert ascii_name("Next Generation Leadership 2025", "Zoë Łukasiewicz-Ångström") == \
        "certificate-next-generation-leadership-2025-zoe-lukasiewicz-angstrom.pdf"


def test_a_name_with_no_latin_letters_still_gives_a_file_name():
    assert ascii_name("Exec Tech", "王小明") == "certificate-exec-tech-participant.pdf"
    assert ascii_name("未来", "فاطمة") == "certificate-programme-participant.pdf"


def test_the_header_carries_both_names():
    header = content_disposition("Exec Tech", "王小明")
    assert header.startswith('attachment; filename="certificate-exec-tech-participant.pdf"; ')
    assert unquote(header.split("filename*=UTF-8''")[1]) == "certificate-Exec Tech-王小明.pdf"


def test_a_name_cannot_break_the_header_or_the_file_system():
    name = 'Eve "Bob"\r\nContent-Type: text/html; / \\ : * ? < > |'
    header = content_disposition("Programme", name)
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
    real = real_name("Programme", name)
    assert not set('/\\:*?"<>|\r\n') & set(real)


def test_bidirectional_controls_cannot_disguise_the_extension():
    assert "\u202e" not in real_name("Programme", "Eve\u202efdp.exe")


def test_a_long_name_is_cut_to_a_file_name_a_file_system_takes():
    assert len(real_name("P" * 300, "N" * 300).encode()) < 255
    assert len(ascii_name("P" * 300, "N" * 300)) < 255


def test_a_formula_like_name_is_kept_as_typed():
    assert real_name("Programme", "=HYPERLINK(1)") == "certificate-Programme-=HYPERLINK(1).pdf"


def test_namesakes_get_distinct_names_in_a_zip():
    certificates = [SimpleNamespace(programme="Exec", name=name) for name in ("Ann Lee", "ann lee", "Bo", "Ann Lee")]
    assert zip_names(certificates) == ["certificate-Exec-Ann Lee.pdf", "certificate-Exec-ann lee (2).pdf",
                                       "certificate-Exec-Bo.pdf", "certificate-Exec-Ann Lee (3).pdf"]
