"""Re-encrypt the protected names register under the first key in WAGTAIL_COC_ENCRYPTION_KEYS.

To rotate keys:

1. Generate a key: ``python -c "from cryptography.fernet import Fernet;
   print(Fernet.generate_key().decode())"``.
2. Put it FIRST in WAGTAIL_COC_ENCRYPTION_KEYS, keeping the old key after it, and deploy.
3. Run ``manage.py coc_rotate_keys``.
4. Remove the old key from WAGTAIL_COC_ENCRYPTION_KEYS and deploy again.
"""

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils.translation import ngettext

from wagtail_coc.transparency import encryption
from wagtail_coc.transparency.models import ProtectedName

ENCRYPTED_FIELDS = ("value", "note")


class Command(BaseCommand):
    help = (
        "Re-encrypt every protected name with the first key in WAGTAIL_COC_ENCRYPTION_KEYS, "
        "so older keys can then be removed."
    )

    def handle(self, *args, **options):
        # Cast to a plain text field reads the stored tokens without decrypting them.
        raw = {f"raw_{name}": Cast(name, models.TextField()) for name in ENCRYPTED_FIELDS}
        rotated = 0
        with transaction.atomic():
            rows = ProtectedName.objects.select_for_update().annotate(**raw)
            for pk, *tokens in rows.values_list("pk", *raw):
                # Value() expressions bypass the field's encryption on the way back in.
                updates = {
                    name: models.Value(encryption.rotate(token), output_field=models.TextField())
                    for name, token in zip(ENCRYPTED_FIELDS, tokens, strict=True)
                    if token
                }
                ProtectedName.objects.filter(pk=pk).update(**updates)
                rotated += 1
            others = encryption.keys_rotating.send(sender=self.__class__)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Re-encrypted %(count)d protected name with the first key.",
                    "Re-encrypted %(count)d protected names with the first key.",
                    rotated,
                )
                % {"count": rotated}
            )
        )
        for _receiver, line in others:
            self.stdout.write(self.style.SUCCESS(line))
