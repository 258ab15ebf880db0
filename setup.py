"""Build hook: the kit's notebooks, templates and samples travel inside the wheel.

The design card keeps ``notebooks/``, ``templates/`` and ``data/samples/`` at the top of
the repository. A wheel copies them into ``kpi_analysis/_bundled/``, where
``kpi_analysis.kit`` finds them through ``importlib.resources``; an editable install
(``pip install -e .``) reads them where they are. Everything else is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: folder inside kpi_analysis/_bundled/ -> folder of the repository
BUNDLED = {"notebooks": "notebooks", "templates": "templates", "samples": "data/samples"}
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


class BuildWithKitFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "kpi_analysis" / "_bundled"
        for name, source in BUNDLED.items():
            shutil.copytree(source, target / name, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithKitFiles})
