# wagtail-coc: its apps go just above "wagtail" (wagtail_coc.transparency must come before it)
# and below your own apps, so a custom base page app (WAGTAIL_PAGE_MODEL) loads first.
_wagtail = INSTALLED_APPS.index("wagtail")
INSTALLED_APPS[_wagtail:_wagtail] = [
    "wagtail_coc",
    "wagtail_coc.transparency",
    "wagtail_coc.acceptance",
    "wagtail_coc.signage",
    "wagtail.contrib.settings",
]
WAGTAIL_COC_BASE_TEMPLATE = "base.html"  # your site's base template
WAGTAIL_COC_DEFAULT_REGION = "US"  # how phone numbers without a country code are read
# WAGTAIL_COC_ENCRYPTION_KEYS comes from the environment variable of the same name.
