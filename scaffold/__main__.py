"""``python -m scaffold`` runs the ``mlplugin`` command."""

from scaffold.cli import main

main()
