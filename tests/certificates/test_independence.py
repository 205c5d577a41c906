"""Certificates and the PDF machinery work on plain data: no Flask, no database, no platform."""
import subprocess
import sys
from pathlib import Path

import tenants

REPOSITORY = Path(tenants.__file__).parent.parent


def test_importing_certificates_loads_neither_flask_nor_the_database_nor_the_platform():
    code = ("import sys, tenants.certificates.signing, tenants.pdfs; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'saas', 'peewee')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPOSITORY).stdout
    assert out.strip() == "[]"
