"""The product declares its parts in one place (tenants.product); the platform hosts what it declares."""
import ast
from pathlib import Path

from saas import create_app
from saas.control import Consultancy
from saas.tenancy import TENANT_PREFIX
from tenants.product import PRODUCT

TENANTS = Path(__file__).resolve().parents[2] / "tenants"


def blueprints_made_in_the_product():
    """(module, variable) of every `x = Blueprint(...)` under tenants/."""
    for path in TENANTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    getattr(node.value.func, "id", None) == "Blueprint":
                module = ".".join(path.relative_to(TENANTS.parent).with_suffix("").parts)
                yield module, node.targets[0].id


def test_every_blueprint_of_the_product_is_declared_in_tenants_product():
    made = {(module, name) for module, name in blueprints_made_in_the_product()}
    declared = {(bp.import_name, "bp") for bp in PRODUCT.blueprints}
    assert made == declared


def test_every_declared_page_is_mounted_under_the_tenant_prefix(app):
    for blueprint in PRODUCT.blueprints:
        rules = [rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith(blueprint.name + ".")]
        assert rules and all(rule.startswith(TENANT_PREFIX + "/") for rule in rules), blueprint.name


def test_the_platform_mounts_no_product_view_by_hand():
    """saas/ never imports a product view module: it hosts tenants.product."""
    platform = TENANTS.parent / "saas"
    for path in platform.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tenants"):
                names = {alias.name for alias in node.names}
                assert not node.module.endswith("views") and "views" not in names, (path.name, node.module)


def test_two_apps_with_two_configurations_live_in_one_process(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path / "one")})
    second = create_app({"INSTANCE_PATH": str(tmp_path / "two")})
    with first.app_context():
        Consultancy.create(name="Only in the first")
    with second.app_context():
        assert Consultancy.select().count() == 0
    with first.app_context():
        assert Consultancy.select().count() == 1
    assert first.extensions["jobs"].huey is not second.extensions["jobs"].huey
    assert Path(first.extensions["jobs"].huey.storage.filename).parent == tmp_path / "one"
