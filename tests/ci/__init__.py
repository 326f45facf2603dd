"""Tests of the pre-commit hook, the GitHub Action and the workflows mlplugin ships."""
