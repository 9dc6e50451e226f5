"""Django glue around the pure scanner in ``wagtail_coc.privacy``: what to scan (``extract``),
what was found (``findings``), refusing to publish it (``guards``) and masking it in page
history (``redaction``)."""
