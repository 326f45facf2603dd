"""What the ``mlplugin`` command shows on a terminal: text, colour and progress.

The library returns data (reports, findings, plugins); these modules turn it into text
for :mod:`scaffold.cli` alone. ``verify_text`` renders verify's progress and report,
``env_text`` the results of ``list`` and ``doctor``. Nothing else imports them.
"""
