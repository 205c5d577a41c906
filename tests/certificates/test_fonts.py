"""The start-up check that fonts exist for every script a name may be written in."""
from tenants.pdfs import SCRIPTS, fonts_warning, missing_scripts

EVERY_LANGUAGE = {language for _, languages, _ in SCRIPTS for language in languages}


def test_this_machine_has_a_font_for_every_script():
    """.ci/run installs them; without them the other tests would find tofu too."""
    assert missing_scripts() == []
    assert fonts_warning() is None


def test_with_every_language_covered_nothing_is_missing():
    assert missing_scripts(EVERY_LANGUAGE) == []


def test_without_east_asian_fonts_chinese_and_japanese_are_missing_with_their_package():
    without = EVERY_LANGUAGE - {"zh-cn", "zh-tw", "ja"}
    assert missing_scripts(without) == [("Chinese", "fonts-wqy-microhei"),
                                        ("Japanese", "fonts-wqy-microhei")]


def test_one_missing_language_is_enough_to_miss_a_script():
    """Simplified Chinese alone does not write the traditional characters of a Taiwanese name."""
    assert [script for script, _ in missing_scripts(EVERY_LANGUAGE - {"zh-tw"})] == ["Chinese"]


def test_with_no_fonts_every_script_is_missing():
    assert [script for script, _ in missing_scripts(set())] == [script for script, _, _ in SCRIPTS]


def test_the_warning_names_the_scripts_and_the_command_that_installs_them():
    warning = fonts_warning(EVERY_LANGUAGE - {"ar", "he", "ja"})
    assert "Arabic, Hebrew, Japanese" in warning
    assert "empty boxes" in warning
    assert warning.endswith("apt-get install --no-install-recommends fonts-dejavu-core fonts-wqy-microhei")


def test_without_fontconfig_the_warning_says_fonts_cannot_be_checked(monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert "fc-list is missing" in fonts_warning()
