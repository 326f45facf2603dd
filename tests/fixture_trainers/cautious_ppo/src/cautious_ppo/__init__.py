"""A small working trainer plugin used by mlplugin's own tests (verify, list, --host)."""
