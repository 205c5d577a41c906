"""The phase engine is plain logic over plain data: the standard library only, no Flask, no database,
no platform, and no other part of the product (so that it can be recomputed anywhere)."""
import ast
import subprocess
import sys
from pathlib import Path

import tenants.phases

PHASES = Path(tenants.phases.__file__).parent


def imports(path):
    """(module, level) of every import in a file; level 0 is absolute, 1 is from this package."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


def test_the_engine_imports_only_the_standard_library_and_itself():
    for path in PHASES.glob("*.py"):
        for module, level in imports(path):
            if level:
                assert level == 1, f"{path.name} reaches outside tenants/phases: from {'.' * level}{module}"
            else:
                assert module.split(".")[0] in sys.stdlib_module_names, f"{path.name} imports {module}"


def test_importing_the_engine_loads_neither_flask_nor_peewee_nor_the_platform_nor_other_tenant_parts():
    code = ("import sys, tenants.phases; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'peewee', 'saas', 'werkzeug', 'jinja2') or m.startswith('tenants.') and not m.startswith('tenants.phases')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=PHASES.parent.parent).stdout
    assert out.strip() == "[]"
