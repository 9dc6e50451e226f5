"""Run inside a fresh ``wagtail start`` site (``manage.py shell < render_coc_page.py``): add a
Code of Conduct page under the home page, render it, and check it sits in the site's layout.

Exits non-zero, naming what is missing, when it does not."""

import datetime
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from wagtail_coc.models import CodeOfConductPage

home = Site.objects.get(is_default_site=True).root_page
page = CodeOfConductPage(
    title="Code of Conduct",
    slug="code-of-conduct",
    version_label="1.0",
    effective_date=datetime.date(2027, 1, 1),
    body=[("section", {"heading": "Be kind", "body": "<p>Everyone is welcome.</p>"})],
)
home.add_child(instance=page)
page.save_revision().publish()

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
client = Client()
anonymous = client.get(page.url)
html = anonymous.content.decode()
project = settings.ROOT_URLCONF.split(".")[0]
expected = {
    "status 200": anonymous.status_code == 200,
    "the site's stylesheet (its base.html)": f"css/{project}.css" in html,
    "the site's script (its base.html)": f"js/{project}.js" in html,
    "wagtail-coc's stylesheet in extra_css": "wagtail_coc/css/coc.css" in html,
    "one <main> landmark": html.count("<main") == 1,
    "the skip link": 'class="coc-skip-link" href="#main"' in html,
    "the page's content": "Be kind" in html and "coc-document" in html,
}
admin = get_user_model().objects.create_superuser("adopter", "adopter@example.org", "pw")
client.force_login(admin)
expected["the Wagtail userbar for editors"] = "wagtail-userbar" in client.get(page.url).text

missing = [what for what, ok in expected.items() if not ok]
if missing:
    print("Missing from the rendered Code of Conduct page:", ", ".join(missing))
    print(html[:3000])
    sys.exit(1)
print(f"Code of Conduct page renders in the site's layout: {', '.join(expected)}")
