"""Registering a trainer in ``get_trainer_types()`` by editing its source, or refusing to.

``mlplugin add trainer`` adds one entry to each of the two dictionaries the registration
function returns, and imports the two classes. These cases show where the edit lands for
each shape the function can take, and that any other shape is refused with the exact lines
to add by hand (:class:`~scaffold.CannotEditRegistration`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold import CannotEditRegistration
from scaffold._trainer_registration import Registration, edited_registration, registered_types

GENERATED_INIT = """def get_trainer_types():
    from .settings import MySettings
    from .trainer import TRAINER_TYPE, MyTrainer

    trainers = {
        TRAINER_TYPE: MyTrainer,
    }
    settings = {
        TRAINER_TYPE: MySettings,
    }
    return trainers, settings
"""
REGISTRATIONS = [
    pytest.param(
        GENERATED_INIT.replace("TRAINER_TYPE: MyTrainer,", "TRAINER_TYPE: MyTrainer,  # mine"),
        'TRAINER_TYPE: MyTrainer,  # mine\n        "ac": AcTrainer,\n    }',
        id="comment-stays-on-its-line",
    ),
    pytest.param(
        GENERATED_INIT,
        'trainers = {\n        TRAINER_TYPE: MyTrainer,\n        "ac": AcTrainer,\n',
        id="generated",
    ),
    pytest.param(
        "def get_trainer_types():\n"
        "    from .trainer import TRAINER_TYPE, MyTrainer, MySettings\n"
        "    return {TRAINER_TYPE: MyTrainer}, {TRAINER_TYPE: MySettings}\n",
        '    return {TRAINER_TYPE: MyTrainer, "ac": AcTrainer}, '
        '{TRAINER_TYPE: MySettings, "ac": AcSettings}\n',
        id="inline-return",
    ),
    pytest.param(
        "def get_trainer_types():\n    return {}, {}\n",
        "    from .ac.settings import AcSettings\n    from .ac.trainer import AcTrainer\n\n"
        '    return {"ac": AcTrainer}, {"ac": AcSettings}\n',
        id="empty-no-imports",
    ),
    pytest.param(
        "import os\n\n\ndef get_trainer_types():\n    import os.path\n    from .t import T, S\n"
        "    return {'t': T}, {'t': S}\n",
        "    import os.path\n    from .t import T, S\n    from .ac.settings import AcSettings\n",
        id="other-imports-appended",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REGISTRATIONS)
def test_registration_edit(tmp_path: Path, source: str, expected: str) -> None:
    """The entries and imports land where a person would put them, in the file's style."""
    edited = edited_registration(
        tmp_path / "__init__.py", source, Registration("ac", "AcTrainer", "AcSettings", "ac")
    ).decode()
    assert expected in edited
    assert registered_types(edited) is not None
    assert all("ac" in keys for keys in registered_types(edited) or ())


NOT_EDITABLE = [
    pytest.param("def get_trainer_types(:\n", "not valid Python", id="syntax-error"),
    pytest.param(
        "def register():\n    return {}, {}\n", "defines no get_trainer_types", id="no-function"
    ),
    pytest.param(
        "def get_trainer_types():\n    return build()\n", "does not return a pair", id="call"
    ),
    pytest.param(
        "def get_trainer_types():\n    return TRAINERS, SETTINGS\n",
        "other than two literal dictionaries",
        id="module-level-dicts",
    ),
    pytest.param("def get_trainer_types():\n    pass\n", "no return statement", id="no-return"),
]


@pytest.mark.parametrize(("source", "reason"), NOT_EDITABLE)
def test_registration_that_cannot_be_edited_shows_the_lines(
    tmp_path: Path, source: str, reason: str
) -> None:
    """Anything but the recognised shapes is refused with the exact lines to add by hand."""
    with pytest.raises(CannotEditRegistration) as caught:
        edited_registration(
            tmp_path / "__init__.py", source, Registration("ac", "AcTrainer", "AcSettings", "ac")
        )
    assert reason in caught.value.reason
    text = str(caught.value)
    assert "from .ac.trainer import AcTrainer" in text
    assert '"ac": AcSettings,  # in the settings dictionary' in text
