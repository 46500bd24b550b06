"""environment.yml and pyproject.toml list the same packages with the same pins."""
from __future__ import annotations

import re
import tomllib

from analysis import paths

REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(==|>=|<=|~=)?\s*([^\s;#]*)")


def _norm(spec: str) -> tuple[str, str]:
    match = REQ.match(spec)
    assert match, f"cannot parse requirement {spec!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, f"{match.group(3) or ''}{match.group(4) or ''}"


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return dict(_norm(s) for s in specs)


def environment_requirements() -> dict[str, str]:
    """The conda dependencies of environment.yml (a plain YAML list, parsed without PyYAML)."""
    lines = (paths.ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("dependencies:")
    specs = []
    for line in lines[start + 1:]:
        if line and not line.startswith(" "):
            break
        item = re.match(r"^  - (\S.*)$", line)
        if item and not item.group(1).rstrip().endswith(":"):
            specs.append(item.group(1).split("#")[0].strip())
    return dict(_norm(s) for s in specs if not s.startswith(("python", "pip")))


def test_environment_matches_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_every_dependency_is_pinned_exactly():
    assert all(pin.startswith("==") for pin in pyproject_requirements().values())


def test_textstat_is_pinned_to_an_offline_version():
    # 0.7.9 and newer download NLTK's cmudict at first use; 0.7.5-0.7.8 work offline
    assert pyproject_requirements()["textstat"] in {"==0.7.5", "==0.7.6", "==0.7.7", "==0.7.8"}


def test_environment_installs_the_package_itself():
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- -e \.\s*$", text, re.MULTILINE)
