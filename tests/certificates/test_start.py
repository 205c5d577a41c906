"""At start, a machine without fonts for some script says so once, naming the packages; with
them, it says nothing. A stand-in `fc-list` on the PATH plays the machine's fontconfig."""
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TWICE = ("from saas import create_app\n"
               "for n in range(2):\n"
               "    create_app({'INSTANCE_PATH': %r, 'SECRET_KEY': 'test-secret'})\n")


def start_with_fonts(tmp_path, languages):
    """stderr of a process that builds the app twice, where fontconfig knows only `languages`."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fc_list = bin_folder / "fc-list"
    fc_list.write_text(f"#!/bin/sh\nprintf '%s\\n' '{'|'.join(languages)}'\n")
    fc_list.chmod(fc_list.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    code = START_TWICE % str(tmp_path / "instance")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True).stderr


def test_missing_fonts_are_named_once_at_start(tmp_path):
    latin_only = ["en", "fr", "de", "pl", "cs", "tr", "vi", "ru", "uk", "bg", "el", "ar", "fa", "he"]
    warnings = [line for line in start_with_fonts(tmp_path, latin_only).splitlines() if "PDFs:" in line]
    assert len(warnings) == 1
    assert "no installed font writes Chinese, Japanese" in warnings[0]
    assert "apt-get install --no-install-recommends fonts-wqy-microhei" in warnings[0]


def test_with_every_font_nothing_is_said(tmp_path):
    every = ["fr", "de", "pl", "cs", "tr", "vi", "ru", "uk", "bg", "el", "ar", "fa", "he", "zh-cn", "zh-tw", "ja"]
    assert "PDFs:" not in start_with_fonts(tmp_path, every)
