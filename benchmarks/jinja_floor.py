"""The floor: render every template file with plain jinja2. argv: TEMPLATE OUT CONTEXT.json

Plain jinja2 has no ``{% now %}`` tag (cookiecutter adds it), so the one use, the
copyright year, is substituted before rendering. A file whose name renders empty (the
template's conditional ``setup.py``) is skipped, as cookiecutter and copier do.
"""

import datetime
import json
import re
import sys
from pathlib import Path

from jinja2 import Environment

template, out = Path(sys.argv[1]), Path(sys.argv[2])
answers = json.loads(Path(sys.argv[3]).read_text(encoding="utf-8"))
ctx, year = {"cookiecutter": answers}, str(datetime.datetime.now(datetime.timezone.utc).year)
sys.path.insert(0, str(template))  # the template's own local_extensions.py
env = Environment(keep_trailing_newline=True, extensions=["local_extensions.TomlExtension"])  # noqa: S701
for src in sorted(template.glob("{{cookiecutter.project_name}}/**/*")):
    rel = env.from_string(src.relative_to(template).as_posix()).render(ctx) if src.is_file() else ""
    if rel and not rel.endswith("/") and "__pycache__" not in src.parts:
        dest = out / rel
        text = re.sub(r"\{%\s*now\s+'utc',\s*'%Y'\s*%\}", year, src.read_text(encoding="utf-8"))
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(env.from_string(text).render(ctx), encoding="utf-8")
